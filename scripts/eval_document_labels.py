"""Classification on documents by other writers: the shipped model against hand labels.

The classifier's own corpus (corpus/docs) was written by the team; the gold documents
``gc-`` … ``gf-`` in corpus/gold/annotated were written later by other writers, in other
genres, and labelled by hand in corpus/gold/document_labels.jsonl. None of them was used for
training, thresholds or any choice of the model, so this is an out-of-distribution check,
not a tuning set.

    python scripts/eval_document_labels.py [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from policytext.analysis import Analyzer
from policytext.classify.metrics import multilabel_report
from policytext.io.readers import find_dateline
from policytext.records import Document
from policytext.taxonomy import load_taxonomy

GOLD = Path(__file__).resolve().parents[1] / "corpus" / "gold"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    labels = {
        row["id"]: row
        for row in map(json.loads, (GOLD / "document_labels.jsonl").read_text(encoding="utf-8").splitlines())
    }
    documents = [
        row
        for row in map(json.loads, (GOLD / "gold.jsonl").read_text(encoding="utf-8").splitlines())
        if row["id"] in labels
    ]
    analyzer = Analyzer()
    records = list(
        analyzer.analyse(
            Document(id=d["id"], source=d["id"], text=d["text"], date=find_dateline(d["text"])) for d in documents
        )
    )
    taxonomy = load_taxonomy()
    report: dict[str, object] = {"documents": len(documents), "model": records[0].model if records else None}
    for label_set, names in (
        ("clusters", [c.id for c in taxonomy.clusters]),
        ("pillars", [p.id for p in taxonomy.pillars]),
    ):
        truth = np.array([[int(n in labels[d["id"]][label_set]) for n in names] for d in documents])
        predicted = np.array([[int(any(x.label == n for x in getattr(r, label_set))) for n in names] for r in records])
        result = report[label_set] = multilabel_report(truth, predicted, names)
        per_label = ", ".join(f"{k} {v['f1']:.2f} (n={v['support']})" for k, v in result["per_label"].items())
        print(f"{label_set}: macro-F1 {result['macro_f1']:.3f}, micro-F1 {result['micro_f1']:.3f}; {per_label}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
