"""Hostile input: 30+ kinds of bad files in one batch with good documents.

Every input must give exactly one record, with a clear error or a correct result, and the good
documents must come out right. Run through the real command line, with two worker processes.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from policytext.cli import app

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
GOOD = {"cat-001.txt": "catalisti", "bluemed-001.txt": "blauwe_cluster", "fluxfood-040.txt": "flanders_food"}
DUTCH = "De Vlaamse Regering keurde op 9 juni 2017 het clusterpact met Catalisti goed. VLAIO volgt de uitvoering op. "


def pdf_bytes(text: str | None = None, image: bool = False) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    if text:
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    if image:
        from PIL import Image

        picture = io.BytesIO()
        Image.new("RGB", (60, 40), (200, 30, 30)).save(picture, format="PNG")
        pdf.image(picture, x=10, y=10, w=60)
    return bytes(pdf.output())


def docx_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (250 * 1024 * 1024))
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(DUTCH))))
    writer.encrypt(user_password="geheim", owner_password="eigenaar")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def build_hostile_folder(root: Path) -> dict[str, str | None]:
    """Write every bad input; return file name -> expected error (a regular expression; None: must succeed)."""
    root.mkdir()
    expected: dict[str, str | None] = {}

    def put(name: str, data: bytes | str, error: str | None) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        expected[name] = error

    put("empty.txt", b"", "no text in document")
    put("whitespace.txt", " \n\t \n" * 100, "no text in document")
    put("binary.txt", os.urandom(20_000), "binary content")
    put("nul-bytes.txt", (DUTCH + "\0\0") * 5, None)
    put("invalid-utf8.txt", DUTCH.encode() + b"\xff\xfe\xc3\x28 " + DUTCH.encode(), None)
    put("cp1252.txt", (DUTCH + "Café coöperatie é ë ’").encode("cp1252"), None)
    put("utf16.txt", (DUTCH * 3).encode("utf-16"), None)
    put("truncated.pdf", pdf_bytes(DUTCH * 20)[:600], "corrupt or truncated file|without a text layer")
    put("encrypted.pdf", encrypted_pdf(), "encrypted document")
    put("image-only.pdf", pdf_bytes(image=True), "without a text layer")
    put("not-a-pdf.pdf", b"GIF89a this is no pdf at all", "corrupt or truncated file")
    put("corrupt.docx", b"PK\x03\x04 definitely not a zip", "corrupt or truncated file")
    put("zip-bomb.docx", zip_bomb(), "larger than the configured limit")
    scripts = "<html><head><script>var a = 1;</script></head><body><script>alert(1)</script></body></html>"
    put("scripts-only.html", scripts, "no text")
    put("deeply-nested.html", "<div>" * 5000 + DUTCH * 3 + "</div>" * 5000, None)
    put("big.txt", b"a" * (21 * 1024 * 1024), "larger than the configured limit")
    put("one-long-line.txt", "woord" * 500_000 + " " + "x" * 2_000_000, "over the limit")
    put("mixed-nl-fr.txt", DUTCH * 3 + " Le gouvernement flamand a approuvé le pacte avec Catalisti.", None)
    put("english.txt", "The Flemish Government approved the cluster pact with the chemistry cluster. " * 5, "not Dutch")
    put(
        "french.txt",
        "Le gouvernement flamand a approuvé aujourd'hui le pacte de cluster pour la chimie. " * 5,
        "not Dutch",
    )
    put("german.txt", "Die flämische Regierung hat heute den Clusterpakt für die Chemie genehmigt. " * 5, "not Dutch")
    put("gibberish.txt", "qxz vbnm wrtp zzkq plmn bvcx qwrt yxcv " * 20, "not Dutch")
    put("numbers.txt", "12 345 678 90 1234 5678 " * 50, "not Dutch")
    table = "| Actie | Status |\n|---|---|\n| Clusterpact Catalisti | Gerealiseerd |\n| Evaluatie VLAIO | Op schema |\n"
    put("table-only.md", table, None)
    put("pad met spaties é ü/document ñ.txt", DUTCH, None)
    put("photo.png", b"\x89PNG\r\n\x1a\n" + os.urandom(500), "unsupported file type")
    put("no-suffix", DUTCH, "unsupported file type")
    put("good.docx", docx_bytes(DUTCH * 2), None)
    put("good.pdf", pdf_bytes(DUTCH * 2), None)
    put("control-chars.txt", DUTCH + "\x07\x1b[31m" + DUTCH, None)
    put("only-punctuation.txt", "!!! ??? ... --- *** ,,, ;;; " * 30, "not Dutch")
    loop = root / "loop.txt"
    loop.symlink_to(loop)
    expected["loop.txt"] = "not a regular file"
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    expected["dangling.txt"] = "not a regular file"
    fifo = root / "pipe.txt"
    os.mkfifo(fifo)
    expected["pipe.txt"] = "not a regular file"
    (root / "folder-loop").symlink_to(root, target_is_directory=True)  # must not be followed
    for name in GOOD:
        (root / name).write_text((CORPUS / name).read_text(encoding="utf-8"), encoding="utf-8")
        expected[name] = None
    return expected


@pytest.mark.slow
def test_hostile_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    expected = build_hostile_folder(tmp_path / "in")
    assert len(expected) >= 34
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["classify", str(tmp_path / "in"), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_name = {str(Path(r["source"]).relative_to(tmp_path / "in")): r for r in records}
    assert len(records) == len(by_name) == len(expected), sorted(set(by_name) ^ set(expected))
    for name, error in expected.items():
        record = by_name[name]
        if error is None:
            assert record["status"] == "ok", (name, record["error"])
        else:
            assert record["status"] == "error", (name, record)
            assert re.search(error, record["error"]), (name, record["error"])
            assert name.split("/")[-1] in record["error"], "the error names the file"
    for name, cluster in GOOD.items():
        assert cluster in [c["label"] for c in by_name[name]["clusters"]], name
    assert by_name["mixed-nl-fr.txt"]["language"] == "nl"
    assert by_name["english.txt"]["language"] == "en"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    secret = tmp_path / "in" / "secret.txt"
    secret.write_text(DUTCH, encoding="utf-8")
    secret.chmod(0)
    out = tmp_path / "out.jsonl"
    CliRunner().invoke(app, ["classify", str(tmp_path / "in"), "--out", str(out), "--no-db"])
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["status"] == "error" and "cannot read file" in record["error"]
