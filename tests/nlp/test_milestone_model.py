"""The milestone model: fitting, the JSON round trip, and its place in the component."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from policytext.errors import ModelIntegrityError, ModelNotFoundError
from policytext.nlp.components import MilestoneExtractor
from policytext.nlp.components.milestone_model import BUILTIN, EventModel, MilestoneModel, StatusModel


def test_event_model_learns_which_features_mark_events() -> None:
    features = [{"rule=none", "verb=starten"}] * 20 + [{"rule=gathering", "noun=webinar"}] * 20
    model = EventModel.fit(features, [True] * 20 + [False] * 20, c=1.0)
    assert model.is_event({"rule=none", "verb=starten"})
    assert not model.is_event({"rule=gathering", "noun=webinar"})
    assert model.weights["rule=gathering"] < 0 < model.weights["rule=none"]


def test_status_model_predicts_statuses_and_none() -> None:
    features = [{"verb=zullen"}] * 10 + [{"tense=Past"}] * 10 + [{"noun=tabel"}] * 10
    model = StatusModel.fit(features, ["PLANNED"] * 10 + ["DONE"] * 10 + [None] * 10, c=10.0)
    assert model.predict({"verb=zullen"}) == "PLANNED"
    assert model.predict({"tense=Past"}) == "DONE"
    assert model.predict({"noun=tabel"}) is None


def test_unknown_features_are_ignored() -> None:
    model = EventModel(weights={"a": 2.0}, intercept=-1.0)
    assert model.probability({"a", "never-seen"}) == pytest.approx(model.probability({"a"}))


def test_json_round_trip(tmp_path: Path) -> None:
    model = MilestoneModel(
        event=EventModel(weights={"rule=none": 1.5, "prev=op": -0.25}, intercept=-0.5, threshold=0.4),
        status=StatusModel(weights={"DONE": {"tense=Past": 2.0}, "NONE": {}}, intercepts={"DONE": 0.1, "NONE": 0.0}),
        meta={"event_c": 1.0},
    )
    model.save(tmp_path / "model.json")
    assert MilestoneModel.load(tmp_path / "model.json") == model


@pytest.mark.parametrize("content", ["{}", '{"event": {"weights": [1], "intercept": 0, "threshold": 0.5}}', "not json"])
def test_invalid_model_file_is_named(tmp_path: Path, content: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelIntegrityError, match="not a valid model file") as error:
        MilestoneModel.load(path)
    assert str(path) in str(error.value)


def test_missing_model_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="model.json"):
        MilestoneModel.load(tmp_path / "model.json")


def test_shipped_model_records_its_training() -> None:
    model = MilestoneModel.load(BUILTIN)
    assert "test" not in model.meta["splits"]
    assert 0 < model.event.threshold < 1
    assert model.status is not None and {"DONE", "PLANNED"} <= set(model.status.weights)


def test_component_uses_the_configured_model(nlp: Language, tmp_path: Path) -> None:
    """A model that rejects every candidate leaves no milestones; without a model the rules decide."""
    rejecting = tmp_path / "reject.json"
    MilestoneModel(EventModel(weights={}, intercept=-10.0)).save(rejecting)
    doc = nlp.make_doc("De regering keurde het plan goed op 9 juni 2017.")
    doc._.doc_date = dt.date(2017, 6, 20)
    doc = nlp(doc)
    assert [(m.value, m.status) for m in doc._.milestones] == [("2017-06-09", "DONE")]
    assert MilestoneExtractor(model=rejecting)(doc)._.milestones == []
    assert [m.value for m in MilestoneExtractor(model=None)(doc)._.milestones] == ["2017-06-09"]


def test_component_model_is_configurable_in_a_pipeline(tmp_path: Path) -> None:
    import spacy

    blank = spacy.blank("nl")
    blank.add_pipe("sentencizer")
    blank.add_pipe("policytext_milestones", config={"model": None})
    assert blank.get_pipe("policytext_milestones").model is None


def test_environment_variable_chooses_the_milestone_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policytext.nlp.pipeline import MILESTONE_MODEL_ENV_VAR, build_pipeline

    rejecting = tmp_path / "reject.json"
    MilestoneModel(EventModel(weights={}, intercept=-10.0)).save(rejecting)
    monkeypatch.setenv(MILESTONE_MODEL_ENV_VAR, str(rejecting))
    nlp = build_pipeline()
    assert nlp("De regering keurde het plan goed op 9 juni 2017.")._.milestones == []
    monkeypatch.setenv(MILESTONE_MODEL_ENV_VAR, str(tmp_path / "missing.json"))
    with pytest.raises(ModelNotFoundError, match="missing.json"):
        build_pipeline()
