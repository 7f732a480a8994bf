"""Two baselines the model must beat, on the same split (issue #4).

* keyword matching: a label is predicted when the document names the cluster (or its
  predecessors) or at least ``min_hits`` of its domain keywords occur;
* TF-IDF + logistic regression (balanced class weights) on the raw text, one-vs-rest, threshold 0.5.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline, make_pipeline

from policytext.taxonomy import LabelDefinition


class KeywordMatcher(ClassifierMixin, BaseEstimator):
    """Predict a label from the taxonomy's names and keywords; ``fit`` learns nothing."""

    def __init__(self, definitions: Sequence[LabelDefinition] = (), min_hits: int = 2) -> None:
        self.definitions = definitions
        self.min_hits = min_hits

    def fit(self, X: Sequence[str], y: object = None) -> KeywordMatcher:
        self.patterns_ = [
            (
                _words(d.names),
                _words(d.keywords),
            )
            for d in self.definitions
        ]
        self.classes_ = np.arange(len(self.definitions))
        return self

    def predict(self, X: Sequence[str]) -> np.ndarray:
        rows = []
        for text in X:
            row = []
            for names, keywords in self.patterns_:
                named = names is not None and names.search(text) is not None
                hits = len(set(m.group(0).lower() for m in keywords.finditer(text))) if keywords is not None else 0
                row.append(int(named or hits >= self.min_hits))
            rows.append(row)
        return np.asarray(rows)


def _words(phrases: Sequence[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)


def tfidf_logreg(random_state: int = 0) -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2)),
        OneVsRestClassifier(LogisticRegression(class_weight="balanced", max_iter=2000, random_state=random_state)),
    )
