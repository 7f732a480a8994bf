"""The command line end to end, on a folder with good and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policytext.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def in_tmp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default store (results.duckdb) lands in a temporary folder, not the repository."""
    monkeypatch.chdir(tmp_path)


DUTCH = "De Vlaamse Regering keurde op 9 juni 2017 het clusterpact met Catalisti goed. VLAIO volgt de uitvoering op."


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "goed.txt").write_text(DUTCH, encoding="utf-8")
    (folder / "sub" / "ook goed.md").write_text("# Titel\n\n" + DUTCH, encoding="utf-8")
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "binair.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "kapot.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / "english.txt").write_text(
        "The Flemish Government approved the cluster pact with the chemistry cluster today.", encoding="utf-8"
    )
    (folder / "foto.png").write_bytes(b"\x89PNG....")
    return folder


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_one_line_per_input_errors_included(mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["classify", str(mixed_folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = {Path(r["source"]).name: r for r in read_jsonl(out)}
    assert len(records) == 7
    assert records["goed.txt"]["status"] == "ok"
    assert records["ook goed.md"]["status"] == "ok"
    assert {a["canonical"] for a in records["goed.txt"]["actors"]} >= {"Vlaamse Regering", "Catalisti", "VLAIO"}
    assert records["goed.txt"]["milestones"][0]["value"] == "2017-06-09"
    assert records["goed.txt"]["base_pipeline"].startswith("nl_")
    expected_errors = {
        "leeg.txt": "empty",
        "binair.txt": "binary",
        "kapot.pdf": "kapot.pdf",
        "english.txt": "not Dutch",
        "foto.png": "unsupported",
    }
    for name, fragment in expected_errors.items():
        assert records[name]["status"] == "error"
        assert fragment in records[name]["error"]
    assert records["english.txt"]["language"] == "en"
    assert "documents: 7" in result.output and "errors: 5" in result.output


def test_exit_code_when_nothing_could_be_processed(tmp_path: Path) -> None:
    (tmp_path / "leeg.txt").write_bytes(b"")
    result = runner.invoke(app, ["classify", str(tmp_path), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert len(read_jsonl(tmp_path / "o.jsonl")) == 1


def test_stdin_plain_lines_and_jsonl(tmp_path: Path) -> None:
    lines = (
        DUTCH + "\n" + json.dumps({"id": "doc-7", "text": DUTCH}) + "\n" + json.dumps({"id": "leeg", "text": ""}) + "\n"
    )
    out = tmp_path / "o.jsonl"
    result = runner.invoke(app, ["classify", "-", "--out", str(out)], input=lines)
    assert result.exit_code == 0, result.output
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["stdin:1", "doc-7", "leeg"]
    assert [r["status"] for r in records] == ["ok", "ok", "error"]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_other_formats(mixed_folder: Path, tmp_path: Path, fmt: str) -> None:
    import pandas as pd

    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["classify", str(mixed_folder), "--out", str(out), "--format", fmt])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
    assert len(frame) == 7
    assert set(frame["status"]) == {"ok", "error"}


def test_missing_base_pipeline_is_a_clear_error(mixed_folder: Path) -> None:
    result = runner.invoke(app, ["classify", str(mixed_folder), "--spacy-model", "nl_nothing_sm"])
    assert result.exit_code == 2
    assert "spacy download" in result.output


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("classify", "info", "train", "evaluate", "query", "export"):
        assert command in result.output
        assert runner.invoke(app, [command, "--help"]).exit_code == 0


@pytest.mark.parametrize("option", ["--workers", "--resume", "--db", "--engine", "--no-extract", "--max-bytes"])
def test_classify_help_documents_its_options(option: str) -> None:
    assert option in runner.invoke(app, ["classify", "--help"], terminal_width=200).output


def test_labels_only_mode_needs_no_spacy(mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "labels.jsonl"
    result = runner.invoke(app, ["classify", str(mixed_folder / "goed.txt"), "--no-extract", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (record,) = read_jsonl(out)
    assert record["status"] == "ok" and record["base_pipeline"] is None
    assert record["actors"] == record["milestones"] == record["sectors"] == []
    assert "catalisti" in [c["label"] for c in record["clusters"]]
