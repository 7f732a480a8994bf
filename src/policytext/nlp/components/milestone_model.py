"""The learned part of the milestone component: which date expressions are policy events, and
what status the text gives them.

Both are logistic regressions over named binary features ("rule=gathering", "prev=op",
"status=PLANNED" for the rules' own status). The model is stored as JSON (weights by name,
intercepts, the event threshold and how it was trained), so it loads without pickle and reads
the same under any scikit-learn version. ``scripts/train_milestone_model.py`` trains it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from policytext.errors import ModelIntegrityError, ModelNotFoundError

BUILTIN = "builtin"
NO_STATUS = "NONE"


@dataclass(frozen=True)
class EventModel:
    """Binary: the probability that a date expression is a policy event."""

    weights: dict[str, float]
    intercept: float
    threshold: float = 0.5

    def probability(self, features: Iterable[str]) -> float:
        score = self.intercept + sum(self.weights.get(name, 0.0) for name in set(features))
        return 1.0 / (1.0 + math.exp(-score))

    def is_event(self, features: Iterable[str]) -> bool:
        return self.probability(features) >= self.threshold

    @classmethod
    def fit(
        cls, features: Sequence[Iterable[str]], labels: Sequence[bool], c: float = 1.0, threshold: float = 0.5
    ) -> EventModel:
        """Fit an L2-regularised logistic regression on binary named features."""
        names, (weights,), (intercept,), _ = _fit(features, [bool(label) for label in labels], c)
        return cls(_named(names, weights), round(float(intercept), 6), threshold)


@dataclass(frozen=True)
class StatusModel:
    """Multinomial: the status of an event (``None`` for "the text gives none")."""

    weights: dict[str, dict[str, float]]  # status -> feature -> weight
    intercepts: dict[str, float]

    def predict(self, features: Iterable[str]) -> str | None:
        names = set(features)
        scores = {
            status: self.intercepts[status] + sum(weights.get(name, 0.0) for name in names)
            for status, weights in self.weights.items()
        }
        best = max(scores, key=lambda status: scores[status])
        return None if best == NO_STATUS else best

    @classmethod
    def fit(cls, features: Sequence[Iterable[str]], statuses: Sequence[str | None], c: float = 1.0) -> StatusModel:
        labels = [status or NO_STATUS for status in statuses]
        if len(set(labels)) < 3:
            raise ValueError("a status model needs at least three statuses among its examples")
        names, rows, intercepts, classes = _fit(features, labels, c)
        return cls(
            {str(status): _named(names, row) for status, row in zip(classes, rows, strict=True)},
            {str(status): round(float(value), 6) for status, value in zip(classes, intercepts, strict=True)},
        )


@dataclass(frozen=True)
class MilestoneModel:
    event: EventModel
    status: StatusModel | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, location: str | Path) -> MilestoneModel:
        """Load from a JSON file, or the model shipped with policytext for ``"builtin"``."""
        if str(location) == BUILTIN:
            text = resources.files("policytext.nlp").joinpath("data/milestone_model.json").read_text(encoding="utf-8")
        else:
            path = Path(location)
            if not path.is_file():
                raise ModelNotFoundError(f"milestone model {path} does not exist")
            text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text)
            event = EventModel(
                weights={str(k): float(v) for k, v in data["event"]["weights"].items()},
                intercept=float(data["event"]["intercept"]),
                threshold=float(data["event"]["threshold"]),
            )
            status = None
            if data.get("status") is not None:
                status = StatusModel(
                    weights={
                        str(s): {str(k): float(v) for k, v in w.items()} for s, w in data["status"]["weights"].items()
                    },
                    intercepts={str(s): float(v) for s, v in data["status"]["intercepts"].items()},
                )
            return cls(event, status, dict(data.get("meta", {})))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ModelIntegrityError(f"milestone model {location}: not a valid model file ({error})") from error

    def save(self, path: str | Path) -> None:
        data: dict[str, Any] = {
            "meta": self.meta,
            "event": {
                "threshold": self.event.threshold,
                "intercept": self.event.intercept,
                "weights": dict(sorted(self.event.weights.items())),
            },
            "status": None,
        }
        if self.status is not None:
            data["status"] = {
                "intercepts": self.status.intercepts,
                "weights": {s: dict(sorted(w.items())) for s, w in self.status.weights.items()},
            }
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _named(names: Sequence[str], weights: Sequence[float]) -> dict[str, float]:
    return {name: round(float(w), 6) for name, w in zip(names, weights, strict=True) if abs(w) >= 1e-6}


def _fit(features: Sequence[Iterable[str]], labels: Sequence[Any], c: float) -> tuple[list[str], Any, Any, list[Any]]:
    """Feature names, coefficients, intercepts and classes of a logistic regression."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(names, 1.0) for names in features])
    classifier = LogisticRegression(C=c, max_iter=3000).fit(matrix, list(labels))
    names = [str(name) for name in vectorizer.get_feature_names_out()]
    return names, classifier.coef_, classifier.intercept_, list(classifier.classes_)
