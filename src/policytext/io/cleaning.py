"""Text clean-up that real documents need before any NLP.

Every step maps text to text; offsets in the output refer to the cleaned text, which
``--include-text`` writes out next to the results.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u00ad": "",  # soft hyphen
        "\u200b": "",  # zero-width space
        "\ufeff": "",
    }
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BULLET_GLYPHS = "\u2022\u25aa\u25ab\u25cf\u25e6\u2023\u2043\u00b7\u25a0\u25a1\u27a2\u2713\uf0b7\uf0a7"
_BULLET = re.compile(rf"^[ \t]*(?:[{_BULLET_GLYPHS}]|[*\u2013\u2014-](?=\s))[ \t]*", re.M)
_PAGE_FURNITURE = re.compile(
    r"^[ \t]*(?:(?:pagina|blz\.?|page|p\.)\s*\d+(?:\s*(?:van|/|of)\s*\d+)?|-\s*\d+\s*-|\d+\s*/\s*\d+)[ \t]*$",
    re.I | re.M,
)
# A word broken at a line end: "situ-\neren". Lower-case continuation means a broken word.
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_]{2})-[ \t]*\n[ \t]*(?=([^\W\d_]+))")
# Words after which a line-end hyphen is an elision ("kust- en havenbeleid"), not a break.
_ELISION_NEXT = {"en", "of", "tot", "noch", "als"}
_SPACES = re.compile(r"[ \t\f\v]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def normalise_characters(text: str) -> str:
    """NFC, straight quotes, no soft hyphens, zero-width or control characters."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", text)


def join_hyphenated(text: str) -> str:
    """Join words hyphenated across a line break.

    "situ-\\neren" becomes "situeren"; "Oost-\\nVlaanderen" keeps its hyphen
    ("Oost-Vlaanderen"); "kust-\\nen havenbeleid" keeps the elision hyphen and a space.
    """

    def repl(match: re.Match[str]) -> str:
        following = match.group(1)
        if following.lower() in _ELISION_NEXT:
            return "- "
        if following[0].isupper():
            return "-"
        return ""

    return _HYPHEN_BREAK.sub(repl, text)


def strip_bullets(text: str) -> str:
    return _BULLET.sub("", text)


def strip_page_furniture(text: str) -> str:
    """Remove lines that are only a page number ("Pagina 3 van 7", "- 3 -", "3/7")."""
    return _PAGE_FURNITURE.sub("", text)


def normalise_whitespace(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def clean_text(text: str) -> str:
    """The full clean-up, in the order that keeps each step's assumptions true."""
    text = normalise_characters(text)
    text = strip_page_furniture(text)
    text = strip_bullets(text)
    text = join_hyphenated(text)
    return normalise_whitespace(text)
