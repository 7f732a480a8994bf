"""Milestones found in any text have offsets into that text and values in the GUIDELINES format."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from policytext.nlp.timex import VALUE_PATTERN

WORDS = st.sampled_from(
    ["tegen", "eind", "vanaf", "2013", "Q4", "-", "kwartaal", "derde", "juni", "9", "najaar", "van", "tot", "2020",
     "volgend", "jaar", "Mijlpaal", ":", "(", ")", "\n", "vandaag", "27/05/2011", "semester", "eerste", "VLAIO"]
)  # fmt: skip
TEXTS = st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, anchor=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31))))
def test_milestones_point_into_the_text(nlp: Language, text: str, anchor: dt.date | None) -> None:
    doc = nlp.make_doc(text)
    doc._.doc_date = anchor
    doc = nlp(doc)
    for milestone in doc._.milestones:
        assert text[milestone.start : milestone.end] == milestone.text
        assert milestone.value is None or VALUE_PATTERN.match(milestone.value)
        assert milestone.mod in (None, "START", "END", "MID")
        assert milestone.status in (None, "DONE", "ONGOING", "DELAYED", "PLANNED", "STOPPED")
    for actor in doc._.actors:
        assert text[actor.start : actor.end] == actor.text
    for sector in doc._.sectors:
        assert text[sector.start : sector.end] == sector.text
