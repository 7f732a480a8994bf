"""One reader per file format. Each returns a :class:`Document` or raises a typed error."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from policytext.errors import (
    BinaryContentError,
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    UnsupportedFormatError,
)
from policytext.io.cleaning import clean_text
from policytext.records import Document

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Files larger than this are refused before they are read (``--max-bytes``)."""
DEFAULT_MAX_CHARS = 2_000_000
"""Texts longer than this after clean-up are refused (``--max-chars``); shorter long texts are
analysed in sections."""

_DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
_TEXT_ENCODINGS = ("utf_8", "cp1252", "latin_1", "utf_16", "utf_16_le", "utf_16_be")


def decode_text(data: bytes, source: str) -> str:
    """Decode bytes of a plain-text file: UTF-8 (with or without BOM), UTF-16, cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data[:200_000], cp_isolation=list(_TEXT_ENCODINGS)).best()
        encoding = best.encoding if best is not None else "cp1252"
        text = data.decode(encoding, errors="replace")
    if _looks_binary(text):
        raise BinaryContentError(source, "more than 10% control or replacement characters")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    return bad / len(sample) > 0.10


def read_text_file(path: Path, source: str) -> Document:
    text = decode_text(path.read_bytes(), source)
    return _document(path, source, text, fmt=path.suffix.lstrip(".").lower() or "txt")


def read_html(path: Path, source: str) -> Document:
    import trafilatura

    raw = decode_text(path.read_bytes(), source)
    result = trafilatura.bare_extraction(
        raw, include_comments=False, include_tables=True, favor_recall=True, with_metadata=True
    )
    extracted: dict[str, Any] = {}
    if isinstance(result, dict):
        extracted = result
    elif result is not None:
        extracted = result.as_dict()
    text = extracted.get("text") or ""
    title = extracted.get("title")
    date = _parse_iso_date(extracted.get("date"))
    if not text.strip():
        text = _html_body_text(raw)
    return _document(path, source, text, fmt="html", title=title, date=date)


class _VisibleText(HTMLParser):
    """Text outside scripts, styles and page furniture, read as a stream: no tree is built,
    so any nesting depth works (libxml2-based parsers drop text below 256 levels)."""

    SKIP = frozenset({"script", "style", "nav", "header", "footer", "noscript", "aside", "form", "template"})
    BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _html_body_text(raw: str) -> str:
    """Visible text of pages that trafilatura finds no article in (short or odd pages)."""
    parser = _VisibleText()
    parser.feed(raw)
    parser.close()
    return "".join(parser.parts)


def read_pdf(path: Path, source: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedDocumentError(source, "password required")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except FileNotDecryptedError as exc:
        raise EncryptedDocumentError(source, str(exc)) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise CorruptDocumentError(source, f"PDF: {exc}") from exc
    if not "".join(pages).strip():
        raise EmptyDocumentError(source, f"PDF of {len(pages)} page(s) without a text layer (scanned?)")
    text = "\n\n".join(drop_repeated_lines(pages))
    title = str(info.title) if info is not None and info.title else None
    return _document(path, source, text, fmt="pdf", title=title, date=_pdf_creation_date(info))


def _pdf_creation_date(info: Any) -> dt.date | None:
    """The PDF's creation date; malformed date strings in the metadata count as absent."""
    try:
        created = info.creation_date if info is not None else None
    except (ValueError, TypeError):
        return None
    return created.date() if created is not None else None


def drop_repeated_lines(pages: list[str]) -> list[str]:
    """Remove running headers and footers: lines on more than half of the pages (3+ pages)."""
    if len(pages) < 3:
        return pages
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        counts.update(set(lines[:2] + lines[-2:]))
    repeated = {line for line, n in counts.items() if n > len(pages) / 2}
    return ["\n".join(line for line in page.splitlines() if line.strip() not in repeated) for page in pages]


def read_docx(path: Path, source: str) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
            if total > _DOCX_MAX_UNCOMPRESSED:
                raise DocumentTooLargeError(source, f"DOCX unpacks to {total:,} bytes")
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise CorruptDocumentError(source, f"DOCX: {exc}") from exc
    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append("".join(node.text or "" for node in child.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row
                        if cell.tag.endswith("}tc")
                    ]
                    blocks.append(" | ".join(cells))
    props = document.core_properties
    created = props.created.date() if props.created else None
    return _document(path, source, "\n".join(blocks), fmt="docx", title=props.title or None, date=created)


READERS: dict[str, Callable[[Path, str], Document]] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".md": read_text_file,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}
SUPPORTED_SUFFIXES = frozenset(READERS)


def read_path(path: str | Path, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file into a cleaned :class:`Document`, choosing the reader by suffix."""
    path = Path(path)
    source = source or str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormatError(source, f"suffix {path.suffix or '(none)'!r}; supported: {sorted(READERS)}")
    if not path.is_file():
        raise UnsupportedFormatError(source, "not a regular file (a folder, pipe, device or broken link)")
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentTooLargeError(source, f"{size:,} bytes > limit {max_bytes:,}")
    if size == 0:
        raise EmptyDocumentError(source, "file is empty")
    return reader(path, source)


def document_from_text(text: str, id: str, source: str, title: str | None = None) -> Document:
    """A document from a string (stdin lines, JSONL inputs, the Python API)."""
    cleaned = clean_text(text)
    if not cleaned:
        raise EmptyDocumentError(source, "text is empty after clean-up")
    return Document(id=id, source=source, text=cleaned, title=title, format="text", date=find_dateline(cleaned))


def _document(
    path: Path, source: str, text: str, fmt: str, title: str | None = None, date: dt.date | None = None
) -> Document:
    cleaned = clean_text(text)
    if not cleaned:
        raise EmptyDocumentError(source, "no text after clean-up")
    return Document(
        id=source,
        source=source,
        text=cleaned,
        title=title or _first_line_title(cleaned),
        date=date or find_dateline(cleaned),
        format=fmt,
    )


def _first_line_title(text: str) -> str | None:
    first = text.split("\n", 1)[0].strip()
    return first if 0 < len(first) <= 150 else None


def _parse_iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


HEADER_LINES = 5
HEADER_LINE_CHARS = 250


_SENTENCE_INSIDE = re.compile(r"[\w)][.!?]\s+[A-Z][a-z]+\s")


def is_header_line(line: str) -> bool:
    """A dateline, masthead or "Datum:" line rather than a sentence: short, no full stop at
    its end or inside it (a wrapped line of prose: "... in Vlaanderen. Het clusterpact dat we op")."""
    return (
        len(line) <= HEADER_LINE_CHARS
        and not line.rstrip().endswith((".", "!", "?"))
        and not _SENTENCE_INSIDE.search(line)
    )


@cache
def _dateline_prefix() -> re.Pattern[str]:
    """What may stand before the date on a dateline: "Brussel,", "DE KUSTKRANT –", "vrijdag",
    "Laatst bijgewerkt op", "Datum:"."""
    from policytext.nlp.timex import vocabulary

    weekday = "|".join(vocabulary()["weekdays"])
    return re.compile(
        rf"^(?:[A-Z][\w'’. -]{{0,40}},|.{{0,60}}[|–—]|(?:laatst\s+)?(?:bijgewerkt|gewijzigd|gepubliceerd)(?:\s+op)?:?"
        rf"|publicatiedatum:?|datum:?)?\s*(?:(?:{weekday})\s*)?$",
        re.I,
    )


def find_dateline(text: str) -> dt.date | None:
    """The document's own date: the receipt date of an answer to a parliamentary question
    ("Antwoord ontvangen op 14 maart 2019"); else the first exact date in its header, i.e. in
    one of the first five non-empty lines that is a dateline, masthead or "Datum:" line (short,
    no full stop) ("Brussel, 9 juni 2017", "DE KUSTKRANT – vrijdag 6 april 2018", "Schriftelijke
    vraag nr. 87 van 2 oktober 2013"), but not the end of a period; else the first line
    elsewhere that is only a dateline ("Gent, 12 mei 2020." under a report, "Laatst bijgewerkt
    op 14 maart 2019" under a web page). Relative dates ("volgend jaar") are resolved against it."""
    from policytext.nlp.timex import find_timexes

    lines = [line for line in text.split("\n") if line.strip()]
    for line in lines:
        if _ANSWER_RECEIVED.match(line):  # an answer to a parliamentary question is dated by its receipt
            answer_dates = [t for t in find_timexes(line) if t.granularity == "day" and t.value]
            if answer_dates:
                return dt.date.fromisoformat(str(answer_dates[0].value))
    for line, timex in _header_timexes(lines):
        if timex.granularity == "day" and timex.value and timex.mod is None and not _in_range(line, timex):
            return dt.date.fromisoformat(timex.value)
    for line in lines[:HEADER_LINES]:  # a press release: "Leuven, 13 december 2022 – De leden hebben vandaag ..."
        lead = _LEAD_DATELINE.match(line)
        if lead:
            lead_dates = [t for t in find_timexes(lead.group("date")) if t.granularity == "day" and t.value]
            if lead_dates:
                return dt.date.fromisoformat(str(lead_dates[0].value))
    for line in lines[HEADER_LINES:]:
        if len(line) > 80 or not any(ch.isdigit() for ch in line):
            continue
        for timex in find_timexes(line):
            if timex.granularity == "day" and timex.value and is_dateline(line, timex.start, timex.end):
                return dt.date.fromisoformat(timex.value)
    return None


_LEAD_DATELINE = re.compile(r"^[A-Z][\w'’. -]{0,40},\s*(?P<date>[^–—-]{6,40}?)\s*[–—-]\s+\S")
_ANSWER_RECEIVED = re.compile(r"^\W*(?:antwoord\s+)?ontvangen\s+op\b", re.I)
_RANGE_BEFORE = re.compile(r"(?:periode|tot|t/m|(?<![.,\d])\d+\s*[-–])\s*:?\s*$", re.I)
_RANGE_AFTER = re.compile(r"\s*(?:[-–]|tot|t/m)\s*\d")
_NUMBER_BEFORE = re.compile(r"\b(?:versie|v|nr\.?|nummer|editie)\s*\d+\s*[-–]\s*$", re.I)  # "Versie 2 - 15/12/2020"


def _in_range(line: str, timex: Any) -> bool:
    """ "rapporteringsperiode 01/04/2020 - 30/09/2020": the ends of a period, not a dateline."""
    before = line[: timex.start]
    return bool(
        (_RANGE_BEFORE.search(before) and not _NUMBER_BEFORE.search(before)) or _RANGE_AFTER.match(line, timex.end)
    )


def find_masthead_period(text: str) -> dt.date | None:
    """The first day of the month, season or quarter a masthead names ("LOGISTIEK MAGAZINE –
    april 2019", "NIEUWSBRIEF nr. 3 - najaar 2013"), for a header without an exact date: what
    relative and year-less dates ("volgende maand", "in december") refer to. Not the
    document's date, which stays unknown."""
    lines = [line for line in text.split("\n") if line.strip()]
    for _, timex in _header_timexes(lines):
        if timex.granularity in {"month", "season", "quarter"} and timex.date_start and timex.mod is None:
            return dt.date.fromisoformat(timex.date_start)
    return None


def find_reference_date(text: str) -> dt.date | None:
    """What relative dates in ``text`` refer to when nothing else is known: its dateline, else
    the start of the period its masthead names (as ``classify`` does for a plain text)."""
    return find_dateline(text) or find_masthead_period(text)


def _header_timexes(lines: list[str]) -> Iterator[tuple[str, Any]]:
    """The date expressions of the header lines (datelines, mastheads) among the first
    HEADER_LINES non-empty ``lines``, with their line."""
    from policytext.nlp.timex import find_timexes

    for line in lines[:HEADER_LINES]:
        if is_header_line(line):
            for timex in find_timexes(line):
                yield line, timex


def is_dateline(line: str, start: int, end: int) -> bool:
    """Whether ``line[start:end]``, a date, is all there is on the line besides a place, a
    weekday or a "Laatst bijgewerkt op" label: the date of the document, not of an event."""
    return not line[end:].strip(" .") and bool(_dateline_prefix().match(line[:start].strip()))
