"""Batch runs: worker processes, per-document errors, long documents, resume after a kill."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from policytext.analysis import Analyzer, split_sections
from policytext.batch.inputs import InputItem, list_inputs
from policytext.batch.runner import AnalyzerConfig, BatchRunner
from policytext.io.readers import document_from_text
from policytext.records import Record
from policytext.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "docs"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def corpus_folder(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:n]:
        shutil.copy(path, folder / path.name)
    return folder


@Language.component("explode_on_boom")
def explode_on_boom(doc: Doc) -> Doc:
    if "BOOM" in doc.text:
        raise RuntimeError("component failure")
    return doc


def test_a_failing_document_does_not_lose_the_batch(analyzer: Analyzer) -> None:
    analyzer.nlp.add_pipe("explode_on_boom", first=True)
    try:
        texts = ["De Vlaamse Regering steunt VIL.", "Dit document zegt BOOM tegen de pijplijn.", "VLAIO steunt Flux50."]
        documents = [document_from_text(t, id=str(i), source=f"doc{i}") for i, t in enumerate(texts)]
        records = list(analyzer.analyse(documents))
    finally:
        analyzer.nlp.remove_pipe("explode_on_boom")
    assert [r.status for r in records] == ["ok", "error", "ok"]
    assert "doc1: internal error" in (records[1].error or "")
    assert records[2].actors and records[2].actors[0].canonical == "VLAIO"


def test_long_document_is_split_into_sections_with_true_offsets() -> None:
    paragraph = "Mijlpaal 2013: het Agentschap Innoveren & Ondernemen keurt de steun goed (Q3-2013).\n\n"
    text = (
        "Inleiding over de voedingsindustrie.\n\n" + paragraph * 60 + "Tegen eind 2020 volgt een evaluatie door VLAIO."
    )
    sections = split_sections(text, 1500)
    assert len(sections) > 3 and "".join(part for _, part in sections) == text
    analyzer = Analyzer(section_chars=1500)
    (record,) = analyzer.analyse([document_from_text(text, id="long", source="long")])
    assert record.status == "ok"
    for mention in [*record.actors, *record.milestones, *record.sectors]:
        assert text[mention.start : mention.end] == mention.text
    assert sum(a.canonical == "VLAIO" for a in record.actors) == 61
    assert record.milestones[-1].value == "2020" and record.milestones[-1].mod == "END"


def test_two_workers_give_the_same_records_as_one(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path, 24)
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "binair.txt").write_bytes(bytes(range(256)) * 10)
    items = list(list_inputs([str(folder)]))

    def run(workers: int) -> list[dict]:
        records: list[Record] = []
        BatchRunner(AnalyzerConfig(), workers=workers, chunk_size=4).run(items, records.extend)
        return [r.to_dict() for r in records]

    single, double = run(1), run(2)
    assert len(double) == len(items) == 26
    assert double == single
    assert sum(r["status"] == "error" for r in double) == 2


@pytest.mark.parametrize(
    ("attempts", "size", "expected"),
    [(0, 3, [(3, 1)]), (1, 3, [(1, 1), (1, 1), (1, 1)]), (1, 1, [(1, 2)]), (2, 1, [(1, 3)])],
)
def test_retry_policy_after_a_worker_death(attempts: int, size: int, expected: list[tuple[int, int]]) -> None:
    chunk = [InputItem(id=str(i), source=str(i)) for i in range(size)]
    assert [(len(c), a) for c, a in BatchRunner._after_failure(chunk, attempts)] == expected


def classify_command(folder: Path, out: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "policytext", "classify", str(folder), "--out", str(out), "--db", str(db),
            "--workers", "1", "--no-progress", *extra]  # fmt: skip


def test_resume_after_sigkill_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path, 64)
    out, db = tmp_path / "out.jsonl", tmp_path / "results.duckdb"
    process = subprocess.Popen(classify_command(folder, out, db), stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 16:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be killed; use more documents"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    written_before = out.read_text(encoding="utf-8").count("\n")
    assert 16 <= written_before < 64

    subprocess.run(classify_command(folder, out, db, "--resume"), check=True, stderr=subprocess.DEVNULL)
    resumed = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in resumed) == sorted(str(p) for p in folder.glob("*.txt"))
    with Store(db, read_only=True) as store:
        assert store.sql("SELECT count(*) AS n, count(DISTINCT doc_id) AS d FROM documents").iloc[0].tolist() == [
            64,
            64,
        ]

    reference_out = tmp_path / "reference.jsonl"
    subprocess.run(
        classify_command(folder, reference_out, tmp_path / "ref.duckdb"), check=True, stderr=subprocess.DEVNULL
    )
    reference = [json.loads(line) for line in reference_out.read_text(encoding="utf-8").splitlines()]
    assert sorted(resumed, key=lambda r: r["id"]) == sorted(reference, key=lambda r: r["id"])

    # Nothing left to do: a second resume skips everything; a changed file is processed again.
    changed = sorted(folder.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nNieuwe alinea over VLAIO.", encoding="utf-8")
    result = subprocess.run(classify_command(folder, out, db, "--resume"), check=True, capture_output=True, text=True)
    assert "documents: 1 " in result.stderr and "skipped (already done): 63" in result.stderr
