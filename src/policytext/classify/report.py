"""Model card (Markdown) with per-label metrics, confusion matrices and a calibration plot."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import multilabel_confusion_matrix

MODEL_CARD = "MODEL_CARD.md"


def write_model_card(
    out_dir: Path,
    manifest: dict[str, Any],
    bundle: dict[str, Any],
    test_docs: Sequence[Any],
    test_frame: Any,
    label_matrix: Callable[[Sequence[Any], str], np.ndarray],
) -> None:
    lines = [
        "# policytext cluster and pillar classifier",
        "",
        f"- version: `{manifest['version']}`; created {manifest['created']}; seed {manifest['seed']}",
        f"- base pipeline for features: `{manifest['base_pipeline']}`; "
        f"scikit-learn {manifest['versions']['scikit-learn']}",
        f"- corpus: `{manifest['corpus']['path']}` (sha256 `{manifest['corpus']['sha256'][:16]}…`), "
        f"documents per split: {manifest['corpus']['documents']}",
        "- model: TF-IDF over character n-grams of the text, lemma uni/bigrams and extracted entities;"
        " one sigmoid-calibrated logistic regression per label; per-label thresholds chosen on dev.",
        "- intended use: routing and analysing Flemish policy documents; not for decisions about people.",
        "- limits: trained on a corpus written by the policytext team; texts far from its genres may score lower.",
        "",
    ]
    for key in ("clusters", "pillars"):
        test = manifest["metrics"]["test"][key]
        lines += [
            f"## {key.capitalize()} (test split)",
            "",
            "| system | macro-F1 | micro-F1 | accuracy | top-2 recall |",
            "|---|---|---|---|---|",
        ]
        for system, scores in test.items():
            lines.append(
                f"| {system} | {scores['macro_f1']:.3f} | {scores['micro_f1']:.3f} | {scores['accuracy']:.3f} | "
                f"{scores.get('top2_recall', float('nan')):.3f} |"
            )
        lines += ["", "| label | precision | recall | F1 | support | threshold |", "|---|---|---|---|---|---|"]
        for label, scores in test["model"]["per_label"].items():
            threshold = manifest["thresholds"][key][label]
            lines.append(
                f"| {label} | {scores['precision']:.3f} | {scores['recall']:.3f} | {scores['f1']:.3f} | "
                f"{scores['support']} | {threshold:.2f} |"
            )
        cv = manifest["metrics"]["cross_validation_train"][key]
        lines += [
            "",
            f"5-fold cross-validation on train (threshold 0.5): macro-F1 {cv['macro_f1']:.3f} with C={cv['C']} "
            f"(by C: {cv['macro_f1_by_C']}).",
            "",
        ]
        y = label_matrix(test_docs, key)
        model = bundle[key]
        proba = model.predict_proba(test_frame)
        _confusion_plot(out_dir / f"confusion_{key}.png", y, model.predict(test_frame), manifest[f"{key[:-1]}_labels"])
        _calibration_plot(out_dir / f"calibration_{key}.png", y, proba)
        lines += [f"![confusion matrices](confusion_{key}.png)", "", f"![calibration](calibration_{key}.png)", ""]
    (out_dir / MODEL_CARD).write_text("\n".join(lines), encoding="utf-8")


def _confusion_plot(path: Path, y: np.ndarray, pred: np.ndarray, labels: Sequence[str]) -> None:
    matrices = multilabel_confusion_matrix(y, pred)
    fig, axes = plt.subplots(1, len(labels), figsize=(2.2 * len(labels), 2.6))
    for ax, label, matrix in zip(np.atleast_1d(axes), labels, matrices, strict=True):
        ax.imshow(matrix, cmap="Blues")
        for (i, j), value in np.ndenumerate(matrix):
            ax.text(j, i, str(value), ha="center", va="center")
        ax.set_title(label, fontsize=9)
        ax.set_xticks([0, 1], ["pred 0", "pred 1"], fontsize=7)
        ax.set_yticks([0, 1], ["true 0", "true 1"], fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _calibration_plot(path: Path, y: np.ndarray, proba: np.ndarray) -> None:
    fig, ax = plt.subplots(figsize=(4, 4))
    true_rate, predicted = calibration_curve(y.ravel(), proba.ravel(), n_bins=8, strategy="quantile")
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect")
    ax.plot(predicted, true_rate, marker="o", label="model (all labels, test)")
    ax.set_xlabel("predicted probability")
    ax.set_ylabel("observed frequency")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
