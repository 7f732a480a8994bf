"""The DuckDB store: transactional writes per batch, filters and analyst views as DataFrames.

Writes replace a document as a whole (same ``doc_id``) inside one transaction per batch, so a
crash never leaves half a document. Queries opened with ``read_only=True`` also get DuckDB's
``enable_external_access=false`` (no reading or writing files, no ATTACH, no extensions) and a
locked configuration: ``policytext query --sql`` cannot change anything.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from policytext.errors import PolicytextError
from policytext.records import Record

TABLES = ("documents", "predictions", "actors", "milestones", "sectors")
COLUMNS = {
    "documents": (
        "doc_id", "source", "content_hash", "status", "error", "language", "title", "doc_date", "n_chars",
        "base_pipeline", "model", "run_id", "text",
    ),
    "predictions": ("doc_id", "label_set", "label", "score"),
    "actors": ("doc_id", "position", "canonical", "role", "surface", "start_char", "end_char"),
    "milestones": (
        "doc_id", "position", "value", "granularity", "date_start", "date_end", "mod", "status", "surface",
        "sentence", "start_char", "end_char",
    ),
    "sectors": ("doc_id", "position", "sector", "nace", "surface", "start_char", "end_char"),
}  # fmt: skip


class StoreError(PolicytextError):
    """The store cannot be opened or a query is refused."""


def _year_bound(value: str | int | None, end: bool) -> dt.date | None:
    """ "2012" is 2012-01-01 as a lower bound and 2012-12-31 as an upper one; full dates pass."""
    if value is None or value == "":
        return None
    text = str(value)
    if len(text) == 4 and text.isdigit():
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise StoreError(f"not a year or ISO date: {text!r}") from exc


class Store:
    """A policytext result database. ``Store(path)`` opens (and creates) it for writing;
    ``Store(path, read_only=True)`` for queries only."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        try:
            if read_only:
                if not self.path.is_file():
                    raise StoreError(f"{self.path}: no such database")
                self.con = duckdb.connect(
                    str(self.path),
                    read_only=True,
                    config={"enable_external_access": False, "lock_configuration": True},
                )
            else:
                # A writer needs little cache; small checkpoints keep a long run's memory flat.
                self.con = duckdb.connect(
                    str(self.path), config={"threads": 1, "memory_limit": "64MB", "checkpoint_threshold": "4MB"}
                )
                self.con.execute(resources.files("policytext.store").joinpath("schema.sql").read_text(encoding="utf-8"))
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from exc

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------
    def start_run(self, base_pipeline: str | None, model: str | None, arguments: Sequence[str]) -> str:
        import spacy

        from policytext import __version__

        run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        self.con.execute(
            "INSERT INTO runs (run_id, started, policytext_version, spacy_version, base_pipeline, model, arguments) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None), __version__, spacy.__version__, base_pipeline, model,
             json.dumps(list(arguments))],
        )  # fmt: skip
        return run_id

    def finish_run(
        self,
        run_id: str,
        documents: int,
        ok: int,
        errors: int,
        base_pipeline: str | None = None,
        model: str | None = None,
    ) -> None:
        self.con.execute(
            "UPDATE runs SET finished = ?, documents = ?, ok = ?, errors = ?, "
            "base_pipeline = coalesce(?, base_pipeline), model = coalesce(?, model) WHERE run_id = ?",
            [dt.datetime.now(dt.UTC).replace(tzinfo=None), documents, ok, errors, base_pipeline, model, run_id],
        )

    def write(self, records: Sequence[Record], run_id: str | None = None) -> None:
        """Replace these documents and everything extracted from them, in one transaction."""
        if not records:
            return
        rows = _rows(records, run_id)
        ids = pd.DataFrame({"doc_id": [r.id for r in records]})
        self.con.begin()
        try:
            self.con.register("batch_ids", ids)
            # Only documents already stored (a re-run, a changed file) need their old rows
            # removed; the primary-key lookup spares a scan of every table for each batch.
            ((stored,),) = self.con.execute(
                "SELECT count(*) FROM documents WHERE doc_id IN (SELECT doc_id FROM batch_ids)"
            ).fetchall()
            for table in TABLES:
                if stored:
                    self.con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM batch_ids)")
                frame = pd.DataFrame(rows[table], columns=list(COLUMNS[table]))
                if not frame.empty:
                    self.con.register("batch_rows", frame)
                    columns = ", ".join(COLUMNS[table])
                    self.con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM batch_rows")
                    self.con.unregister("batch_rows")
            self.con.unregister("batch_ids")
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise

    def finished(self) -> dict[str, str | None]:
        """doc_id -> content hash of every document in the store (what a resumed run skips)."""
        return dict(self.con.execute("SELECT doc_id, content_hash FROM documents").fetchall())

    # -- queries -------------------------------------------------------------------------
    def sql(self, query: str) -> pd.DataFrame:
        try:
            return self.con.execute(query).df()
        except duckdb.Error as exc:
            raise StoreError(f"query refused or failed: {exc}") from exc

    def documents(
        self,
        cluster: str | None = None,
        pillar: str | None = None,
        actor: str | None = None,
        role: str | None = None,
        sector: str | None = None,
        date_from: str | int | None = None,
        date_to: str | int | None = None,
        status: str | None = None,
        text: str | None = None,
    ) -> pd.DataFrame:
        """Documents that match every given filter, with their labels and entity counts.

        ``date_from``/``date_to``/``status`` filter on milestones: a document matches when one
        of its milestones overlaps the period and has the status.
        """
        where: list[str] = ["d.status = 'ok'"]
        params: list[object] = []

        def exists(table: str, conditions: list[tuple[str, list[object]]]) -> None:
            alias = table[0]
            clause = " AND ".join(sql for sql, _ in conditions)
            where.append(f"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.doc_id = d.doc_id AND {clause})")
            params.extend(value for _, values in conditions for value in values)

        for label_set, label in (("clusters", cluster), ("pillars", pillar)):
            if label:
                exists("predictions", [("p.label_set = ? AND p.label = ?", [label_set, label])])
        actor_conditions: list[tuple[str, list[object]]] = []
        if actor:
            actor_conditions.append(("(lower(a.canonical) = lower(?) OR lower(a.surface) = lower(?))", [actor, actor]))
        if role:
            actor_conditions.append(("a.role = ?", [role]))
        if actor_conditions:
            exists("actors", actor_conditions)
        if sector:
            exists("sectors", [("s.sector = ?", [sector])])
        start, end = _year_bound(date_from, end=False), _year_bound(date_to, end=True)
        milestone_conditions: list[tuple[str, list[object]]] = []
        if start:
            milestone_conditions.append(("m.date_end >= ?", [start]))
        if end:
            milestone_conditions.append(("m.date_start <= ?", [end]))
        if status:
            milestone_conditions.append(("m.status = ?", [status.upper()]))
        if milestone_conditions:
            exists("milestones", milestone_conditions)
        if text:
            where.append("(d.text ILIKE '%' || ? || '%' OR d.title ILIKE '%' || ? || '%')")
            params += [text, text]
        query = f"""
            SELECT d.doc_id, d.source, d.title, d.doc_date,
                   (SELECT string_agg(label, ';' ORDER BY score DESC) FROM predictions p
                     WHERE p.doc_id = d.doc_id AND p.label_set = 'clusters') AS clusters,
                   (SELECT string_agg(label, ';' ORDER BY score DESC) FROM predictions p
                     WHERE p.doc_id = d.doc_id AND p.label_set = 'pillars') AS pillars,
                   (SELECT count(*) FROM actors a WHERE a.doc_id = d.doc_id) AS actors,
                   (SELECT count(*) FROM milestones m WHERE m.doc_id = d.doc_id) AS milestones
            FROM documents d
            WHERE {" AND ".join(where)}
            ORDER BY d.doc_id
        """
        return self.con.execute(query, params).df()

    def actors(self, cluster: str | None = None, role: str | None = None) -> pd.DataFrame:
        """Actors with the number of documents they occur in, per cluster of those documents."""
        where, params = ["1 = 1"], []
        if cluster:
            where.append("p.label = ?")
            params.append(cluster)
        if role:
            where.append("a.role = ?")
            params.append(role)
        return self.con.execute(
            f"""
            SELECT p.label AS cluster, a.canonical, a.role, count(DISTINCT a.doc_id) AS documents
            FROM actors a JOIN predictions p ON p.doc_id = a.doc_id AND p.label_set = 'clusters'
            WHERE {" AND ".join(where)}
            GROUP BY ALL ORDER BY cluster, documents DESC, a.canonical
            """,
            params,
        ).df()

    def timeline(self, cluster: str | None = None) -> pd.DataFrame:
        """Milestones of documents labelled with a cluster, in date order."""
        where, params = ["m.value IS NOT NULL"], []
        if cluster:
            where.append("p.label = ?")
            params.append(cluster)
        return self.con.execute(
            f"""
            SELECT p.label AS cluster, m.value, m.granularity, m.date_start, m.date_end, m.mod, m.status,
                   m.sentence, m.doc_id
            FROM milestones m JOIN predictions p ON p.doc_id = m.doc_id AND p.label_set = 'clusters'
            WHERE {" AND ".join(where)}
            ORDER BY m.date_start, cluster, m.doc_id
            """,
            params,
        ).df()

    def cooccurrence(self, min_documents: int = 1) -> pd.DataFrame:
        """Pairs of actors named in the same documents, with the number of such documents."""
        return self.con.execute(
            """
            WITH named AS (SELECT DISTINCT doc_id, canonical FROM actors)
            SELECT a.canonical AS actor_a, b.canonical AS actor_b, count(*) AS documents
            FROM named a JOIN named b ON a.doc_id = b.doc_id AND a.canonical < b.canonical
            GROUP BY ALL HAVING count(*) >= ? ORDER BY documents DESC, actor_a, actor_b
            """,
            [min_documents],
        ).df()

    def sector_cluster_matrix(self) -> pd.DataFrame:
        """Documents per sector (rows) and cluster (columns)."""
        long = self.con.execute(
            """
            SELECT s.sector, p.label AS cluster, count(DISTINCT s.doc_id) AS documents
            FROM sectors s JOIN predictions p ON p.doc_id = s.doc_id AND p.label_set = 'clusters'
            GROUP BY ALL
            """
        ).df()
        if long.empty:
            return long
        return long.pivot_table(index="sector", columns="cluster", values="documents", fill_value=0).astype(int)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every document as a record dict (GUIDELINES §4 shape), for export."""
        children: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for table in ("predictions", "actors", "milestones", "sectors"):
            frame = self.con.execute(f"SELECT * FROM {table} ORDER BY doc_id").df()
            for row in frame.to_dict("records"):
                children.setdefault(row.pop("doc_id"), {}).setdefault(table, []).append(row)
        documents = self.con.execute("SELECT * EXCLUDE (text) FROM documents ORDER BY doc_id").df()
        for document in documents.to_dict("records"):
            parts = children.get(document["doc_id"], {})
            predictions = parts.get("predictions", [])
            yield {
                "id": document["doc_id"],
                **{k: _plain_value(v) for k, v in document.items() if k != "doc_id"},
                "clusters": [
                    {"label": p["label"], "score": p["score"]} for p in predictions if p["label_set"] == "clusters"
                ],
                "pillars": [
                    {"label": p["label"], "score": p["score"]} for p in predictions if p["label_set"] == "pillars"
                ],
                "actors": [{k: _plain_value(v) for k, v in a.items()} for a in parts.get("actors", [])],
                "milestones": [{k: _plain_value(v) for k, v in m.items()} for m in parts.get("milestones", [])],
                "sectors": [{k: _plain_value(v) for k, v in s.items()} for s in parts.get("sectors", [])],
            }


def _plain_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if hasattr(value, "tolist"):
        return value.tolist()
    if value is pd.NaT:
        return None
    return value


def _rows(records: Sequence[Record], run_id: str | None) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in TABLES}
    for r in records:
        rows["documents"].append(
            (r.id, r.source, r.content_hash, r.status, r.error, r.language, r.title,
             dt.date.fromisoformat(r.date) if r.date else None, r.n_chars, r.base_pipeline, r.model, run_id,
             r.text)
        )  # fmt: skip
        for label_set, labels in (("clusters", r.clusters), ("pillars", r.pillars)):
            rows["predictions"].extend((r.id, label_set, label.label, label.score) for label in labels)
        rows["actors"].extend((r.id, i, a.canonical, a.role, a.text, a.start, a.end) for i, a in enumerate(r.actors))
        rows["milestones"].extend(
            (r.id, i, m.value, m.granularity, _date(m.date_start), _date(m.date_end), m.mod, m.status, m.text,
             m.sentence, m.start, m.end)
            for i, m in enumerate(r.milestones)
        )  # fmt: skip
        rows["sectors"].extend(
            (r.id, i, s.sector, list(s.nace), s.text, s.start, s.end) for i, s in enumerate(r.sectors)
        )
    return rows


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
