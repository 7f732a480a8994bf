"""The milestone event model: fitting, the JSON round trip, and its place in the component."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from spacy.language import Language

from policytext.nlp.components import MilestoneExtractor
from policytext.nlp.components.event_model import BUILTIN, EventModel


def test_fit_learns_which_features_mark_events() -> None:
    features = [{"rule=none", "verb=starten"}] * 20 + [{"rule=gathering", "noun=webinar"}] * 20
    labels = [True] * 20 + [False] * 20
    model = EventModel.fit(features, labels, c=1.0)
    assert model.is_event({"rule=none", "verb=starten"})
    assert not model.is_event({"rule=gathering", "noun=webinar"})
    assert model.weights["rule=gathering"] < 0 < model.weights["rule=none"]


def test_unknown_features_are_ignored() -> None:
    model = EventModel(weights={"a": 2.0}, intercept=-1.0)
    assert model.probability({"a", "never-seen"}) == pytest.approx(model.probability({"a"}))


def test_json_round_trip(tmp_path: Path) -> None:
    model = EventModel(weights={"rule=none": 1.5, "prev=op": -0.25}, intercept=-0.5, threshold=0.4, meta={"c": 1.0})
    model.save(tmp_path / "events.json")
    assert EventModel.load(tmp_path / "events.json") == model


@pytest.mark.parametrize(
    ("content", "message"),
    [("{}", "not a valid model file"), ('{"weights": [1], "intercept": 0, "threshold": 0.5}', "not a valid model")],
)
def test_invalid_model_file_is_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "events.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as error:
        EventModel.load(path)
    assert str(path) in str(error.value)


def test_missing_model_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="events.json"):
        EventModel.load(tmp_path / "events.json")


def test_shipped_model_records_its_training() -> None:
    model = EventModel.load(BUILTIN)
    assert "test" not in model.meta["splits"]
    assert 0 < model.threshold < 1
    assert json.dumps(model.meta)


def test_component_uses_the_configured_model(nlp: Language, tmp_path: Path) -> None:
    """A model that rejects every candidate leaves no milestones; without a model the rules decide."""
    rejecting = tmp_path / "reject.json"
    EventModel(weights={}, intercept=-10.0).save(rejecting)
    text = "De regering keurde het plan goed op 9 juni 2017."
    doc = nlp.make_doc(text)
    doc._.doc_date = dt.date(2017, 6, 20)
    doc = nlp(doc)
    assert [m.value for m in doc._.milestones] == ["2017-06-09"]
    assert MilestoneExtractor(event_model=rejecting)(doc)._.milestones == []
    assert [m.value for m in MilestoneExtractor(event_model=None)(doc)._.milestones] == ["2017-06-09"]
