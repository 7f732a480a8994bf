"""The labelled corpus: ``manifest.jsonl`` with one document per line and a fixed split.

Manifest line: ``{"id", "file", "clusters", "pillars", "genre", "split", "note"}``; ``file`` is
relative to the corpus directory. An analyst's own corpus in this format trains just as well.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from policytext.errors import PolicytextError
from policytext.io.readers import read_path
from policytext.taxonomy import CLUSTER_IDS, PILLAR_IDS

SPLITS = ("train", "dev", "test")
MANIFEST = "manifest.jsonl"


@dataclass(frozen=True)
class CorpusDocument:
    id: str
    text: str
    clusters: tuple[str, ...]
    pillars: tuple[str, ...]
    genre: str
    split: str


def load_corpus(directory: Path) -> list[CorpusDocument]:
    """Read and validate every manifest entry; a bad entry stops loading with its line number."""
    manifest = directory / MANIFEST
    documents = []
    seen: set[str] = set()
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        entry = json.loads(line)
        where = f"{manifest}:{number} ({entry.get('id')})"
        if entry["id"] in seen:
            raise PolicytextError(f"{where}: duplicate id")
        seen.add(entry["id"])
        if entry["split"] not in SPLITS:
            raise PolicytextError(f"{where}: split must be one of {SPLITS}")
        unknown = (set(entry["clusters"]) - set(CLUSTER_IDS)) | (set(entry["pillars"]) - set(PILLAR_IDS))
        if unknown:
            raise PolicytextError(f"{where}: unknown labels {sorted(unknown)}")
        document = read_path(directory / entry["file"])
        documents.append(
            CorpusDocument(
                entry["id"],
                document.text,
                tuple(entry["clusters"]),
                tuple(entry["pillars"]),
                entry["genre"],
                entry["split"],
            )
        )
    return documents


def corpus_hash(directory: Path) -> str:
    """SHA-256 over the manifest and every document file, in manifest order."""
    digest = hashlib.sha256()
    manifest = directory / MANIFEST
    digest.update(manifest.read_bytes())
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest.update((directory / json.loads(line)["file"]).read_bytes())
    return digest.hexdigest()
