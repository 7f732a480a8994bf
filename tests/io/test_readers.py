"""Each reader on real files made on the fly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from policytext.errors import (
    BinaryContentError,
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    UnsupportedFormatError,
)
from policytext.io.readers import drop_repeated_lines, find_dateline, find_masthead_period, read_path

DUTCH = "De Vlaamse Regering keurde het clusterpact met Catalisti goed. De samenwerking loopt tot 2027."


def make_pdf(path: Path, pages: list[str], title: str | None = None) -> Path:
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def test_pdf_text_layer_and_title(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "nota.pdf", [DUTCH], title="Conceptnota clusterbeleid")
    document = read_path(path)
    assert "clusterpact met Catalisti" in document.text
    assert document.title == "Conceptnota clusterbeleid"
    assert document.format == "pdf"


def test_pdf_running_headers_removed(tmp_path: Path) -> None:
    pages = [f"Jaarverslag VLAIO 2017\nInhoud van pagina {i} over innovatie.\nVertrouwelijk" for i in range(1, 5)]
    document = read_path(make_pdf(tmp_path / "jaarverslag.pdf", pages))
    assert "Jaarverslag VLAIO 2017" not in document.text
    assert "Inhoud van pagina 3 over innovatie." in document.text


def test_drop_repeated_lines_keeps_short_documents() -> None:
    assert drop_repeated_lines(["a\nb", "a\nc"]) == ["a\nb", "a\nc"]


def test_encrypted_pdf(tmp_path: Path) -> None:
    plain = make_pdf(tmp_path / "plain.pdf", [DUTCH])
    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.encrypt(user_password="geheim", owner_password="eigenaar")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(EncryptedDocumentError, match="locked.pdf"):
        read_path(path)


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer garbage")
    with pytest.raises((CorruptDocumentError, EmptyDocumentError), match="kapot.pdf"):
        read_path(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    full = make_pdf(tmp_path / "full.pdf", [DUTCH * 5]).read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(full[: len(full) // 3])
    with pytest.raises((CorruptDocumentError, EmptyDocumentError), match="half.pdf"):
        read_path(path)


def test_docx_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Actieplan"
    document.core_properties.created = dt.datetime(2013, 3, 8, 10, 0)
    document.add_paragraph(DUTCH)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Actie"
    table.cell(0, 1).text = "Status"
    table.cell(1, 0).text = "Clusterpact"
    table.cell(1, 1).text = "Gerealiseerd"
    path = tmp_path / "actieplan.docx"
    document.save(str(path))
    read = read_path(path)
    assert read.text.startswith("De Vlaamse Regering")
    assert "Clusterpact | Gerealiseerd" in read.text
    assert read.title == "Actieplan"
    assert read.date == dt.date(2013, 3, 8)


def test_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "stuk.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip archive")
    with pytest.raises(CorruptDocumentError, match="stuk.docx"):
        read_path(path)


def test_html_main_text_without_navigation_or_script(tmp_path: Path) -> None:
    path = tmp_path / "pagina.html"
    path.write_text(
        "<html><head><title>Flux50 lanceert oproep</title><script>var geheim = 'trackingcode';</script></head>"
        "<body><nav><a href='/'>Home</a> <a href='/menu'>Menuknop</a></nav>"
        f"<article><h1>Flux50 lanceert oproep</h1><p>{DUTCH}</p><p>{DUTCH}</p></article>"
        "<footer>Cookiebeleid</footer></body></html>",
        encoding="utf-8",
    )
    document = read_path(path)
    assert "clusterpact met Catalisti" in document.text
    assert "trackingcode" not in document.text
    assert "Menuknop" not in document.text
    assert document.title == "Flux50 lanceert oproep"


@pytest.mark.parametrize(
    ("encoded", "name"),
    [
        ("Café-overleg over de coöperatie en Flanders’ FOOD".encode("cp1252"), "cp1252.txt"),
        ("Café-overleg over de coöperatie".encode("utf-8-sig"), "bom.txt"),
        ("Café-overleg over de coöperatie".encode("utf-16"), "utf16.txt"),
        ("Café-overleg over de coöperatie".encode("latin-1"), "latin1.md"),
    ],
)
def test_text_encodings(tmp_path: Path, encoded: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(encoded)
    assert read_path(path).text.startswith("Café-overleg over de coöperatie")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "leeg.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocumentError, match="leeg.txt"):
        read_path(path)


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "spaties.txt"
    path.write_text(" \n\t\n  ", encoding="utf-8")
    with pytest.raises(EmptyDocumentError, match="spaties.txt"):
        read_path(path)


def test_binary_file_with_txt_name(tmp_path: Path) -> None:
    path = tmp_path / "foto.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(BinaryContentError, match="foto.txt"):
        read_path(path)


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "tabel.xlsx"
    path.write_bytes(b"data")
    with pytest.raises(UnsupportedFormatError, match="tabel.xlsx"):
        read_path(path)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "groot.txt"
    path.write_text(DUTCH * 100, encoding="utf-8")
    with pytest.raises(DocumentTooLargeError, match="groot.txt"):
        read_path(path, max_bytes=1000)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Brussel, 9 juni 2017\n\nPersbericht", dt.date(2017, 6, 9)),
        ("Titel\nDatum: 27/05/2011\nTekst", dt.date(2011, 5, 27)),
        ("Gent, vrijdag 9 juni 2017", dt.date(2017, 6, 9)),
        ("Geen datum in de kop, wel in 2017.", None),
        ("Titel\n\nTekst.\n\nMeer.\n\nNog.\n\nEn nog.\n\nLaatst bijgewerkt op 14 maart 2019", dt.date(2019, 3, 14)),
        ("Titel\n\nTekst.\n\nMeer.\n\nNog.\n\nEn nog.\n\nGent, 12 mei 2020.", dt.date(2020, 5, 12)),
        ("Titel\n\nTekst.\n\nMeer.\n\nNog.\n\nEn nog.\n\nDe oproep sluit op 12 mei 2020.", None),
        # an answer to a parliamentary question: the receipt, not the question's date
        ("Schriftelijke vraag nr. 412 van 12 februari 2019\nvan Els Vervaet\n\nAntwoord ontvangen op 14 maart 2019\n",
         dt.date(2019, 3, 14)),
        # the ends of a reporting period are no dateline
        ("VOORTGANGSRAPPORT nr. 3 - rapporteringsperiode 01/04/2020 - 30/09/2020\nProject X", None),
        # a version number is no range
        ("PROJECTPLAN\nVersie 2.1 - 30 november 2022\nSamenvatting", dt.date(2022, 11, 30)),
        # a press release opens its first paragraph with the dateline
        ("PERSBERICHT\nLeuven, 13 december 2022 – De leden stemden vandaag in met de fusie.", dt.date(2022, 12, 13)),
        # a line of wrapped prose is no header line, even without a full stop at its end
        ("VIL | Jaarverslag 2018\nVIL is sinds 2017 speerpuntcluster. Het pact dat we op 9 juni 2017\ntekenden", None),
    ],
)  # fmt: skip
def test_find_dateline(head: str, expected: dt.date | None) -> None:
    assert find_dateline(head) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("LOGISTIEK MAGAZINE - april 2019 - INTERVIEW\n\nTekst.", dt.date(2019, 4, 1)),
        ("NIEUWSBRIEF nr. 3 - najaar 2013\n\nTekst.", dt.date(2013, 9, 1)),
        ("JAARVERSLAG 2017\n\nTekst.", None),  # a year in a title is what the report is about
        ("Tekst zonder kop die in april 2019 begint.", None),
    ],
)
def test_find_masthead_period(head: str, expected: dt.date | None) -> None:
    assert find_masthead_period(head) == expected
