"""Merge the batch manifests in corpus/parts/ into corpus/manifest.jsonl with a fixed split.

The split is decided by a hash of the document id (70% train, 15% dev, 15% test), so it never
depends on labels or on the order of batches, and a document never changes split.

    python scripts/build_corpus.py
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def split_of(doc_id: str) -> str:
    bucket = int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def main() -> None:
    entries = []
    for part in sorted((CORPUS / "parts").glob("*.jsonl")):
        for line in part.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                entry["split"] = split_of(entry["id"])
                entries.append(entry)
    entries.sort(key=lambda e: e["id"])
    with (CORPUS / "manifest.jsonl").open("w", encoding="utf-8") as handle:
        for entry in entries:
            keys = ("id", "file", "clusters", "pillars", "genre", "split", "note")
            handle.write(json.dumps({k: entry.get(k, "") for k in keys}, ensure_ascii=False) + "\n")
    print(f"{len(entries)} documents; splits: {dict(Counter(e['split'] for e in entries))}")
    for key in ("clusters", "pillars"):
        print(key, dict(Counter(label for e in entries for label in e[key])))


if __name__ == "__main__":
    main()
