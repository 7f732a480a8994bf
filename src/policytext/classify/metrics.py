"""Multi-label metrics reported for every model and baseline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support


def multilabel_report(
    y_true: np.ndarray, y_pred: np.ndarray, labels: Sequence[str], proba: np.ndarray | None = None
) -> dict[str, Any]:
    """Macro/micro F1, exact-match accuracy, per-label P/R/F1 and, with scores, top-2 recall."""
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, zero_division=0)
    report: dict[str, Any] = {
        "macro_f1": round(float(f1_score(y_true, y_pred, average="macro", zero_division=0)), 4),
        "micro_f1": round(float(f1_score(y_true, y_pred, average="micro", zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "per_label": {
            label: {
                "precision": round(float(precision[i]), 4),
                "recall": round(float(recall[i]), 4),
                "f1": round(float(f1[i]), 4),
                "support": int(support[i]),
            }
            for i, label in enumerate(labels)
        },
        "documents": len(y_true),
    }
    if proba is not None:
        report["top2_recall"] = round(top_k_recall(y_true, proba, 2), 4)
    return report


def top_k_recall(y_true: np.ndarray, proba: np.ndarray, k: int) -> float:
    """Share of true labels that are among the k highest-scored labels of their document."""
    top = np.argsort(-proba, axis=1)[:, :k]
    hits = sum(int(y_true[i, j]) for i in range(len(y_true)) for j in top[i])
    total = int(y_true.sum())
    return hits / total if total else 0.0
