import pytest

from policytext.errors import ModelNotFoundError
from policytext.nlp.loading import base_pipeline_info, load_base_pipeline


def test_missing_model_names_how_to_install() -> None:
    with pytest.raises(ModelNotFoundError, match="spacy download nl_core_news_sm"):
        load_base_pipeline("nl_no_such_pipeline_sm")


def test_environment_variable_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYTEXT_SPACY_MODEL", "nl_no_such_pipeline_sm")
    with pytest.raises(ModelNotFoundError, match="nl_no_such_pipeline_sm"):
        load_base_pipeline()


def test_loaded_pipeline_is_recorded_and_has_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    info = base_pipeline_info(nlp)
    assert info.name in {"nl_core_news_sm", "nl_udconll_sm"}
    assert "parser" not in nlp.pipe_names
    doc = nlp("Eerste zin. Tweede zin over VLAIO.")
    assert len(list(doc.sents)) == 2
