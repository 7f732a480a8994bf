"""The DuckDB store: transactional writes, every query filter, the read-only guard, exports."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from policytext.records import Actor, Label, Milestone, Record, SectorMention
from policytext.store import Store
from policytext.store.database import StoreError
from policytext.store.views import export_store


def record(
    doc_id: str,
    clusters: list[str],
    pillars: list[str],
    actors: list[tuple[str, str]],
    milestones: list[tuple[str, str, str, str | None]],
    sectors: list[str],
    text: str,
) -> Record:
    return Record(
        id=doc_id,
        source=f"/docs/{doc_id}.txt",
        language="nl",
        title=f"Titel {doc_id}",
        clusters=[Label(c, 0.9) for c in clusters],
        pillars=[Label(p, 0.8) for p in pillars],
        actors=[Actor(name, name, role, 0, 5) for name, role in actors],
        milestones=[
            Milestone(value, value, "year", None, status, 10, 14, "zin", start, end)
            for value, start, end, status in milestones
        ],
        sectors=[SectorMention(s, s, ["C10"], 20, 25) for s in sectors],
        content_hash=f"hash-{doc_id}",
        text=text,
    )


RECORDS = [
    record("a", ["flux50"], ["innovatie"], [("VLAIO", "overheid"), ("KU Leuven", "kennisinstelling")],
           [("2013", "2013-01-01", "2013-12-31", "DONE")], ["energie"], "Een circulair energieproject."),
    record("b", ["flux50", "vil"], ["economie"], [("VLAIO", "overheid")],
           [("2016", "2016-01-01", "2016-12-31", "PLANNED")], ["logistiek", "voeding"], "Vrachtwagens op stroom."),
    record("c", ["flanders_food"], ["innovatie"], [("Fevia", "bedrijfsleven"), ("KU Leuven", "kennisinstelling")],
           [("2012-Q4", "2012-10-01", "2012-12-31", "DONE")], ["voeding"], "Voeding en logistiek samen."),
]  # fmt: skip


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "results.duckdb"
    with Store(path) as store:
        store.write(RECORDS, run_id="test")
        store.write([Record.failed("d", "/docs/d.txt", "/docs/d.txt: no text in document")], run_id="test")
    return path


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["a", "b", "c"]),
        ({"cluster": "flux50"}, ["a", "b"]),
        ({"pillar": "innovatie"}, ["a", "c"]),
        ({"actor": "vlaio"}, ["a", "b"]),
        ({"role": "kennisinstelling"}, ["a", "c"]),
        ({"actor": "KU Leuven", "role": "kennisinstelling", "cluster": "flux50"}, ["a"]),
        ({"sector": "voeding"}, ["b", "c"]),
        ({"date_from": "2013", "date_to": "2014"}, ["a"]),
        ({"date_to": 2012}, ["c"]),
        ({"status": "done"}, ["a", "c"]),
        ({"date_from": "2012", "status": "PLANNED"}, ["b"]),
        ({"text": "CIRCULAIR"}, ["a"]),
        ({"cluster": "flux50", "pillar": "innovatie", "actor": "VLAIO", "role": "overheid", "sector": "energie",
          "date_from": 2012, "date_to": 2014, "status": "DONE", "text": "circulair"}, ["a"]),
    ],
)  # fmt: skip
def test_every_filter(store_path: Path, filters: dict[str, object], expected: list[str]) -> None:
    with Store(store_path, read_only=True) as store:
        assert list(store.documents(**filters)["doc_id"]) == expected  # type: ignore[arg-type]


def test_views_return_dataframes(store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        actors = store.actors(cluster="flux50")
        assert isinstance(actors, pd.DataFrame)
        assert actors.set_index("canonical").loc["VLAIO", "documents"] == 2
        assert set(store.timeline(cluster="flux50")["value"]) == {"2013", "2016"}
        pairs = store.cooccurrence()
        assert ("KU Leuven", "VLAIO", 1) in set(pairs.itertuples(index=False, name=None))
        matrix = store.sector_cluster_matrix()
        assert matrix.loc["voeding", "flanders_food"] == 1 and matrix.loc["voeding", "vil"] == 1


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM documents",
        "INSERT INTO runs (run_id, started) VALUES ('x', now())",
        "CREATE TABLE evil AS SELECT 1",
        "ATTACH 'other.duckdb' AS other",
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY documents TO 'leak.csv'",
        "SET enable_external_access = true",
        "INSTALL httpfs",
    ],
)
def test_sql_is_read_only(store_path: Path, statement: str) -> None:
    with Store(store_path, read_only=True) as store, pytest.raises(StoreError, match="refused or failed"):
        store.sql(statement)
    with Store(store_path, read_only=True) as store:
        assert len(store.sql("SELECT * FROM documents")) == 4


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)


class FailingConnection:
    """A connection whose INSERT INTO actors fails, as a full disk would."""

    def __init__(self, con: object) -> None:
        self.con = con

    def execute(self, query: str, *args: object) -> object:
        if query.startswith("INSERT INTO actors"):
            raise RuntimeError("disk full")
        return self.con.execute(query, *args)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.con, name)


def test_write_is_transactional(store_path: Path) -> None:
    changed = record("a", ["vil"], [], [("Voka", "bedrijfsleven")], [], [], "nieuw")
    with Store(store_path) as store:
        real = store.con
        store.con = FailingConnection(real)  # type: ignore[assignment]
        with pytest.raises(RuntimeError, match="disk full"):
            store.write([changed])
        store.con = real
        # The old document is still there, whole: its labels and actors were not touched.
        assert list(store.documents(cluster="flux50")["doc_id"]) == ["a", "b"]
        assert set(store.sql("SELECT canonical FROM actors WHERE doc_id = 'a'")["canonical"]) == {"VLAIO", "KU Leuven"}


def test_rewriting_a_document_replaces_it(store_path: Path) -> None:
    with Store(store_path) as store:
        store.write([record("a", ["vil"], [], [], [], [], "nieuw")])
        assert store.sql("SELECT count(*) AS n FROM documents WHERE doc_id = 'a'")["n"][0] == 1
        assert list(store.documents(cluster="vil")["doc_id"]) == ["a", "b"]
        assert store.sql("SELECT count(*) AS n FROM actors WHERE doc_id = 'a'")["n"][0] == 0


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "xlsx"])
def test_exports(store_path: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    with Store(store_path, read_only=True) as store:
        assert export_store(store, out, fmt) == 4
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [r["id"] for r in rows] == ["a", "b", "c", "d"]
        assert rows[0]["clusters"] == [{"label": "flux50", "score": 0.9}]
    elif fmt == "xlsx":
        sheets = pd.read_excel(out, sheet_name=None)
        assert set(sheets) == {"documents", "predictions", "actors", "milestones", "sectors"}
        assert len(sheets["documents"]) == 4
    else:
        frame = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
        assert list(frame["id"]) == ["a", "b", "c", "d"]
        assert json.loads(frame["clusters"][1])[1]["label"] == "vil"
