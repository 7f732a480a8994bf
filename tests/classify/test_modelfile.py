"""Model files are verified before anything is unpickled."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import joblib
import pytest

from policytext.classify.features import DocFeatures
from policytext.classify.modelfile import DEFAULT_MODEL_DIR, MANIFEST_FILE, MODEL_FILE, load_model, verify_model
from policytext.errors import ModelIntegrityError, ModelNotFoundError

FOOD = DocFeatures(
    text="Flanders' FOOD en de voedingsindustrie werken aan eiwittransitie en zoutreductie in voedingsbedrijven.",
    lemmas="voedingsindustrie eiwittransitie zoutreductie voedingsbedrijf innovatie",
    entities="actor=Flanders'_FOOD role=clusterorganisatie sector=voeding sector=voeding",
)


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    target = tmp_path / "models"
    shutil.copytree(DEFAULT_MODEL_DIR, target)
    return target


@pytest.fixture
def no_unpickling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("joblib.load was called on an unverified file")

    monkeypatch.setattr(joblib, "load", refuse)


def edit_manifest(directory: Path, **changes: object) -> None:
    path = directory / MANIFEST_FILE
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_shipped_model_predicts_with_explanations() -> None:
    model = load_model()
    ((clusters, _pillars),) = model.predict([FOOD], explain=True)
    assert clusters and clusters[0].label == "flanders_food"
    assert 0.0 <= clusters[0].score <= 1.0
    assert clusters[0].explanation and all("(+" in item for item in clusters[0].explanation)


def test_changed_bytes_are_refused(model_copy: Path, no_unpickling: None) -> None:
    with (model_copy / MODEL_FILE).open("r+b") as handle:
        handle.seek(100)
        byte = handle.read(1)
        handle.seek(100)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelIntegrityError, match="does not match the manifest"):
        load_model(model_copy)


def test_manifest_that_lies_is_refused(model_copy: Path, no_unpickling: None) -> None:
    edit_manifest(model_copy, sha256="0" * 64)
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        load_model(model_copy)


def test_other_label_set_is_refused(model_copy: Path, no_unpickling: None) -> None:
    edit_manifest(model_copy, cluster_labels=["catalisti", "sim"])
    with pytest.raises(ModelIntegrityError, match="label sets"):
        load_model(model_copy)


def test_missing_files_are_reported(model_copy: Path) -> None:
    (model_copy / MODEL_FILE).unlink()
    with pytest.raises(ModelNotFoundError, match="missing"):
        verify_model(model_copy)
    (model_copy / MANIFEST_FILE).unlink()
    with pytest.raises(ModelNotFoundError, match="no model manifest"):
        verify_model(model_copy)


def test_version_mismatch_is_a_warning(model_copy: Path, caplog: pytest.LogCaptureFixture) -> None:
    manifest = json.loads((model_copy / MANIFEST_FILE).read_text(encoding="utf-8"))
    manifest["versions"]["scikit-learn"] = "0.0.1"
    (model_copy / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    verify_model(model_copy)
    assert "trained with scikit-learn 0.0.1" in caplog.text
