"""Train the cluster and pillar models from a corpus and write them, with a manifest and a
model card, to a model directory. Deterministic: the same corpus and seed give the same model.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
import spacy
from sklearn.model_selection import KFold, cross_val_predict
from spacy.language import Language

from policytext.classify.baselines import KeywordMatcher, tfidf_logreg
from policytext.classify.corpus import CorpusDocument, corpus_hash, load_corpus
from policytext.classify.features import DocFeatures, doc_features, text_features
from policytext.classify.metrics import multilabel_report
from policytext.classify.model import ThresholdedMultiLabel, as_frame, build_classifier
from policytext.classify.modelfile import save_model
from policytext.classify.report import write_model_card
from policytext.nlp.loading import base_pipeline_info
from policytext.nlp.pipeline import build_pipeline
from policytext.taxonomy import CLUSTER_IDS, PILLAR_IDS, load_taxonomy

log = logging.getLogger(__name__)
LABEL_SETS = {"clusters": CLUSTER_IDS, "pillars": PILLAR_IDS}
C_GRID = (2.0, 8.0, 32.0)
"""Inverse regularisation strengths tried by 5-fold cross-validation on the train split."""


def _portable(path: Path) -> str:
    """The path relative to the working directory where it lies below it (no local prefixes)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def extract_features(nlp: Language, texts: Sequence[str], batch_size: int = 16) -> list[DocFeatures]:
    return [doc_features(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]


def label_matrix(documents: Sequence[CorpusDocument], key: str) -> np.ndarray:
    labels = LABEL_SETS[key]
    return np.array([[int(label in getattr(d, key)) for label in labels] for d in documents])


def evaluate_split(
    bundle: dict[str, Any],
    documents: Sequence[CorpusDocument],
    features: Sequence[DocFeatures],
    train_docs: Sequence[CorpusDocument],
) -> dict[str, Any]:
    """Model and both baselines on one split, side by side, per label set."""
    frame = as_frame([f.as_row() for f in features])
    texts = [d.text for d in documents]
    taxonomy = load_taxonomy()
    results: dict[str, Any] = {}
    for key, labels in LABEL_SETS.items():
        y = label_matrix(documents, key)
        model: ThresholdedMultiLabel = bundle[key]
        proba = model.predict_proba(frame)
        keyword = KeywordMatcher(taxonomy.clusters if key == "clusters" else taxonomy.pillars).fit(texts)
        baseline = tfidf_logreg().fit([d.text for d in train_docs], label_matrix(train_docs, key))
        fast_frame = as_frame([text_features(d.text).as_row() for d in documents])
        fast: ThresholdedMultiLabel = bundle[f"fast_{key}"]
        results[key] = {
            "model": multilabel_report(y, model.predict(frame), labels, proba),
            "model_labels_only": multilabel_report(y, fast.predict(fast_frame), labels, fast.predict_proba(fast_frame)),
            "keyword_baseline": multilabel_report(y, keyword.predict(texts), labels),
            "tfidf_logreg_baseline": multilabel_report(
                y, baseline.predict(texts), labels, np.asarray(baseline.predict_proba(texts))
            ),
        }
    return results


def train(corpus_dir: Path, out_dir: Path, spacy_model: str | None = None, seed: int = 0) -> dict[str, Any]:
    """Choose C by cross-validation on train, fit on train, pick thresholds on dev, report on
    test (never used for a choice), save."""
    started = dt.datetime.now(dt.UTC)
    documents = load_corpus(corpus_dir)
    nlp = build_pipeline(spacy_model)
    features = extract_features(nlp, [d.text for d in documents])
    by_split = {split: [i for i, d in enumerate(documents) if d.split == split] for split in ("train", "dev", "test")}

    def subset(split: str) -> tuple[list[CorpusDocument], Any]:
        idx = by_split[split]
        return [documents[i] for i in idx], as_frame([features[i].as_row() for i in idx])

    train_docs, x_train = subset("train")
    dev_docs, x_dev = subset("dev")
    test_docs, _ = subset("test")
    bundle: dict[str, Any] = {"cluster_labels": list(CLUSTER_IDS), "pillar_labels": list(PILLAR_IDS)}
    cross_validation: dict[str, Any] = {}
    fast_train = as_frame([text_features(d.text).as_row() for d in train_docs])
    fast_dev = as_frame([text_features(d.text).as_row() for d in dev_docs])
    for key, labels in LABEL_SETS.items():
        y_train = label_matrix(train_docs, key)
        folds = KFold(n_splits=5, shuffle=True, random_state=seed)
        scores = {}
        for c in C_GRID:
            cv_pred = cross_val_predict(ThresholdedMultiLabel(build_classifier(seed, C=c)), x_train, y_train, cv=folds)
            scores[c] = multilabel_report(y_train, cv_pred, labels)
        best_c = max(C_GRID, key=lambda c: (scores[c]["macro_f1"], -c))
        cross_validation[key] = {
            "C": best_c,
            **scores[best_c],
            "macro_f1_by_C": {str(c): scores[c]["macro_f1"] for c in C_GRID},
        }
        estimator = ThresholdedMultiLabel(build_classifier(random_state=seed, C=best_c))
        estimator.fit(x_train, y_train).tune_thresholds(x_dev, label_matrix(dev_docs, key))
        fast = ThresholdedMultiLabel(build_classifier(random_state=seed, C=best_c))
        bundle[f"fast_{key}"] = fast.fit(fast_train, y_train).tune_thresholds(fast_dev, label_matrix(dev_docs, key))
        bundle[key] = estimator
        log.info("%s: thresholds %s", key, estimator.thresholds_)
    metrics = {
        "cross_validation_train": cross_validation,
        "dev": evaluate_split(bundle, dev_docs, [features[i] for i in by_split["dev"]], train_docs),
        "test": evaluate_split(bundle, test_docs, [features[i] for i in by_split["test"]], train_docs),
    }
    manifest = {
        "created": started.isoformat(timespec="seconds"),
        "seed": seed,
        "corpus": {
            "path": _portable(corpus_dir),
            "sha256": corpus_hash(corpus_dir),
            "documents": {split: len(idx) for split, idx in by_split.items()},
        },
        "base_pipeline": str(base_pipeline_info(nlp)),
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "spacy": spacy.__version__,
            "numpy": np.__version__,
        },
        "thresholds": {
            key: dict(zip(labels, map(float, bundle[key].thresholds_), strict=True))
            for key, labels in LABEL_SETS.items()
        },
        "metrics": metrics,
    }
    manifest = save_model(bundle, out_dir, manifest)
    test_frame = as_frame([features[i].as_row() for i in by_split["test"]])
    write_model_card(out_dir, manifest, bundle, test_docs, test_frame, label_matrix)
    return manifest
