"""Find Dutch date expressions and normalise them to TIMEX3-style values (GUIDELINES §3).

Values: ``2013`` year, ``2012-Q4`` quarter, ``2012-H1`` half year, ``2012-SP`` season,
``2013-06`` month, ``2011-05-27`` day, ``2012/2016`` period; ``mod`` is ``START``, ``END``,
``MID`` or ``None``. Relative expressions ("volgend jaar") resolve against an anchor date and
stay unresolved (``value=None``) without one.

The grammar is a set of core patterns (one per granularity) plus a modifier prefix that is
looked for just before each core match; the Dutch words come from ``data/timex.yaml``.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
NEXT_SEASON = {"SP": "SU", "SU": "FA", "FA": "WI", "WI": "SP"}
VALUE_PATTERN = re.compile(
    r"^(?:\d{4}|\d{4}-Q[1-4]|\d{4}-H[12]|\d{4}-(?:SP|SU|FA|WI)|\d{4}-(?:0[1-9]|1[0-2])"
    r"|\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])|\d{4}/\d{4})$"
)


@dataclass(frozen=True)
class Timex:
    """A date expression found in text, with its normalised value."""

    start: int
    end: int
    text: str
    value: str | None
    granularity: str  # day | month | quarter | half | season | year | period | relative
    mod: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    # The document date placed it: "in juli" took the document's year ("year"), a bare "vrijdag"
    # the last Friday ("week"). Its status (done, planned) may move it by that unit.
    tense_shift: str | None = None

    def shifted(self, steps: int) -> Timex:
        """The same expression ``steps`` of its :attr:`tense_shift` later or earlier: "in
        december", said in February of something already done, is last December; "vrijdag" said
        of what is to come is next Friday."""
        if self.value is None or self.tense_shift is None:
            return self
        if self.tense_shift == "week":
            day = dt.date.fromisoformat(self.value) + dt.timedelta(weeks=steps)
            return dataclasses.replace(
                self, value=day.isoformat(), date_start=day.isoformat(), date_end=day.isoformat(), tense_shift=None
            )
        if "-02-29" in f"{self.date_start}{self.date_end}":
            return self  # a leap day does not move by whole years

        def move(iso: str | None) -> str | None:
            return None if iso is None else f"{int(iso[:4]) + steps:04d}{iso[4:]}"

        return dataclasses.replace(
            self, value=move(self.value), date_start=move(self.date_start), date_end=move(self.date_end),
            tense_shift=None,
        )  # fmt: skip


@cache
def vocabulary() -> dict[str, Any]:
    data = resources.files("policytext.nlp").joinpath("data/timex.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(data)
    return loaded


def _alt(words: list[str] | Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


YEAR = r"(?:19[89]\d|20[0-6]\d)"


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    v = vocabulary()
    month = _alt(v["months"])
    ordinal = _alt(v["ordinals"])
    season = _alt(v["seasons"])
    weekday = _alt(v["weekdays"])
    quarter_word = _alt(v["quarter_words"])
    half_word = _alt(v["half_words"])
    relative = _alt(v["relative"])
    # Year-less months need the written-out name ("juli", not "jul"): the longest name per month.
    names_by_month: dict[int, list[str]] = {}
    for name, number in v["months"].items():
        names_by_month.setdefault(number, []).append(name)
    full_month = _alt(max(names, key=len) for names in names_by_month.values())
    short_month = _alt(name for name in v["months"] if len(name) <= 4 and name not in {"mei", "juni", "juli"})
    # Year-less expressions ("24 september", "eind oktober", "het najaar van volgend jaar") take
    # their year from a relative suffix, a "Mijlpaal YYYY" heading or the document date.
    rel_year = r"(?:\s+(?:van\s+)?(?P<ry>vorig|volgend|dit|komend)\s+jaar)?"
    no_year = r"(?!\s*(?:19|20)\d\d)"
    b, e = r"(?<![\w/.-])", r"(?![\w]|[.,/-]\d)"

    def written_day(n: int) -> str:
        return rf"(?P<d{n}>[0-3]?\d)(?:e|ste|de)?\s+(?P<m{n}>{month})\.?\s+(?P<y{n}>{YEAR})"

    def numeric_day(n: int) -> str:
        return rf"(?P<d{n}>[0-3]?\d)[/.-](?P<m{n}>[01]?\d)[/.-](?P<y{n}>{YEAR})"

    day_range = r"\s*(?:-|–|tot(?:\s+en\s+met)?|t/m)\s*"

    def numeric_month(n: int) -> str:
        return rf"(?P<m{n}>0?[1-9]|1[0-2])/(?P<y{n}>{YEAR})"

    def written_month(n: int) -> str:
        return rf"(?P<m{n}>{month})\.?\s+(?P<y{n}>{YEAR})"

    rules = [
        # "van 1 januari 2012 tot en met 31 december 2016", "1/09/2010 - 31/08/2013": a period of years
        ("period_days", rf"{b}(?:van\s+)?{written_day(1)}{day_range}{written_day(2)}{e}"),
        ("period_days", rf"{b}{numeric_day(1)}{day_range}{numeric_day(2)}{e}"),
        # "04/2018 - 03/2020", "van maart 2013 tot februari 2014": a period of years as well
        ("period_months", rf"{b}{numeric_month(1)}{day_range}{numeric_month(2)}{e}"),
        ("period_months", rf"{b}(?:van\s+)?{written_month(1)}{day_range}{written_month(2)}{e}"),
        ("period", rf"{b}(?:van\s+|tussen\s+)?(?P<y1>{YEAR})\s*(?:-|–|—|/|tot(?:\s+en\s+met)?|en)\s*(?P<y2>{YEAR}){e}"),
        ("day", rf"{b}(?:(?:{weekday})\s+)?(?P<d>[0-3]?\d)(?:e|ste|de)?\s+(?P<m>{month})\.?\s+(?P<y>{YEAR}){e}"),
        ("day_numeric", rf"{b}(?P<d>[0-3]?\d)[/.-](?P<m>[01]?\d)[/.-](?P<y>{YEAR}){e}"),
        ("day_iso", rf"{b}(?P<y>{YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d){e}"),
        ("quarter", rf"{b}(?P<y>{YEAR})[\s/-]*(?:Q|K|kw)(?P<q>[1-4]){e}"),
        ("quarter", rf"{b}(?:Q|K|kw)(?P<q>[1-4])[\s/-]*(?P<y>{YEAR}){e}"),
        ("quarter", rf"{b}(?:Q|K)(?P<q>[1-4])\s*['’](?P<yy>\d\d){e}"),  # "Q2 '15" in notes
        (
            "quarter",
            rf"{b}(?:het\s+)?(?P<o>{ordinal})\s+(?:{quarter_word})\s+(?:van\s+(?:het\s+jaar\s+)?)?(?P<y>{YEAR}){e}",
        ),
        ("half", rf"{b}(?P<y>{YEAR})[\s/-]*(?:H|S)(?P<h>[12]){e}"),
        ("half", rf"{b}(?:H|S)(?P<h>[12])[\s/-]*(?P<y>{YEAR}){e}"),
        ("half", rf"{b}(?:de\s+|het\s+)?(?P<o>{ordinal})\s+(?:{half_word})\s+(?:van\s+)?(?P<y>{YEAR}){e}"),
        # "winter 2022-2023": the season that starts in the first year
        (
            "season",
            rf"{b}(?:het\s+|de\s+)?(?P<s>{season})\s+(?:van\s+)?(?P<y>{YEAR})(?:\s*[-/–]\s*(?:{YEAR}|\d\d))?{e}",
        ),
        ("month", rf"{b}(?P<m>{month})\.?\s+(?P<y>{YEAR}){e}"),
        ("month", rf"{b}(?P<m>0?[1-9]|1[0-2])/(?P<y>{YEAR}){e}"),
        ("month", rf"{b}(?P<m>0[1-9]|1[0-2])\.(?P<y>{YEAR}){e}"),  # "12.2024" in a deliverables table
        (
            "day",
            rf"{b}(?:(?:{weekday})\s+)?(?P<d>[0-3]?\d)(?:e|ste|de)?\s+(?P<m>{full_month}){rel_year}(?:\s+(?:jl|e\.k)\.)?{no_year}{e}",
        ),
        ("day_short", rf"{b}(?P<d>[0-3]?\d)/(?P<m>0?[1-9]|1[0-2]){no_year}(?![\w/]|[.,-]\d)"),
        ("quarter", rf"{b}(?:het\s+)?(?P<o>{ordinal})\s+(?:{quarter_word}){rel_year}{no_year}{e}"),
        ("half", rf"{b}(?:het\s+)?(?P<o>{ordinal})\s+(?:semester|jaarhelft){rel_year}{no_year}{e}"),
        # "na de zomer": the season after it
        ("season_after", rf"{b}na\s+(?:het\s+|de\s+)(?P<s>{season})(?:\s+(?:van\s+)?(?P<y>{YEAR}))?{rel_year}{e}"),
        ("season", rf"{b}(?:het\s+|de\s+)?(?P<s>{season}){rel_year}{no_year}{e}"),
        ("month", rf"{b}(?P<m>{full_month}){rel_year}{no_year}{e}"),
        # "begin feb", "van sept. naar jan. 2012": year-less abbreviations only in lower case ("Jan" is a name)
        ("month", rf"{b}(?-i:(?P<m>{short_month}))\.?{no_year}{e}"),
        ("relative", rf"{b}(?P<r>{relative}){e}"),
        # A bare weekday ("vrijdag", "vorige donderdag"), not the start of a date or a range
        (
            "weekday",
            rf"{b}(?:(?P<wdir>{_alt(v['weekday_directions'])})\s+)?(?P<wd>{weekday})(?:\s+(?P<wsuf>jl|ll|e\.k)\.)?"
            rf"(?!\s*\d|\s*(?:-|–|tot|t/m|en|of)\s*(?:{weekday}))(?![\w-])",
        ),
        ("year", rf"{b}(?P<y>{YEAR}){e}"),
    ]
    return [(name, re.compile(rx, re.I)) for name, rx in rules]


@cache
def _prefix_pattern() -> re.Pattern[str]:
    v = vocabulary()
    mods = [w for words in v["prefix_modifiers"].values() for w in words]
    modifier = rf"(?:(?P<mod>{_alt(mods)})\s+(?:(?:op|in)\s+)?)?"  # "uiterlijk (op)", "tegen"
    position = rf"(?:(?P<pos>{_alt(v['positions'])})\s+)?"  # "eind", "begin van"
    return re.compile(rf"{modifier}(?:(?:het|de)\s+)?{position}$", re.I)


def _iso(year: int, month: int, day: int) -> str:
    return dt.date(year, month, day).isoformat()


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _ordinal(word: str, last: int) -> int:
    value = vocabulary()["ordinals"][word.lower()]
    return last if value == "last" else int(value)


def _year(g: dict[str, str | None], anchor: dt.date | None, default_year: int | None) -> int | None:
    """The year of a match: written out, or from "volgend jaar" and the like, or the context."""
    if g.get("y"):
        return int(str(g["y"]))
    if g.get("yy"):
        return 2000 + int(str(g["yy"]))
    if g.get("ry"):
        if anchor is None:
            return None
        return anchor.year + {"vorig": -1, "volgend": 1, "komend": 1, "dit": 0}[str(g["ry"]).lower()]
    return default_year


def _normalise(
    kind: str, m: re.Match[str], anchor: dt.date | None, default_year: int | None = None, coming: bool = False
) -> tuple[str | None, str, str | None, str | None]:
    """(value, granularity, date_start, date_end) of one core match; ``coming``: a weekday
    after "tegen" or "vanaf" is the next one."""
    v = vocabulary()
    g = m.groupdict()
    if kind == "period":
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 <= y1:
            raise ValueError("not a period")
        return f"{y1}/{y2}", "period", _iso(y1, 1, 1), _iso(y2, 12, 31)
    if kind == "period_days":  # within one year the two days stay two dates
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 <= y1:
            raise ValueError("not a period of years")
        first, last = _iso(y1, _month(g["m1"]), int(g["d1"])), _iso(y2, _month(g["m2"]), int(g["d2"]))
        return f"{y1}/{y2}", "period", first, last
    if kind == "period_months":  # within one year the two months stay two dates
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 <= y1:
            raise ValueError("not a period of years")
        m1, m2 = _month(g["m1"]), _month(g["m2"])
        return f"{y1}/{y2}", "period", _iso(y1, m1, 1), _iso(y2, m2, _month_end(y2, m2))
    if kind.startswith("day"):
        month = _month(g["m"])
        day_year = _year(g, anchor, default_year)
        if day_year is None:
            raise ValueError("no year")
        iso = _iso(day_year, month, int(g["d"]))  # raises ValueError on 31/02
        return iso, "day", iso, iso
    year = _year(g, anchor, default_year)
    if kind == "quarter" and year is not None:
        q = int(g["q"]) if g.get("q") else _ordinal(g["o"], 4)
        if not 1 <= q <= 4:
            raise ValueError("no such quarter")
        return f"{year}-Q{q}", "quarter", _iso(year, 3 * q - 2, 1), _iso(year, 3 * q, _month_end(year, 3 * q))
    if kind == "half" and year is not None:
        h = int(g["h"]) if g.get("h") else _ordinal(g["o"], 2)
        if h not in (1, 2):
            raise ValueError("no such half year")
        return f"{year}-H{h}", "half", _iso(year, 6 * h - 5, 1), _iso(year, 6 * h, _month_end(year, 6 * h))
    if kind == "season" and year is not None:
        return _season(year, v["seasons"][g["s"].lower()])
    if kind == "season_after" and year is not None:
        code = v["seasons"][g["s"].lower()]
        return _season(year + (code == "WI"), NEXT_SEASON[code])
    if kind == "month" and year is not None:
        month = _month(g["m"])
        return f"{year}-{month:02d}", "month", _iso(year, month, 1), _iso(year, month, _month_end(year, month))
    if kind == "year" and year is not None:
        return str(year), "year", _iso(year, 1, 1), _iso(year, 12, 31)
    if kind == "relative":
        return _relative(g["r"].lower(), anchor)
    if kind == "weekday":
        said = g["wdir"] or g["wsuf"]  # "vorige vrijdag", "vrijdag jl."
        direction = int(v["weekday_directions"][said.lower()]) if said else int(coming)
        return _weekday(g["wd"], direction, anchor)
    raise ValueError(f"{kind} without a year")


def _month(text: str) -> int:
    """The month of a name ("maart", "sept.") or a number ("03")."""
    name = text.lower().rstrip(".")
    months = vocabulary()["months"]
    return int(months[name]) if name in months else int(name)


def _season(year: int, code: str) -> tuple[str, str, str, str]:
    first, last = SEASON_MONTHS[code]
    end_year = year + 1 if code == "WI" else year
    return f"{year}-{code}", "season", _iso(year, first, 1), _iso(end_year, last, _month_end(end_year, last))


def _relative(phrase: str, anchor: dt.date | None) -> tuple[str | None, str, str | None, str | None]:
    unit, offset, *_ = vocabulary()["relative"][phrase]
    if anchor is None:
        if unit == "day":
            raise ValueError("'vandaag' without a document date says nothing")
        return None, "relative", None, None
    if unit == "year":
        year = anchor.year + int(offset)
        return str(year), "year", _iso(year, 1, 1), _iso(year, 12, 31)
    if unit == "day":
        day = anchor + dt.timedelta(days=int(offset))
        return day.isoformat(), "day", day.isoformat(), day.isoformat()
    if unit == "week":  # no week values in the contract: the month the week falls in
        day = anchor + dt.timedelta(weeks=int(offset))
        return _relative_month(day, 0)
    if unit == "month":
        return _relative_month(anchor, int(offset))
    code = unit.split("-", 1)[1]
    return _season(anchor.year + int(offset), code)


def _weekday(name: str, direction: int, anchor: dt.date | None) -> tuple[str, str, str, str]:
    """The day a weekday names: the last one before the document date ("afgelopen vrijdag",
    ``direction`` -1), the one in the week before the document's ("vorige vrijdag", -2), the
    next one after it (1), or, without a direction, the last one on or before it (its status may
    move it a week on)."""
    if anchor is None:
        raise ValueError("a weekday without a document date says nothing")
    index = vocabulary()["weekdays"].index(name.lower())
    if direction == -2:
        day = anchor - dt.timedelta(days=anchor.weekday() + 7 - index)
        return day.isoformat(), "day", day.isoformat(), day.isoformat()
    back = (anchor.weekday() - index) % 7
    if direction < 0:
        back = back or 7
    day = anchor - dt.timedelta(days=back) if direction <= 0 else anchor + dt.timedelta(days=(7 - back) or 7)
    return day.isoformat(), "day", day.isoformat(), day.isoformat()


def _relative_month(anchor: dt.date, offset: int) -> tuple[str, str, str, str]:
    year, month = divmod(anchor.year * 12 + anchor.month - 1 + offset, 12)
    month += 1
    return f"{year}-{month:02d}", "month", _iso(year, month, 1), _iso(year, month, _month_end(year, month))


# Headings whose year dates the year-less dates of their item: "Mijlpaal 2013:", a year alone on
# its line (a timeline's "2016" above "1 januari: ..."), and, across one blank line, a section
# heading that looks ahead ("3.4 Vooruitblik 2019").
_HEADING_YEAR = re.compile(
    rf"^[ \t]*mijlpa(?:al|len)\s+(?P<y>{YEAR})\b|^[ \t]*(?P<bare>{YEAR})[ \t]*[:–-]?[ \t]*$", re.I | re.M
)
_SECTION_YEAR = re.compile(
    rf"^[ \t]*(?:[\d.]+[ \t]+)?(?:vooruitblik|vooruitzichten|planning|prioriteiten|plannen|werkplan|jaarplan)"
    rf"[ \t]+(?:voor[ \t]+)?(?P<y>{YEAR})[ \t]*:?[ \t]*$",
    re.I | re.M,
)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_EXPLICIT_YEAR = re.compile(rf"(?<![\w/.-]){YEAR}(?![\w]|[.,/-]\d)")
CONTEXT_CHARS = 300


SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def sentence_bounds(text: str, start: int, end: int, reach: int = CONTEXT_CHARS) -> tuple[int, int]:
    """Start and end of the sentence (or line) around ``text[start:end]``, looked for within
    ``reach`` characters on either side."""
    window_start = max(0, start - reach)
    sentence_start = max((m.end() for m in SENTENCE_END.finditer(text, window_start, start)), default=window_start)
    following = SENTENCE_END.search(text, end, end + reach)
    return sentence_start, following.end() if following else min(len(text), end + reach)


def _blank_lines(text: str, start: int, end: int, limit: int) -> int:
    """The number of blank lines in ``text[start:end]``, counted up to ``limit``."""
    count = 0
    for _ in _BLANK_LINE.finditer(text, start, end):
        count += 1
        if count >= limit:
            break
    return count


def _context_year(
    text: str, headings: list[tuple[int, int, int]], position: int, anchor: dt.date | None
) -> tuple[int | None, bool]:
    """The year a year-less expression ("eind juni") is in, and whether it is the document
    date's: the last year written out earlier in its sentence, else the "Mijlpaal YYYY"
    heading of its item (no blank line between), else the document date's year; without a
    document date, the last year written out earlier in its paragraph (within 300
    characters), else the next one in its sentence, else the year in the text's first line
    ("JAARVERSLAG 2019")."""
    sentence_start, sentence_end = sentence_bounds(text, position, position)
    years = _EXPLICIT_YEAR.findall(text, sentence_start, position)
    if years:
        return int(years[-1]), False
    heading_year = next(
        (
            y
            for start, y, blank_lines in reversed(headings)
            if start < position and _blank_lines(text, start, position, blank_lines + 1) <= blank_lines
        ),
        None,
    )  # a "Mijlpaal 2013:" heading dates its own item, not the paragraphs after it
    if heading_year is not None:
        return heading_year, False
    if anchor is not None:
        return anchor.year, True
    paragraph_start = max(text.rfind("\n\n", 0, position), position - CONTEXT_CHARS, 0)
    years = _EXPLICIT_YEAR.findall(text, paragraph_start, position)
    if years:
        return int(years[-1]), False
    later = _EXPLICIT_YEAR.search(text, position, sentence_end)  # "opent op 2 september en loopt tot 31 oktober 2019"
    if later:
        return int(later.group()), False
    first_line = text[: text.find("\n") if "\n" in text else len(text)]
    titled = _EXPLICIT_YEAR.findall(first_line)  # "JAARVERSLAG 2019": the year the text is about
    return (int(titled[-1]), False) if titled and position > len(first_line) else (None, False)


def find_timexes(text: str, anchor: dt.date | None = None) -> list[Timex]:
    """All date expressions in ``text``, longest match first where they overlap.

    ``anchor`` (the document date) resolves relative expressions; year-less ones ("eind
    oktober") take their year from the context (see :func:`_context_year`).
    """
    headings = sorted(
        [(h.start(), int(h.group("y") or h.group("bare")), 0) for h in _HEADING_YEAR.finditer(text)]
        + [(h.start(), int(h.group("y")), 1) for h in _SECTION_YEAR.finditer(text)]
    )
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            candidates.append((m.start(), m.end(), kind, m))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    taken_until = 0  # candidates come by start: one overlaps a taken match if it starts before the last end
    found: list[Timex] = []
    for start, end, kind, m in candidates:
        if start < taken_until:
            continue
        if kind == "year" and _is_quantity(text, start, end):
            continue
        if kind == "day_short" and not _DAY_SHORT_CUE.search(text, max(0, start - 12), start):
            continue  # "15/11" is a date only after "tegen", "op", "uiterlijk" ...
        if kind == "weekday" and _NOT_ONE_WEEKDAY.search(text, max(0, start - 30), start):
            continue  # "van maandag tot vrijdag", "elke dinsdag"
        groups = m.groupdict()
        year_less = kind not in _WITH_YEAR and not any(groups.get(k) for k in ("y", "yy", "ry"))
        # Only an expression without a year of its own needs the context's (a costly look-around).
        context_year, from_document_date = _context_year(text, headings, start, anchor) if year_less else (None, False)
        core_start = start
        start, mod = _extend_with_prefix(text, start)
        tense_shift = "year" if year_less and from_document_date else None
        # "tegen vrijdag", "vanaf maandag": the coming one; a bare "vrijdag" moves with its status
        coming = mod == "END" or (mod == "START" and not text[start:core_start].lower().startswith("sinds"))
        if kind == "weekday" and not (groups["wdir"] or groups["wsuf"] or coming):
            tense_shift = "week"
        try:
            value, granularity, d_start, d_end = _normalise(kind, m, anchor, context_year, coming)
        except (ValueError, KeyError):
            continue
        taken_until = max(taken_until, end)
        if kind == "relative":
            mod = mod or _relative_mod(groups["r"])
        timex = Timex(start, end, text[start:end], value, granularity, mod, d_start, d_end, tense_shift=tense_shift)
        found.append(_nearest_to(timex, anchor) if tense_shift == "year" and anchor is not None else timex)
    found.sort(key=lambda t: t.start)
    return found


NEAR_DAYS, FAR_DAYS = 92, 183


def _nearest_to(timex: Timex, anchor: dt.date) -> Timex:
    """A date that took the document's year moves to the year before or after where that puts
    it within three months of the document date and the document's year more than half a year
    away ("half januari", written in December, is next January); its status may still move it
    a year."""

    def distance(option: Timex) -> int:
        first, last = dt.date.fromisoformat(str(option.date_start)), dt.date.fromisoformat(str(option.date_end))
        return max((first - anchor).days, (anchor - last).days, 0)

    if distance(timex) <= FAR_DAYS:
        return timex
    for step in (-1, 1):
        option = dataclasses.replace(timex.shifted(step), tense_shift="year")
        if distance(option) <= NEAR_DAYS:
            return option
    return timex


_WITH_YEAR = {"relative", "period", "period_days", "period_months", "year", "weekday"}
_NOT_ONE_WEEKDAY = re.compile(
    rf"(?:\b(?:{_alt(vocabulary()['weekdays'])})\s*(?:-|–|tot(?:\s+en\s+met)?|t/m|en|of)|\b(?:elke|iedere|op\s+de)|'s)\s*$",
    re.I,
)
_DAY_SHORT_CUE = re.compile(r"\b(?:op|tegen|uiterlijk|vóór|voor|tot|vanaf|deadline:?)\s+$", re.I)


def _relative_mod(phrase: str) -> str | None:
    """The modifier a relative phrase carries itself ("het einde van het jaar": END)."""
    _, _, *mod = vocabulary()["relative"][phrase.lower()]
    return str(mod[0]) if mod else None


_QUANTITY_BEFORE = re.compile(r"(?:€|EUR|\$|nr\.?|nummer|artikel|art\.|code)\s*$", re.I)
_QUANTITY_AFTER = re.compile(
    r"^\s*(?:%|procent|euro|EUR|miljoen|miljard|ton|km|kilometer|m²|m2|m3|MW|GW|kWh|MWh|GWh|"
    r"werknemers|banen|jobs|leden|bedrijven|deelnemers|inwoners|woningen|[.,]\d|"
    r":\s*(?:€\s*)?[\d.,]+\s*(?:k?EUR|euro|%|miljoen|miljard))",  # "2019: 185 kEUR"
)


def _is_quantity(text: str, start: int, end: int) -> bool:
    """A four-digit number that counts or costs something ("€ 2013 miljoen") is no year."""
    return bool(
        _QUANTITY_BEFORE.search(text[max(0, start - 12) : start]) or _QUANTITY_AFTER.match(text[end : end + 12])
    )


def _extend_with_prefix(text: str, start: int) -> tuple[int, str | None]:
    """Move ``start`` left over "tegen eind", "vanaf", "begin" ... and return the mod they give."""
    window_start = max(0, start - 40)
    m = _prefix_pattern().search(text[window_start:start])
    if m is None or not (m.group("mod") or m.group("pos")):
        return start, None
    v = vocabulary()
    mod = None
    if m.group("pos"):
        mod = v["positions"][m.group("pos").lower()]
    if m.group("mod"):
        word = m.group("mod").lower()
        mod = next(key for key, words in v["prefix_modifiers"].items() if word in words)
    prefix_start = window_start + m.start("mod" if m.group("mod") else "pos")
    return prefix_start, mod
