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
from spacy.tokens import Doc

from policytext.io.readers import HEADER_LINES
from policytext.nlp.components.extensions import register_extensions
from policytext.nlp.timex import Timex, find_timexes
from policytext.records import Milestone

_CITATION = re.compile(r"\([A-Z][^()\n]{0,80}?,\s*(?:19|20)\d{2}[a-z]?\)|\[\d+\]")
_HEADING = re.compile(r"^\s*mijlpa(?:al|len)\s+(?:19|20)\d{2}\b", re.I | re.M)


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

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        timexes = [t for t in find_timexes(text, doc._.doc_date) if self._is_event(text, t, doc._.doc_date)]
        timexes = _drop_superseded_headings(text, timexes)
        milestones = []
        for timex in timexes:
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            sentence = span.sent.text if span is not None else _line(text, timex.start)
            milestones.append(
                Milestone(
                    text=timex.text,
                    value=timex.value,
                    granularity=timex.granularity,
                    mod=timex.mod,
                    status=self._status(text, timex, sentence),
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
        if doc_date is not None and timex.value == doc_date.isoformat() and _in_header(text, timex.start):
            return False  # the document's own date in its masthead or dateline
        first_line_end = text.find("\n")
        if first_line_end >= 0 and timex.start < first_line_end and not _HEADING.match(line):
            return False  # the title or masthead of the document
        if self.non_event_line.match(line) or _is_dateline(line, timex):
            return False
        if any(
            m.start() <= timex.start < m.end()
            for m in _CITATION.finditer(text, max(0, timex.start - 90), timex.end + 2)
        ):
            return False
        window = text[max(0, timex.start - 40) : timex.end + 40]
        return not self.non_event_context.search(window)

    def _status(self, text: str, timex: Timex, sentence: str) -> str | None:
        for status, pattern in self.status_cues:
            if pattern.search(sentence.replace(timex.text, " ")):
                return status
        paragraph = _paragraph(text, timex.start)
        for status, pattern in self.status_labels:
            if pattern.search(paragraph):
                return status
        return None


def _in_header(text: str, index: int) -> bool:
    lines_before = [line for line in text[:index].split("\n") if line.strip()]
    return len(lines_before) <= HEADER_LINES


def _line(text: str, index: int) -> str:
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[start : end if end != -1 else len(text)]


def _paragraph(text: str, index: int) -> str:
    start = text.rfind("\n\n", 0, index)
    end = text.find("\n\n", index)
    return text[start + 1 if start != -1 else 0 : end if end != -1 else len(text)]


def _is_dateline(line: str, timex: Timex) -> bool:
    """ "Brussel, 9 juni 2017" alone on a line: the document's own date."""
    stripped = line.strip()
    return (
        timex.granularity == "day" and len(stripped) <= len(timex.text) + 30 and stripped.endswith(timex.text.strip())
    )


def _drop_superseded_headings(text: str, timexes: list[Timex]) -> list[Timex]:
    kept = []
    for timex in timexes:
        if timex.granularity == "year" and _HEADING.match(_line(text, timex.start)):
            end = text.find("\n\n", timex.start)
            end = len(text) if end == -1 else end
            if any(timex.end <= o.start < end and (o.value or "").startswith(timex.value or "?") for o in timexes):
                continue
        kept.append(timex)
    return kept
