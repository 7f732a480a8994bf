"""Model files: a joblib bundle plus ``manifest.json`` with its SHA-256 and versions.

Unpickling runs code, so a model file is only loaded after its hash matches the manifest
and its label sets match the taxonomy. Only load model files from sources you trust.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn

from policytext.classify.features import DocFeatures
from policytext.classify.model import as_frame
from policytext.errors import ModelIntegrityError, ModelNotFoundError
from policytext.records import Label
from policytext.taxonomy import CLUSTER_IDS, PILLAR_IDS

log = logging.getLogger(__name__)

MODEL_FILE = "classifier.joblib"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1
DEFAULT_MODEL_DIR = Path(os.environ.get("POLICYTEXT_MODEL_DIR", Path(__file__).resolve().parents[3] / "models"))
EXPLAIN_TOP = 5


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(bundle: dict[str, Any], directory: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """Write the bundle and a manifest that records its hash; returns the manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    joblib.dump(bundle, path, compress=3)
    manifest = {
        **manifest,
        "format_version": FORMAT_VERSION,
        "model_file": MODEL_FILE,
        "sha256": sha256_file(path),
        "cluster_labels": list(bundle["cluster_labels"]),
        "pillar_labels": list(bundle["pillar_labels"]),
    }
    manifest["version"] = f"policytext-clf-{manifest['sha256'][:12]}"
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def read_manifest(directory: Path) -> dict[str, Any]:
    manifest_path = directory / MANIFEST_FILE
    if not manifest_path.is_file():
        raise ModelNotFoundError(f"{manifest_path}: no model manifest; train one with `policytext train`")
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelIntegrityError(f"{manifest_path}: manifest is not valid JSON ({exc})") from exc
    return manifest


def verify_model(directory: Path) -> dict[str, Any]:
    """Check a model directory without unpickling anything; return its manifest."""
    manifest = read_manifest(directory)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelIntegrityError(f"{directory}: model format {manifest.get('format_version')} != {FORMAT_VERSION}")
    path = directory / str(manifest.get("model_file", MODEL_FILE))
    if not path.is_file():
        raise ModelNotFoundError(f"{path}: model file named in the manifest is missing")
    actual = sha256_file(path)
    if actual != manifest.get("sha256"):
        raise ModelIntegrityError(
            f"{path}: SHA-256 {actual[:16]}... does not match the manifest ({str(manifest.get('sha256'))[:16]}...); "
            "refusing to unpickle a file that changed"
        )
    if (
        tuple(manifest.get("cluster_labels", ())) != CLUSTER_IDS
        or tuple(manifest.get("pillar_labels", ())) != PILLAR_IDS
    ):
        raise ModelIntegrityError(f"{directory}: model label sets differ from the taxonomy's")
    trained_with = manifest.get("versions", {}).get("scikit-learn")
    if trained_with and trained_with != sklearn.__version__:
        log.warning("%s was trained with scikit-learn %s, running %s", directory, trained_with, sklearn.__version__)
    return manifest


@dataclass
class ClassifierModel:
    """A loaded, verified classifier bundle."""

    bundle: dict[str, Any]
    manifest: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    def predict(
        self, features: list[DocFeatures], explain: bool = False, fast: bool = False
    ) -> list[tuple[list[Label], list[Label]]]:
        """(clusters, pillars) per document; ``fast`` uses the models trained on
        :func:`~policytext.classify.features.text_features` (labels-only mode)."""
        frame = as_frame([f.as_row() for f in features])
        per_set = []
        for key in ("clusters", "pillars"):
            estimator = self.bundle[f"fast_{key}" if fast else key]
            proba = estimator.predict_proba(frame)
            labels = self.bundle[f"{key[:-1]}_labels"]
            explanations = _explainer(estimator, frame) if explain else None
            rows = []
            for i, row in enumerate(proba):
                predicted = [
                    Label(
                        labels[j],
                        round(float(row[j]), 4),
                        explanations(i, j) if explanations is not None else None,
                    )
                    for j in np.argsort(-row)
                    if row[j] >= estimator.thresholds_[j]
                ]
                rows.append(predicted)
            per_set.append(rows)
        return list(zip(per_set[0], per_set[1], strict=True))


def _explainer(estimator: Any, frame: Any) -> Any:
    """A function (row, label) -> the features that pushed this label up most in this row."""
    pipeline = estimator.estimator_
    features = pipeline.named_steps["features"]
    matrix = features.transform(frame).tocsr()
    names = features.get_feature_names_out()
    one_vs_rest = pipeline.named_steps["clf"]

    def explain(row: int, label: int) -> list[str]:
        linear = one_vs_rest.estimators_[label].calibrated_classifiers_[0].estimator
        vector = matrix[row]
        contributions = vector.data * linear.coef_[0][vector.indices]
        order = np.argsort(-contributions)[:EXPLAIN_TOP]
        return [f"{names[vector.indices[k]]} ({contributions[k]:+.2f})" for k in order if contributions[k] > 0]

    return explain


def load_model(directory: str | Path | None = None) -> ClassifierModel:
    """Verify, then load, the model in ``directory`` (default: the shipped ``models/``)."""
    path = Path(directory) if directory is not None else DEFAULT_MODEL_DIR
    manifest = verify_model(path)
    bundle = joblib.load(path / str(manifest.get("model_file", MODEL_FILE)))
    return ClassifierModel(bundle=bundle, manifest=manifest)
