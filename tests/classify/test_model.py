"""The estimator contract, thresholds, abstention and determinism of the classifier."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from policytext.classify.model import ThresholdedMultiLabel, as_frame, build_classifier

TOPICS = {
    0: "chemie kunststoffen recyclage polymeren essenscia kraakinstallatie",
    1: "logistiek binnenvaart vrachtwagen magazijn modal shift containers",
    2: "voeding eiwitten voedingsbedrijven zoutreductie ingrediënten zuivel",
}


def toy_data(n: int = 60, seed: int = 0) -> tuple[object, np.ndarray]:
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for i in range(n):
        chosen = [t for t in TOPICS if rng.random() < 0.4] or [i % 3]
        words = " ".join(" ".join(rng.permutation(TOPICS[t].split())) for t in chosen)
        text = f"Document {i}: de Vlaamse overheid steunt {words}."
        rows.append({"text": text, "lemmas": words, "entities": " ".join(f"sector=s{t}" for t in chosen)})
        labels.append([int(t in chosen) for t in TOPICS])
    return as_frame(rows), np.array(labels)


@pytest.mark.parametrize(
    "check",
    [
        check_get_params_invariance,
        check_set_params,
        check_no_attributes_set_in_init,
        check_parameters_default_constructible,
    ],
)
def test_sklearn_estimator_checks(check) -> None:  # type: ignore[no-untyped-def]
    check("ThresholdedMultiLabel", ThresholdedMultiLabel())


def test_fit_returns_self_and_sets_trailing_underscore_attributes() -> None:
    x, y = toy_data()
    model = ThresholdedMultiLabel(build_classifier(), default_threshold=0.5)
    assert model.fit(x, y) is model
    assert model.thresholds_.shape == (3,)
    assert model.predict_proba(x).shape == (len(y), 3)


def test_unfitted_model_refuses_to_predict() -> None:
    x, _ = toy_data(10)
    with pytest.raises(NotFittedError):
        ThresholdedMultiLabel().predict(x)


def test_one_dimensional_labels_are_refused() -> None:
    x, y = toy_data()
    with pytest.raises(ValueError, match="2-D"):
        ThresholdedMultiLabel().fit(x, y[:, 0])


def test_thresholds_move_from_neutral_only_on_clear_evidence() -> None:
    model = ThresholdedMultiLabel()
    model.n_labels_ = 2
    model.thresholds_ = np.array([0.5, 0.5])
    probabilities = np.array([[0.9, 0.6], [0.35, 0.2], [0.2, 0.55], [0.6, 0.7]])
    y_dev = np.array([[1, 1], [1, 0], [0, 0], [1, 1]])
    model.predict_proba = lambda _: probabilities  # type: ignore[method-assign]
    model.tune_thresholds(None, y_dev)
    # Label 0: only thresholds in (0.2, 0.35] catch the positive at 0.35; 0.35 is closest to 0.5.
    assert model.thresholds_[0] == pytest.approx(0.35)
    # Label 1: 0.5 would let the negative at 0.55 through; 0.6 is the nearest perfect threshold.
    assert model.thresholds_[1] == pytest.approx(0.6)
    predictions = model.predict(None)
    assert predictions[2].sum() == 0  # no label confident enough: the document gets none


def test_training_is_deterministic() -> None:
    x, y = toy_data()
    first = ThresholdedMultiLabel(build_classifier(random_state=7)).fit(x, y).predict_proba(x)
    second = ThresholdedMultiLabel(build_classifier(random_state=7)).fit(x, y).predict_proba(x)
    np.testing.assert_array_equal(first, second)


def test_clone_gives_an_unfitted_copy() -> None:
    x, y = toy_data()
    fitted = ThresholdedMultiLabel(build_classifier()).fit(x, y)
    assert not hasattr(clone(fitted), "estimator_")
