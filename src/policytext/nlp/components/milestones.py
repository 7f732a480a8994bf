"""``policytext_milestones``: dated policy events with normalised dates and a status.

Date expressions come from :mod:`policytext.nlp.timex`; this component keeps those that
describe an event (not a dateline, source reference or statistic's year), drops a
"Mijlpaal 2012:" heading year when the same paragraph gives a more specific date in that
year, and attaches the sentence and the status the text gives.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from policytext.io.readers import HEADER_LINES, is_dateline, is_header_line
from policytext.nlp.components.extensions import register_extensions
from policytext.nlp.timex import SENTENCE_END, Timex, find_timexes, sentence_bounds
from policytext.records import Milestone

# "(Peeters, 2012)", "[3]", "VRWI (2013)", '"Witboek" (2011)': a citation, not an event.
_CITATION = re.compile(
    r"\([A-Z][^()\n]{0,80}?,\s*(?:19|20)\d{2}[a-z]?\)|\[\d+\]|(?:\b[A-Z][\w.&’'-]+|[\"”»])\s*\((?:19|20)\d{2}[a-z]?\)"
)
_HEADING = re.compile(r"^\s*mijlpa(?:al|len)\s+(?:19|20)\d{2}\b", re.I | re.M)
STRONG_STATUSES = ("DELAYED", "STOPPED")
ITEM_LINE_CHARS = 250
FUTURE_AUXILIARIES = frozenset({"zullen", "moeten", "willen"})
PLANNING_PARTICIPLES = frozenset({"voorzien", "gepland", "verwacht", "beoogd", "vooropgesteld", "ingepland"})
_FUTURE_PHRASE = re.compile(r"\b(?:volgend|volgende|komend|komende|later)\b", re.I)
TIME_NOUNS = frozenset(
    {"loop", "begin", "eind", "einde", "midden", "helft", "kwartaal", "semester", "jaar", "zomer", "voorjaar", "najaar",
     "winter", "lente", "herfst", "start", "periode", "maand", "week", "deadline", "tijd"}
)  # fmt: skip
STATE_VERBS = frozenset({"zijn", "hebben", "worden", "tellen", "bestaan", "blijven"})
_YEAR_TOKEN = re.compile(r"(?:19|20)\d{2}")
_LEADING_YEAR = re.compile(r"^(?:19|20)\d{2}\b")
_GENERIC_DAY = re.compile(r"\bvan\s+$", re.I)
_CLOCK_TIME = re.compile(
    r"[ ,]{0,3}(?:om|van|vanaf|tussen)\s+\d{1,2}(?:[.:h]\d{2})?\s*(?:uur|u\b|h\b|-|tot\b)"
    r"|\s*om\s+\d{1,2}[.:]\d{2}"
    r"|[ ,]{1,3}\d{1,2}(?:[.:]\d{2})?\s*(?:uur|u|h)\b"  # "donderdag 7 juli 2022, 18u"
    r"|[ ,]{1,3}\d{1,2}[.:]\d{2}\s*[–-]",  # "7 maart 2019, 13.30–17.00 uur"
    re.I,
)
_DEADLINE = re.compile(r"\b(?:deadline|indienen|indiening|uiterlijk|sluit)", re.I)
_CITATION_PAGES = re.compile(r"\([^()\n]{0,40}?(?:19|20)\d{2}[^()\n]{0,20}?\b(?:blz|pp?|pagina's)\.?[^()\n]*\)", re.I)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


@cache
def milestone_cues() -> dict[str, Any]:
    text = resources.files("policytext.nlp").joinpath("data/milestone_cues.yaml").read_text(encoding="utf-8")
    cues: dict[str, Any] = yaml.safe_load(text)
    return cues


def _cue_pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)


@Language.factory("policytext_milestones", default_config={}, assigns=["doc._.milestones"])
def make_milestone_extractor(nlp: Language, name: str) -> MilestoneExtractor:
    return MilestoneExtractor()


class MilestoneExtractor:
    """Find milestones; results on ``doc._.milestones``. ``doc._.doc_date`` anchors relative dates."""

    def __init__(self) -> None:
        register_extensions()
        cues = milestone_cues()
        self.status_cues = [(status, _cue_pattern(words)) for status, words in cues["status"].items()]
        self.status_labels = [(status, _cue_pattern(words)) for status, words in cues["status_labels"].items()]
        self.non_event_line = re.compile(
            r"^\s*(?:" + "|".join(re.escape(p) for p in cues["non_event_line_prefixes"]) + r")\b", re.I
        )
        self.non_event_context = _cue_pattern(cues["non_event_context"])
        self.gatherings = _cue_pattern(cues["gatherings"])
        self.event_verbs = _cue_pattern(cues["event_verbs"])
        verbs = "|".join(map(re.escape, cues["background_clause_verbs"]))
        self.background_clause = re.compile(rf"\b(?:dat|die|waarvan|waarin)\b.*\b(?:{verbs})\b", re.I | re.S)
        headings = "|".join(re.escape(h) for h in cues["statistics_headings"])
        logistics = "|".join(re.escape(h) for h in cues["logistics_headings"])
        self.logistics_heading = re.compile(rf"^\s*(?:[\d.]+\s+)?(?:{logistics})\s*:?\s*$", re.I)
        self.statistics_heading = re.compile(rf"^\s*(?:[\d.]+\s+)?(?:{headings})(?:\s+\d{{4}})?\s*:?\s*$", re.I)
        nouns = "|".join(re.escape(n) for n in sorted(cues["reference_nouns"], key=len, reverse=True))
        self.reference_before = re.compile(
            rf"(?:\b\w*(?:{nouns})(?:\s+(?:nr\.?|nummer)\s*[\w/.-]+)?(?:\s+van\s+(?:de|het)\s+[^\n.,;:]{{1,50}}?)?"
            r",?\s+(?:van|dd\.?|d\.d\.|gegeven\s+op)|\b(?:stand|toestand|situatie)(?:\s+van\s+zaken)?(?:\s+(?:op|per))?)\s*$",
            re.I,
        )

    def __call__(self, doc: Doc) -> Doc:
        text, doc_date = doc.text, doc._.doc_date
        timexes = [t for t in find_timexes(text, doc_date) if self._is_event(text, t, doc_date)]
        timexes = _drop_superseded_headings(text, timexes)
        milestones = []
        for timex in timexes:
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is not None and timex.text.lower() == "vandaag" and not _has_main_verb(span):
                continue  # "Vandaag zijn er zes clusters": nowadays, not the day of an event
            if span is not None and timex.text.isdigit() and self._is_statistic(span):
                continue  # "In 2018 ontving de entiteit 134 aanvragen"
            if span is not None and timex.text.isdigit() and _names_a_year_of_something(span):
                continue  # "de ledenlijst van 2018", "de cijfers voor 2019"
            sentence = span.sent.text if span is not None else _line(text, timex.start)
            status = self._status(text, timex, span, doc_date)
            if timex.year_from_document_date and doc_date is not None:
                timex = _year_by_tense(timex, status, doc_date)
            milestones.append(
                Milestone(
                    text=timex.text,
                    value=timex.value,
                    granularity=timex.granularity,
                    mod=timex.mod,
                    status=status,
                    start=timex.start,
                    end=timex.end,
                    sentence=sentence.strip(),
                    date_start=timex.date_start,
                    date_end=timex.date_end,
                )
            )
        doc._.milestones = milestones
        return doc

    def _is_event(self, text: str, timex: Timex, doc_date: dt.date | None) -> bool:
        line = _line(text, timex.start)
        if (
            doc_date is not None
            and timex.value == doc_date.isoformat()
            and _in_header(text, timex.start)
            and is_header_line(line)
        ):
            return False  # the document's own date in its masthead or dateline
        first_line_end = text.find("\n")
        if first_line_end >= 0 and timex.start < first_line_end and not _HEADING.match(line):
            return False  # the title or masthead of the document
        if self.non_event_line.match(line) or _is_dateline(text, timex) or _in_table_header(text, timex.start):
            return False
        if len(line.strip()) > 8 and text.count(line.strip() + "\n") > 1:
            return False  # a running header or footer repeated on every page
        if any(
            m.start() <= timex.start < m.end()
            for pattern in (_CITATION, _CITATION_PAGES)
            for m in pattern.finditer(text, max(0, timex.start - 90), timex.end + 40)
        ):
            return False
        if self.reference_before.search(text, max(0, timex.start - 90), timex.start):
            return False  # "de vergadering van 20 juni": a date that names something, no event
        if timex.granularity == "day" and _GENERIC_DAY.search(text, max(0, timex.start - 4), timex.start):
            return False  # "de bedrijven van morgen", "de ministerraad van vandaag"
        if timex.mod != "END" and _CLOCK_TIME.match(text, timex.end, timex.end + 40) and not _DEADLINE.search(line):
            return False  # "op 5 september om 19.30 uur": an appointment; a deadline keeps its hour
        if _is_title_year(line, timex, text):
            return False  # "3.4 Vooruitblik 2019", "Award 2019": a year in a heading is a label
        sentence_start, sentence_end = sentence_bounds(text, timex.start, timex.end)
        if timex.text.lower() == "vandaag" and text[sentence_start:sentence_end].rstrip().endswith("?"):
            return False  # "Hoeveel bedrijven zijn vandaag aangesloten?": nowadays
        clause_start = text.rfind(",", sentence_start, timex.start) + 1 or sentence_start
        clause_end = text.find(",", timex.end, sentence_end)
        if self.background_clause.search(text, clause_start, sentence_end if clause_end == -1 else clause_end):
            return False  # "Het bedrijf, dat in 2004 werd opgericht, ...": background
        heading = _section_heading(text, timex.start)
        if self.statistics_heading.match(line) or (heading is not None and self.statistics_heading.match(heading)):
            return False  # "3.3 Kerncijfers": years of statistics
        if heading is not None and self.logistics_heading.match(heading):
            return False  # "6. Kalender": dates of meetings and gatherings
        if _is_item_header(line, timex, text) or _is_statistics_row(line, timex, text):
            return False
        window = text[max(sentence_start, timex.start - 40) : min(sentence_end, timex.end + 40)]
        if self.gatherings.search(text, max(sentence_start, timex.start - 80), min(sentence_end, timex.end + 80)):
            return False  # "de infoavond vindt plaats op 5 september": logistics of a gathering
        return not self.non_event_context.search(window)

    def _is_statistic(self, span: Span) -> bool:
        """A clause with a count or amount and no decision verb: the year of a statistic. (Not
        in a table row: an action table's numbers sit beside its deadlines.)"""
        if _line(span.doc.text, span.start_char).lstrip().startswith("|"):
            return False
        clause = _clause(span, whole_sentence_without_verb=False)
        counted = any(
            t.like_num and any(ch.isdigit() for ch in t.text) and not _YEAR_TOKEN.fullmatch(t.text) for t in clause
        )
        return counted and not any(self.event_verbs.fullmatch(t.text) for t in clause)

    def _labels(self, text: str, start: int, end: int) -> list[tuple[int, str]]:
        """Status labels ("Gerealiseerd", "Met vertraging") in ``text[start:end]``, in text order."""
        return sorted((m.start(), status) for status, p in self.status_labels for m in p.finditer(text, start, end))

    def _status(self, text: str, timex: Timex, span: Span | None, doc_date: dt.date | None) -> str | None:
        """The status the text gives, from the most to the least explicit: a status label on
        the date's own line ("(Q2-2012) – Gerealiseerd"), a delay or stop word in its sentence,
        the tense of the verb the date belongs to, the cue word nearest to the date, and last a
        status label for the whole paragraph."""
        line_start = _line_start(text, timex.start)
        line_end = line_start + len(_line(text, timex.start))
        sentence = (span.sent.start_char, span.sent.end_char) if span is not None else (0, len(text))
        start, end = max(sentence[0], line_start), min(sentence[1], line_end)
        # A label counts on the whole line of an item ("Mijlpaal 2012: ... – Gerealiseerd"),
        # but only in the date's own sentence in running text; a delay or stop on a short line
        # holds for all of it ("WP2: met vertraging. De testvaarten, gepland in juli, ...").
        short_line = line_end - line_start <= ITEM_LINE_CHARS
        one_sentence = not SENTENCE_END.search(text, line_start, line_end - 1)
        scope = (line_start, line_end) if short_line and one_sentence else (start, end)
        labels = self._labels(text, *scope)
        strong_labels = [s for _, s in self._labels(text, line_start, line_end) if s in STRONG_STATUSES and short_line]
        after = sorted((position, status) for position, status in labels if position >= timex.end)
        before = sorted((position, status) for position, status in labels if position < timex.start)
        if strong_labels or after or before:
            return strong_labels[0] if strong_labels else after[0][1] if after else before[-1][1]
        cues = [
            (status, m.start())
            for status, pattern in self.status_cues
            for m in pattern.finditer(text, start, end)
            if not (timex.start <= m.start() < timex.end)
        ]
        strong = [status for status, _ in cues if status in STRONG_STATUSES]
        if strong:
            return strong[0]
        by_tense = _status_by_tense(timex, span, doc_date)
        if by_tense is not None:
            return by_tense
        if cues:
            return min(cues, key=lambda cue: abs(cue[1] - (timex.start if cue[1] < timex.start else timex.end)))[0]
        paragraph = _paragraph(text, timex.start)
        for status, pattern in self.status_labels:
            if pattern.search(paragraph):
                return status
        return None


def _in_header(text: str, index: int) -> bool:
    lines_before = [line for line in text[:index].split("\n") if line.strip()]
    return len(lines_before) <= HEADER_LINES


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line(text: str, index: int) -> str:
    start = _line_start(text, index)
    end = text.find("\n", index)
    return text[start : end if end != -1 else len(text)]


def _paragraph(text: str, index: int) -> str:
    start = text.rfind("\n\n", 0, index)
    end = text.find("\n\n", index)
    return text[start + 1 if start != -1 else 0 : end if end != -1 else len(text)]


def _is_dateline(text: str, timex: Timex) -> bool:
    """ "Brussel, 9 juni 2017" alone on a line: the document's own date, not an event
    ("Opening van de oproep: 15 januari 2020" is one)."""
    line_start = _line_start(text, timex.start)
    line = _line(text, timex.start)
    return timex.granularity == "day" and is_dateline(line, timex.start - line_start, timex.end - line_start)


_SENTENCE_ENDINGS = (".", "!", "?", ";", ",")


def _section_heading(text: str, index: int, lines_back: int = 3) -> str | None:
    """The heading right above the paragraph of ``index``: the first short line without a
    full stop among the (up to three) non-empty lines before it."""
    line_start = _line_start(text, index)
    earlier = [line for line in text[max(0, line_start - 600) : line_start].split("\n") if line.strip()]
    for line in reversed(earlier[-lines_back:]):
        if len(line) <= 60 and not line.rstrip().endswith(_SENTENCE_ENDINGS) and not line.lstrip().startswith("|"):
            return line
    return None


def _is_title_year(line: str, timex: Timex, text: str) -> bool:
    """A bare year that ends a short heading ("3.4 Vooruitblik 2019", "(werkingsjaar 2018)")."""
    if not timex.text.isdigit():
        return False
    line_start = _line_start(text, timex.start)
    stripped = line.strip()
    return (
        not text[timex.end : line_start + len(line)].strip(" )")
        and 1 < len(stripped.split()) <= 10
        and ". " not in stripped
        and not stripped.startswith(("|", "-", "•", "*"))
        and not _HEADING.match(stripped)
        and not _LEADING_YEAR.match(stripped)
    )


def _is_item_header(line: str, timex: Timex, text: str) -> bool:
    """ "9 juni 2017 | Drie clusters ondertekenen hun pact": the date heading a news item (a
    timeline's "19 december 2016 – We werden gelanceerd" is an event)."""
    line_start = _line_start(text, timex.start)
    return (
        timex.granularity == "day"
        and not text[line_start : timex.start].strip()
        and bool(re.match(r"\s*\|\s*\S", text[timex.end : line_start + len(line)]))
    )


def _is_statistics_row(line: str, timex: Timex, text: str) -> bool:
    """A table row with figures only beside the date: "| 2018 | 14 | 10 | 7,5 | 52% |"."""
    if "|" not in line:
        return False
    line_start = _line_start(text, timex.start)
    rest = (text[line_start : timex.start] + " " + text[timex.end : line_start + len(line)]).split("|")
    cells = [cell.strip() for cell in rest if cell.strip()]
    return len(cells) >= 2 and all(re.fullmatch(r"[\d.,%€ +()/-]+|\(?tot [\d/]+\)?", cell) for cell in cells)


def _in_table_header(text: str, index: int) -> bool:
    """Years in a table's header row ("| Indicator | 2017 | 2018 |") label columns."""
    line_end = text.find("\n", index)
    if line_end == -1 or not _line(text, index).lstrip().startswith("|"):
        return False
    return bool(_TABLE_RULE.match(_line(text, line_end + 1)))


_CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—", "(", ")", '"', "“", "”"})


def _names_a_year_of_something(span: Span) -> bool:
    """A bare year after "<noun> van/voor" labels that noun ("de projecten van 2016"), except
    after a word of time ("in de loop van 2014", "het begin van 2013")."""
    if span.start < 2 or span.doc[span.start - 1].lower_ not in {"van", "voor"}:
        return False
    noun = span.doc[span.start - 2]
    return noun.pos_ == "NOUN" and noun.is_lower and noun.lower_ not in TIME_NOUNS


def _has_main_verb(span: Span) -> bool:
    """Whether the clause of ``span`` has a verb that is not an auxiliary or a verb of being."""
    clause = _clause(span, whole_sentence_without_verb=False)
    return any(t.pos_ == "VERB" and t.lemma_.lower() not in STATE_VERBS for t in clause)


def _clause(span: Span, whole_sentence_without_verb: bool = True) -> list[Token]:
    """The tokens of the clause around ``span``: its sentence cut at punctuation, or the whole
    sentence where that piece has no verb (the base pipeline runs without a parser)."""
    sentence = span.sent
    start, end = span.start, span.end
    while start > sentence.start and span.doc[start - 1].text not in _CLAUSE_BREAKS:
        start -= 1
    while end < sentence.end and span.doc[end].text not in _CLAUSE_BREAKS:
        end += 1
    clause = list(span.doc[start:end])
    if whole_sentence_without_verb and not any(t.pos_ in {"VERB", "AUX"} for t in clause):
        return list(sentence)
    return clause


def _status_by_tense(timex: Timex, span: Span | None, doc_date: dt.date | None) -> str | None:
    """From the verbs of the date's clause: PLANNED for "zal", a modal ("moet", "wil") or a
    present passive ("wordt gelanceerd"), DONE for a past or perfect tense ("werd", "heeft ...
    goedgekeurd"; not "is voorzien"), PLANNED for a date after the document date or a present
    tense with a coming date ("start volgend jaar"); None where the tense says nothing."""
    if span is None:
        return None
    verbs = [t for t in _clause(span) if t.pos_ in {"VERB", "AUX"} and not t.is_space]
    present = [t for t in verbs if "Pres" in t.morph.get("Tense", [])]
    if any(t.lemma_.lower() in FUTURE_AUXILIARIES for t in present) or any(t.lemma_.lower() == "zullen" for t in verbs):
        return "PLANNED"
    # One finite verb per clause: next to a present auxiliary ("kunnen ... intekenen") a verb
    # tagged as past is the tagger's mistake for an infinitive.
    present_auxiliary = any(t.pos_ == "AUX" for t in present)
    if any("Past" in t.morph.get("Tense", []) and (t.pos_ == "AUX" or not present_auxiliary) for t in verbs):
        return "DONE"
    participles = [t for t in verbs if "Part" in t.morph.get("VerbForm", [])]
    present_passive = any(t.lemma_.lower() == "worden" for t in present)
    perfect = any(t.pos_ == "AUX" and t.lemma_.lower() in {"hebben", "zijn"} for t in verbs)
    # The participle of a perfect closes the clause's verb cluster ("is ... voorzien"), an
    # adjective-like one comes earlier ("de volgende rapportering").
    if perfect and not present_passive and participles and participles[-1].lower_ not in PLANNING_PARTICIPLES:
        return "DONE"
    if timex.text.lower().startswith("sinds"):
        return None  # "loopt sinds april": running since then
    if doc_date is not None and timex.date_start is not None and timex.date_start > doc_date.isoformat():
        return "PLANNED"  # after the document's own date, with no past tense: still to come
    if not present:
        return None
    if present_passive and participles:
        return "PLANNED"  # "wordt in de herfst gelanceerd"
    # A present tense with "volgend jaar", or with a date without a year of its own ("wordt in
    # februari gepubliceerd": the coming February), speaks of what is to come.
    return "PLANNED" if _FUTURE_PHRASE.search(timex.text) or timex.year_from_document_date else None


def _year_by_tense(timex: Timex, status: str | None, doc_date: dt.date) -> Timex:
    """A year-less date ("in december") took the document's year: a done event that would lie
    after the document date happened the year before, a planned one that would lie before it
    comes the year after."""
    if status == "DONE" and timex.date_start is not None and timex.date_start > doc_date.isoformat():
        return timex.shifted(-1)
    if status == "PLANNED" and timex.date_end is not None and timex.date_end < doc_date.isoformat():
        return timex.shifted(1)
    return timex


def _drop_superseded_headings(text: str, timexes: list[Timex]) -> list[Timex]:
    """Drop the year of a "Mijlpaal 2013:" heading when its item gives a date in that year
    ("... gegund (midden 2013)"). The item is the rest of the heading's line, or, for a heading
    alone on its line, the lines up to the next blank line or heading."""
    kept = []
    for timex in timexes:
        heading = _HEADING.match(_line(text, timex.start))
        line_start = _line_start(text, timex.start)
        if heading and timex.granularity == "year" and timex.end == line_start + heading.end():
            end = text.find("\n", timex.end)
            end = len(text) if end == -1 else end
            if not text[timex.end : end].strip(" :–-\t"):
                following = re.compile(r"\n\s*\n|\n(?=\s*mijlpa)", re.I).search(text, end)
                end = following.start() if following else len(text)
            if any(timex.end <= o.start < end and (o.value or "").startswith(timex.value or "?") for o in timexes):
                continue
        kept.append(timex)
    return kept
