"""``policytext evaluate --classification``: the shipped model against both baselines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policytext.classify.corpus import load_corpus
from policytext.classify.modelfile import load_model
from policytext.classify.train import evaluate_split, extract_features
from policytext.nlp.pipeline import build_pipeline


def evaluate_classification(
    corpus_dir: Path, model_dir: Path | None = None, split: str = "test", spacy_model: str | None = None
) -> dict[str, Any]:
    model = load_model(model_dir)
    documents = load_corpus(corpus_dir)
    chosen = [d for d in documents if d.split == split]
    train_docs = [d for d in documents if d.split == "train"]
    features = extract_features(build_pipeline(spacy_model), [d.text for d in chosen])
    return {
        "split": split,
        "model": model.version,
        "results": evaluate_split(model.bundle, chosen, features, train_docs),
    }


def format_classification(report: dict[str, Any]) -> str:
    lines = [f"classification on the {report['split']} split, model {report['model']}"]
    for key, systems in report["results"].items():
        lines += ["", f"{key}:", f"  {'system':24} {'macro-F1':>9} {'micro-F1':>9} {'accuracy':>9} {'top-2 rec':>9}"]
        for system, scores in systems.items():
            top2 = scores.get("top2_recall")
            lines.append(
                f"  {system:24} {scores['macro_f1']:9.3f} {scores['micro_f1']:9.3f} {scores['accuracy']:9.3f} "
                f"{'' if top2 is None else f'{top2:9.3f}'}"
            )
        lines.append(
            "  per label (model): " + ", ".join(f"{k} {v['f1']:.2f}" for k, v in systems["model"]["per_label"].items())
        )
    return "\n".join(lines)
