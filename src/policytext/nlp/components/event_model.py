"""A small logistic regression that decides whether a date expression is a policy event.

Features are names ("rule=gathering", "prev=op"); the model is stored as JSON (weights by
name, intercept, decision threshold and how it was trained), so it loads without pickle and
reads the same under any scikit-learn version. ``scripts/train_milestone_events.py`` trains it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

BUILTIN = "builtin"


@dataclass(frozen=True)
class EventModel:
    weights: dict[str, float]
    intercept: float
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def probability(self, features: Iterable[str]) -> float:
        score = self.intercept + sum(self.weights.get(name, 0.0) for name in set(features))
        return 1.0 / (1.0 + math.exp(-score))

    def is_event(self, features: Iterable[str]) -> bool:
        return self.probability(features) >= self.threshold

    @classmethod
    def fit(
        cls,
        features: Sequence[Iterable[str]],
        labels: Sequence[bool],
        c: float = 1.0,
        threshold: float = 0.5,
        meta: dict[str, Any] | None = None,
    ) -> EventModel:
        """Fit an L2-regularised logistic regression on binary named features."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = DictVectorizer()
        matrix = vectorizer.fit_transform([dict.fromkeys(names, 1.0) for names in features])
        classifier = LogisticRegression(C=c, max_iter=2000).fit(matrix, list(labels))
        weights = {
            name: round(float(weight), 6)
            for name, weight in zip(vectorizer.get_feature_names_out(), classifier.coef_[0], strict=True)
            if abs(weight) >= 1e-6
        }
        return cls(weights, round(float(classifier.intercept_[0]), 6), threshold, dict(meta or {}))

    @classmethod
    def load(cls, location: str | Path) -> EventModel:
        """Load from a JSON file, or the model shipped with policytext for ``"builtin"``."""
        if str(location) == BUILTIN:
            text = resources.files("policytext.nlp").joinpath("data/milestone_events.json").read_text(encoding="utf-8")
        else:
            path = Path(location)
            if not path.is_file():
                raise FileNotFoundError(f"milestone event model {path} does not exist")
            text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        try:
            return cls(
                weights={str(k): float(v) for k, v in data["weights"].items()},
                intercept=float(data["intercept"]),
                threshold=float(data["threshold"]),
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"milestone event model {location}: not a valid model file ({error})") from error

    def save(self, path: str | Path) -> None:
        data = {
            "meta": self.meta,
            "threshold": self.threshold,
            "intercept": self.intercept,
            "weights": dict(sorted(self.weights.items())),
        }
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
