"""``policytext_milestones``: dated policy events with normalised dates and a status.

Date expressions come from :mod:`policytext.nlp.timex`. Rules say why one would not be an
event (a dateline, a source reference, a statistic's year, ...) and what status the text gives;
the milestone model (:mod:`.milestone_model`) weighs their verdicts with the layout and words
around the date to keep the events and give their status. A "Mijlpaal 2012:" heading year is
dropped when its item gives a more specific date in that year; each milestone carries its
sentence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from policytext.io.readers import HEADER_LINES, is_dateline, is_header_line
from policytext.nlp.components.extensions import register_extensions
from policytext.nlp.components.milestone_model import BUILTIN, MilestoneModel
from policytext.nlp.timex import SENTENCE_END, Timex, find_timexes, sentence_bounds
from policytext.records import Milestone

# "(Peeters, 2012)", "[3]", "VRWI (2013)", '"Witboek" (2011)': a citation, not an event.
_CITATION = re.compile(
    r"\([A-Z][^()\n]{0,80}?,\s*(?:19|20)\d{2}[a-z]?\)|\[\d+\]|(?:\b[A-Z][\w.&’'-]+|[\"”»])\s*\((?:19|20)\d{2}[a-z]?\)"
)
_HEADING = re.compile(r"^\s*mijlpa(?:al|len)\s+(?:19|20)\d{2}\b|^[ \t]*(?:19|20)\d{2}[ \t]*[:–-]?[ \t]*$", re.I | re.M)
_NEXT_HEADING = re.compile(r"\n\s*\n|\n(?=[ \t]*(?:mijlpa|(?:19|20)\d{2}[ \t]*[:–-]?[ \t]*(?:\n|$)))", re.I)
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
_MILESTONE_LINE = re.compile(r"^\W*(?:mijlpa(?:al|len)|milestone|MS\s*\d)", re.I | re.M)
_WRAPPED_LINE = re.compile(r"\n[ \t]*[a-zà-ÿ(]")


@cache
def milestone_cues() -> dict[str, Any]:
    text = resources.files("policytext.nlp").joinpath("data/milestone_cues.yaml").read_text(encoding="utf-8")
    cues: dict[str, Any] = yaml.safe_load(text)
    return cues


def _cue_pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)


@Language.factory("policytext_milestones", default_config={"model": BUILTIN}, assigns=["doc._.milestones"])
def make_milestone_extractor(nlp: Language, name: str, model: str | None) -> MilestoneExtractor:
    return MilestoneExtractor(model=model)


@dataclass(frozen=True)
class Candidate:
    """A date expression with what the rules say of it, before the event decision."""

    timex: Timex
    span: Span | None
    reasons: tuple[str, ...]
    status: str | None
    features: frozenset[str]


class MilestoneExtractor:
    """Find milestones; results on ``doc._.milestones``. ``doc._.doc_date`` anchors relative dates.

    Every date expression is a candidate. ``model`` (a JSON file, ``"builtin"`` for the one
    shipped, or ``None``) decides from the rules' verdicts and the context which candidates are
    policy events, and gives their status. Without a model a candidate is an event when no rule
    objects, and the status is the rules' own.
    """

    def __init__(self, model: str | Path | None = BUILTIN) -> None:
        register_extensions()
        self.model = MilestoneModel.load(model) if model else None
        cues = milestone_cues()
        self.status_cues = [(status, _cue_pattern(words)) for status, words in cues["status"].items()]
        self.status_labels = [(status, _cue_pattern(words)) for status, words in cues["status_labels"].items()]
        self.non_event_line = re.compile(
            r"^\s*(?:" + "|".join(re.escape(p) for p in cues["non_event_line_prefixes"]) + r")\b", re.I
        )
        self.non_event_context = _cue_pattern(cues["non_event_context"])
        self.gatherings = _cue_pattern(cues["gatherings"])
        self.gathering_verbs = _cue_pattern(cues["gathering_verbs"])
        self.event_nouns = _cue_pattern(cues["event_nouns"])
        self.event_verbs = _cue_pattern(cues["event_verbs"])
        verbs = "|".join(map(re.escape, cues["background_clause_verbs"]))
        self.background_clause = re.compile(rf"\b(?:dat|die|waarvan|waarin)\b.*\b(?:{verbs})\b", re.I | re.S)
        headings = "|".join(re.escape(h) for h in cues["statistics_headings"])
        logistics = "|".join(re.escape(h) for h in cues["logistics_headings"])
        self.logistics_heading = re.compile(rf"^\s*(?:[\d.]+\s+)?(?:{logistics})\s*:?\s*$", re.I)
        self.statistics_heading = re.compile(rf"^\s*(?:[\d.]+\s+)?(?:{headings})(?:\s+\d{{4}})?\s*:?\s*$", re.I)
        self.document_year = re.compile(
            r"\b\w*(?:" + "|".join(map(re.escape, cues["document_year_nouns"])) + r")\s*$", re.I
        )
        nouns = "|".join(re.escape(n) for n in sorted(cues["reference_nouns"], key=len, reverse=True))
        self.reference_before = re.compile(
            rf"(?:\b\w*(?:{nouns})(?:\s+(?:nr\.?|nummer)\s*[\w/.-]+)?(?:\s+van\s+(?:de|het)\s+[^\n.,;:]{{1,50}}?)?"
            r",?\s+(?:van|dd\.?|d\.d\.|gegeven\s+op)|\b(?:stand|toestand|situatie)(?:\s+van\s+zaken)?(?:\s+(?:op|per))?)\s*$",
            re.I,
        )

    def __call__(self, doc: Doc) -> Doc:
        doc._.milestones = self.milestones(doc, [c for c in self.candidates(doc) if self.is_event(c)])
        return doc

    def milestones(self, doc: Doc, events: list[Candidate]) -> list[Milestone]:
        """Milestones from the candidates judged to be events: a heading year that an item
        makes more specific is dropped, a year-less date is moved by its status (done: not
        after the document date; planned: not before it)."""
        text, doc_date = doc.text, doc._.doc_date
        by_timex = {c.timex: c for c in events}
        milestones = []
        for timex in _drop_superseded_headings(text, list(by_timex)):
            candidate = by_timex[timex]
            status = self.status(candidate)
            if timex.tense_shift and doc_date is not None:
                timex = _date_by_status(timex, status, doc_date)
            span = candidate.span
            sentence = span.sent.text if span is not None else _line(text, timex.start)
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
        return milestones

    def candidates(self, doc: Doc) -> list[Candidate]:
        """Every date expression of ``doc`` with the rules' verdicts, its status and features."""
        text, doc_date = doc.text, doc._.doc_date
        candidates = []
        for timex in find_timexes(text, doc_date):
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            reasons = self.non_event_reasons(text, timex, doc_date)
            if span is not None:
                reasons += self.span_reasons(text, span, timex)
            status = self._status(text, timex, span, doc_date)
            features = self.features(text, timex, span, reasons, status, doc_date)
            candidates.append(Candidate(timex, span, tuple(reasons), status, features))
        return _with_block_features(text, candidates)

    def is_event(self, candidate: Candidate) -> bool:
        if self.model is None:
            return not candidate.reasons
        return self.model.event.is_event(candidate.features)

    def status(self, candidate: Candidate) -> str | None:
        """The model's status, except where the rules found an explicit delay or stop."""
        if self.model is None or self.model.status is None or candidate.status in STRONG_STATUSES:
            return candidate.status
        return self.model.status.predict(candidate.features)

    def features(
        self,
        text: str,
        timex: Timex,
        span: Span | None,
        reasons: list[str],
        status: str | None,
        doc_date: dt.date | None,
    ) -> frozenset[str]:
        """What the models see: the rules' verdicts and status, the expression's form, the
        layout of its line, cue words near it and the tagged words around it."""
        names = {f"rule={r}" for r in reasons} or {"rule=none"}
        names |= {f"granularity={timex.granularity}", f"mod={timex.mod}", f"status={status}"}
        names.add(f"relative={timex.tense_shift is not None or timex.granularity == 'relative'}")
        if doc_date is None:
            names.add("doc_date=none")
        elif timex.date_start is not None:
            names.add("when=" + ("after" if timex.date_start > doc_date.isoformat() else "before"))
        names |= _layout_features(text, timex)
        sentence_start, sentence_end = sentence_bounds(text, timex.start, timex.end)
        names.add(f"gathering_verb={bool(self.gathering_verbs.search(text, sentence_start, sentence_end))}")
        near_start, near_end = max(sentence_start, timex.start - 80), min(sentence_end, timex.end + 80)
        names.add(f"event_noun={bool(self.event_nouns.search(text, near_start, near_end))}")
        if span is not None:
            clause = _clause(span)
            names |= _token_features(span, clause)
            names.add(f"event_verb={any(self.event_verbs.fullmatch(t.text) for t in clause)}")
        return frozenset(names)

    def non_event_reasons(self, text: str, timex: Timex, doc_date: dt.date | None) -> list[str]:
        """The names of the rules that say this date expression is not a policy event (an
        empty list where none does). All rules are checked: the event model weighs them."""
        reasons = []
        line = _line(text, timex.start)
        if (
            doc_date is not None
            and timex.value == doc_date.isoformat()
            and _in_header(text, timex.start)
            and is_header_line(line)
        ):
            reasons.append("own_date")  # the document's own date in its masthead or dateline
        first_line_end = text.find("\n")
        if first_line_end >= 0 and timex.start < first_line_end and not _HEADING.match(line):
            reasons.append("first_line")  # the title or masthead of the document
        if self.non_event_line.match(line):
            reasons.append("non_event_line")  # "Gedrukt op ...", "Bron: ..."
        if _is_dateline(text, timex):
            reasons.append("dateline")
        if _in_table_header(text, timex.start):
            reasons.append("table_header")
        if len(line.strip()) > 8 and text.count(line.strip() + "\n") > 1:
            reasons.append("running_header")  # repeated on every page
        if any(
            m.start() <= timex.start < m.end()
            for pattern in (_CITATION, _CITATION_PAGES)
            for m in pattern.finditer(text, max(0, timex.start - 90), timex.end + 40)
        ):
            reasons.append("citation")
        if self.reference_before.search(text, max(0, timex.start - 90), timex.start):
            reasons.append("reference")  # "de vergadering van 20 juni": a date that names something
        if timex.granularity == "year" and self.document_year.search(text, max(0, timex.start - 40), timex.start):
            reasons.append("document_year")  # "het jaarplan 2020 goedgekeurd": the plan's name
        if timex.granularity == "day" and _GENERIC_DAY.search(text, max(0, timex.start - 4), timex.start):
            reasons.append("generic_day")  # "de bedrijven van morgen", "de ministerraad van vandaag"
        if timex.mod != "END" and _CLOCK_TIME.match(text, timex.end, timex.end + 40) and not _DEADLINE.search(line):
            reasons.append("clock_time")  # "op 5 september om 19.30 uur": an appointment; a deadline keeps its hour
        if _is_title_year(line, timex, text):
            reasons.append("title_year")  # "3.4 Vooruitblik 2019", "Award 2019": a year in a heading is a label
        sentence_start, sentence_end = sentence_bounds(text, timex.start, timex.end)
        if timex.text.lower() == "vandaag" and text[sentence_start:sentence_end].rstrip().endswith("?"):
            reasons.append("question_today")  # "Hoeveel bedrijven zijn vandaag aangesloten?": nowadays
        clause_start = text.rfind(",", sentence_start, timex.start) + 1 or sentence_start
        clause_end = text.find(",", timex.end, sentence_end)
        if self.background_clause.search(text, clause_start, sentence_end if clause_end == -1 else clause_end):
            reasons.append("background_clause")  # "Het bedrijf, dat in 2004 werd opgericht, ...": background
        heading = _section_heading(text, timex.start)
        if self.statistics_heading.match(line) or (heading is not None and self.statistics_heading.match(heading)):
            reasons.append("statistics_heading")  # "3.3 Kerncijfers": years of statistics
        if heading is not None and self.logistics_heading.match(heading):
            reasons.append("logistics_heading")  # "6. Kalender": dates of meetings and gatherings
        if _is_item_header(line, timex, text):
            reasons.append("item_header")
        if _is_statistics_row(line, timex, text):
            reasons.append("statistics_row")
        if self.gatherings.search(text, max(sentence_start, timex.start - 80), min(sentence_end, timex.end + 80)):
            reasons.append("gathering")  # "de infoavond vindt plaats op 5 september": logistics
        window = text[max(sentence_start, timex.start - 40) : min(sentence_end, timex.end + 40)]
        if self.non_event_context.search(window):
            reasons.append("non_event_context")
        return reasons

    def span_reasons(self, text: str, span: Span, timex: Timex) -> list[str]:
        """Rules that need the tagged tokens of the date's sentence."""
        reasons = []
        if timex.text.lower() == "vandaag" and not _has_main_verb(span):
            reasons.append("today_without_verb")  # "Vandaag zijn er zes clusters": nowadays
        if timex.text.isdigit() and self._is_statistic(text, span):
            reasons.append("statistic")  # "In 2018 ontving de entiteit 134 aanvragen"
        if timex.text.isdigit() and _names_a_year_of_something(span):
            reasons.append("year_of_something")  # "de ledenlijst van 2018", "de cijfers voor 2019"
        return reasons

    def _is_statistic(self, text: str, span: Span) -> bool:
        """A clause with a count or amount and no decision verb: the year of a statistic. (Not
        in a table row: an action table's numbers sit beside its deadlines.)"""
        if _line(text, span.start_char).lstrip().startswith("|"):
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
        """The status the text gives, from the most to the least explicit: a delay or stop
        label on the date's line or word in its sentence, a status label on the date's own line
        ("(Q2-2012) – Gerealiseerd"), the tense of the verb the date belongs to, the cue word
        nearest to the date, and last a status label for the whole paragraph."""
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
        strong_labels = (
            [s for _, s in self._labels(text, line_start, line_end) if s in STRONG_STATUSES] if short_line else []
        )
        cues = [
            (status, m.start())
            for status, pattern in self.status_cues
            for m in pattern.finditer(text, start, end)
            if not (timex.start <= m.start() < timex.end)
        ]
        strong = strong_labels or [status for status, _ in cues if status in STRONG_STATUSES]
        if strong:  # "gepland voor april, is verschoven naar september": delayed
            return strong[0]
        after = sorted((position, status) for position, status in labels if position >= timex.end)
        before = sorted((position, status) for position, status in labels if position < timex.start)
        if after or before:
            return after[0][1] if after else before[-1][1]
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


def _layout_features(text: str, timex: Timex) -> set[str]:
    """Where the date stands: line length and opening, position on the line, a colon after it,
    parentheses, a "Mijlpaal" item, the section heading's words."""
    line = _line(text, timex.start)
    line_start = _line_start(text, timex.start)
    before, after = text[line_start : timex.start], text[timex.end : line_start + len(line)]
    stripped = line.strip()
    opening = stripped[:1]
    first_word = re.match(r"[^\w\s]+|\w+", stripped)
    block_start = max(text.rfind("\n\n", 0, timex.start), 0)
    names = {
        f"line_length={min(len(stripped) // 40, 5)}",
        f"line_start={opening if opening in '|-•*#' else 'digit' if opening.isdigit() else 'text'}",
        f"line_first={first_word.group().lower() if first_word else ''}",
        f"date_opens_line={not before.strip()}",
        f"date_closes_line={not after.strip(' .:)')}",
        f"colon_after={after.lstrip().startswith(':')}",
        f"line_has_period={'. ' in stripped or stripped.endswith('.')}",
        f"in_parentheses={before.count('(') > before.count(')')}",
        f"milestone_item={bool(_MILESTONE_LINE.search(text, block_start, timex.start))}",
    }
    heading = _section_heading(text, timex.start)
    if heading is not None:
        names |= {f"heading={w}" for w in re.findall(r"[a-zà-ÿ]{3,}", heading.lower())}
    return names


def _token_features(span: Span, clause: list[Token]) -> set[str]:
    """The words around the date in its sentence, and the verbs, nouns, tenses and counts of
    its ``clause``."""
    doc, sentence = span.doc, span.sent
    names = set()
    for offset, name in ((1, "prev"), (2, "prev2")):
        if span.start - offset >= sentence.start:
            names.add(f"{name}={doc[span.start - offset].lower_}")
    for offset, name in ((0, "next"), (1, "next2")):
        if span.end + offset < sentence.end:
            names.add(f"{name}={doc[span.end + offset].lower_}")
    if span.start > sentence.start:
        names.add(f"prev_pos={doc[span.start - 1].pos_}")  # "het beleidsplan 2008-2013": a name
    if span.end < sentence.end:
        names.add(f"next_pos={doc[span.end].pos_}")
    names |= {f"left={t.lower_}" for t in doc[max(sentence.start, span.start - 6) : span.start] if t.is_alpha}
    names |= {f"right={t.lower_}" for t in doc[span.end : min(sentence.end, span.end + 6)] if t.is_alpha}
    names |= {f"verb={t.lemma_.lower()}" for t in clause if t.pos_ in {"VERB", "AUX"}}
    names |= {f"noun={t.lemma_.lower()}" for t in clause if t.pos_ == "NOUN"}
    names |= {f"tense={tense}" for t in clause for tense in t.morph.get("Tense", [])}
    numbers = sum(1 for t in clause if t.like_num and not _YEAR_TOKEN.fullmatch(t.text))
    names.add(f"numbers={min(numbers, 3)}")
    names.add(f"dates_in_sentence={min(len(_YEAR_TOKEN.findall(sentence.text)), 4)}")
    return names


def _with_block_features(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Add what the rules say of the other dates in the same block (paragraph or list): the
    dates of an agenda are gatherings together, those of an action table events together;
    whether a "Mijlpaal 2013:" heading year is made more specific by its item; and whether the
    first date of a line is made more specific later on it ("dec. 2011  De regering keurde op
    16 december 2011 ...": a timeline's label)."""
    kept = set(_drop_superseded_headings(text, [c.timex for c in candidates]))
    refined = _refined_line_labels(text, [c.timex for c in candidates])
    blocks: dict[int, list[int]] = {}
    for index, candidate in enumerate(candidates):
        blocks.setdefault(text.rfind("\n\n", 0, candidate.timex.start), []).append(index)
    updated = list(candidates)
    for members in blocks.values():
        block_vetoed = sum(1 for i in members if candidates[i].reasons)
        for index in members:
            others = len(members) - 1
            vetoed = block_vetoed - bool(candidates[index].reasons)
            share = "none" if not others else "all" if vetoed == others else "some" if vetoed else "no"
            extra = {f"block_dates={min(others, 4)}", f"block_vetoed={share}"}
            if candidates[index].timex not in kept:
                extra.add("superseded_heading")
            if index in refined:
                extra.add("refined_on_line")
            updated[index] = dataclasses.replace(candidates[index], features=candidates[index].features | extra)
    return updated


def _refined_line_labels(text: str, timexes: list[Timex]) -> set[int]:
    """The indices of the dates that come first on their line and are made more specific by a
    later date on it (a value that starts with theirs)."""
    refined = set()
    for index, timex in enumerate(timexes):
        if not timex.value or timex.granularity == "period":
            continue
        line_start = _line_start(text, timex.start)
        if index and timexes[index - 1].start >= line_start:
            continue  # not the first date of its line
        line_end = line_start + len(_line(text, timex.start))
        for other in timexes[index + 1 :]:
            if other.start >= line_end:
                break
            if other.value and other.value != timex.value and other.value.startswith(timex.value):
                refined.add(index)
                break
    return refined


def _in_header(text: str, index: int) -> bool:
    return index < _header_end(text)


@lru_cache(maxsize=16)
def _header_end(text: str) -> int:
    """Where the first HEADER_LINES non-empty lines end (computed once per text)."""
    position = seen = 0
    for line in text.split("\n"):
        position += len(line) + 1
        seen += bool(line.strip())
        if seen == HEADER_LINES:
            return position
    return len(text) + 1


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
    return "PLANNED" if _FUTURE_PHRASE.search(timex.text) or timex.tense_shift else None


def _date_by_status(timex: Timex, status: str | None, doc_date: dt.date) -> Timex:
    """A year-less date ("in december") took the document's year, a bare weekday the last one:
    a done event that would lie after the document date happened a year before, a planned one
    that would lie before it comes a year (a week) after."""
    if status == "DONE" and timex.date_start is not None and timex.date_start > doc_date.isoformat():
        return timex.shifted(-1)
    if status == "PLANNED" and timex.date_end is not None and timex.date_end < doc_date.isoformat():
        return timex.shifted(1)
    return timex


def _drop_superseded_headings(text: str, timexes: list[Timex]) -> list[Timex]:
    """Drop the year of a "Mijlpaal 2013:" heading (or a timeline's year alone on its line)
    when its item gives a date in that year ("... gegund (midden 2013)"). The item is the rest
    of the heading's line (and the lines it wraps onto), or, for a heading alone on its line,
    the lines up to the next blank line or heading."""
    kept = []
    for timex in timexes:
        line = _line(text, timex.start)
        heading = _HEADING.match(line)
        line_start = _line_start(text, timex.start)
        year_end = line_start + len(line) - len(line.lstrip()) + len(line.strip().rstrip(":–- \t"))
        if heading and timex.granularity == "year" and timex.end in (line_start + heading.end(), year_end):
            end = text.find("\n", timex.end)
            end = len(text) if end == -1 else end
            if not text[timex.end : end].strip(" :–-\t"):
                following = _NEXT_HEADING.search(text, end)
                end = following.start() if following else len(text)
            else:  # an item wrapped over lines that go on in lower case: "... over hun positie\nin het ..."
                while (wrapped := _WRAPPED_LINE.match(text, end)) is not None:
                    end = text.find("\n", wrapped.end())
                    end = len(text) if end == -1 else end
            if any(timex.end <= o.start < end and (o.value or "").startswith(timex.value or "?") for o in timexes):
                continue
        kept.append(timex)
    return kept
