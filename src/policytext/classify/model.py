"""The cluster/pillar estimator: TF-IDF over text, lemmas and extracted entities, a
calibrated one-vs-rest logistic regression per label, and per-label decision thresholds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

FEATURE_COLUMNS = ("text", "lemmas", "entities")


def build_features() -> ColumnTransformer:
    """Character n-grams of the raw text, word n-grams of lemmas, entity tokens."""
    return ColumnTransformer(
        [
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(3, 5), min_df=2, max_features=60_000, sublinear_tf=True
                ),
                "text",
            ),
            (
                "lemmas",
                TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"\S+"),
                "lemmas",
            ),
            ("entities", TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True), "entities"),
        ],
        sparse_threshold=1.0,
    )


def build_classifier(random_state: int = 0, C: float = 8.0) -> Pipeline:
    """Feature union + one calibrated logistic regression per label (multi-label)."""
    base = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=random_state)
    calibrated = CalibratedClassifierCV(base, method="sigmoid", cv=3, ensemble=False)
    return Pipeline([("features", build_features()), ("clf", OneVsRestClassifier(calibrated))])


class ThresholdedMultiLabel(ClassifierMixin, BaseEstimator):
    """Multi-label classifier with one decision threshold per label.

    ``fit`` trains ``estimator`` on a label-indicator matrix and sets every threshold to
    ``default_threshold``; :meth:`tune_thresholds` then picks, per label, the threshold that
    maximises F1 on held-out data (the dev split, never test). Labels whose probability stays
    under their threshold are not predicted, so a document may get no label at all.
    """

    def __init__(self, estimator: Any = None, default_threshold: float = 0.5) -> None:
        self.estimator = estimator
        self.default_threshold = default_threshold

    def fit(self, X: Any, y: Any) -> ThresholdedMultiLabel:
        y = np.asarray(y)
        if y.ndim != 2:
            raise ValueError("y must be a 2-D label-indicator matrix")
        base = self.estimator if self.estimator is not None else build_classifier()
        self.estimator_ = clone(base).fit(X, y)
        self.n_labels_ = y.shape[1]
        self.classes_ = np.arange(self.n_labels_)
        self.thresholds_ = np.full(self.n_labels_, self.default_threshold)
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "estimator_")
        proba: np.ndarray = np.asarray(self.estimator_.predict_proba(X))
        return proba

    def predict(self, X: Any) -> np.ndarray:
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def tune_thresholds(
        self,
        X: Any,
        y: Any,
        grid: Sequence[float] = tuple(np.round(np.arange(0.25, 0.76, 0.05), 2)),
        tolerance: float = 0.02,
    ) -> ThresholdedMultiLabel:
        """Per label, the threshold closest to ``default_threshold`` among those whose F1 on
        ``X, y`` is within ``tolerance`` of the best: a small dev split should move thresholds
        only where it gives clear evidence, since calibrated scores make 0.5 the neutral choice."""
        y = np.asarray(y)
        proba = self.predict_proba(X)
        thresholds = []
        for label in range(self.n_labels_):
            if y[:, label].sum() == 0:
                thresholds.append(self.default_threshold)
                continue
            scores = np.array([f1_score(y[:, label], proba[:, label] >= t, zero_division=0) for t in grid])
            good = [t for t, score in zip(grid, scores, strict=True) if score >= scores.max() - tolerance]
            thresholds.append(float(min(good, key=lambda t: abs(t - self.default_threshold))))
        self.thresholds_ = np.asarray(thresholds)
        return self


def as_frame(rows: Sequence[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(FEATURE_COLUMNS))
