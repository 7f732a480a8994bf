"""``policytext evaluate --extraction``: precision, recall and F1 of the extractors on the gold
set, next to the bare base pipeline's NER on the same documents.

A predicted mention matches a gold mention of the same type when their character spans
overlap; the *full* score also asks for the same normalised value (actor canonical, milestone
TIMEX value, sector id), the *span* score does not. Each gold mention is matched at most once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from spacy.language import Language

from policytext.errors import PolicytextError
from policytext.io.readers import find_reference_date
from policytext.nlp.loading import base_pipeline_info
from policytext.nlp.pipeline import build_pipeline

GOLD_FILE = "gold.jsonl"
BARE_ACTOR_LABELS = frozenset({"ORG", "PER", "PERSON", "NORP"})
BARE_DATE_LABELS = frozenset({"DATE"})
KEYS = {"actors": "canonical", "milestones": "value", "sectors": "sector"}
GROUPS = {"actors": "role", "milestones": "granularity", "sectors": None}


def load_gold(gold_dir: Path, split: str) -> list[dict[str, Any]]:
    path = gold_dir / GOLD_FILE
    if not path.is_file():
        raise PolicytextError(f"{path}: no gold file; build it with `python scripts/build_gold.py`")
    documents = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [d for d in documents if split == "all" or d["split"] == split]
    if not chosen:
        raise PolicytextError(f"{path}: no documents in split {split!r}")
    return chosen


def _granularity(value: str | None) -> str:
    if value is None:
        return "relative"
    if "/" in value:
        return "period"
    if "-Q" in value:
        return "quarter"
    if "-H" in value:
        return "half"
    if value[-2:] in {"SP", "SU", "FA", "WI"}:
        return "season"
    return {4: "year", 7: "month", 10: "day"}.get(len(value), "other")


def _key(kind: str, mention: dict[str, Any]) -> str | None:
    value = mention.get(KEYS[kind])
    return value.lower() if isinstance(value, str) and kind == "actors" else value


def score(
    kind: str, gold_docs: Sequence[list[dict[str, Any]]], predicted_docs: Sequence[list[dict[str, Any]]], full: bool
) -> dict[str, Any]:
    """Micro P/R/F1 over all documents, plus per group (role / granularity).

    Per group, precision counts the predictions in the group (by their own role or
    granularity) and recall the gold mentions in it (by the gold one).
    """
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # matched pred, pred, matched gold, gold
    grouped = GROUPS[kind] is not None
    for gold, predicted in zip(gold_docs, predicted_docs, strict=True):
        used: set[int] = set()
        for p in predicted:
            match = next(
                (
                    i
                    for i, g in enumerate(gold)
                    if i not in used
                    and p["start"] < g["end"]
                    and g["start"] < p["end"]
                    and (not full or _key(kind, p) == _key(kind, g))
                ),
                None,
            )
            for group in ["all"] + ([_group(kind, p)] if grouped else []):
                counts[group][1] += 1
                counts[group][0] += match is not None
            if match is not None:
                used.add(match)
        for i, g in enumerate(gold):
            for group in ["all"] + ([_group(kind, g)] if grouped else []):
                counts[group][3] += 1
                counts[group][2] += i in used
    return {group: _prf(*values) for group, values in sorted(counts.items())}


def _group(kind: str, mention: dict[str, Any]) -> str:
    if kind == "milestones":
        return _granularity(mention.get("value"))
    return str(mention.get(GROUPS[kind] or ""))


def _prf(matched_predicted: int, predicted: int, matched_gold: int, gold: int) -> dict[str, float | int]:
    precision = matched_predicted / predicted if predicted else 0.0
    recall = matched_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "gold": gold,
        "predicted": predicted,
    }


def _run(
    nlp: Language, documents: Sequence[dict[str, Any]], extract: Callable[[Any], dict[str, list[dict[str, Any]]]]
) -> list[dict[str, list[dict[str, Any]]]]:
    return [extract(doc) for doc in tag_documents(nlp, documents)]


def tag_documents(nlp: Language, documents: Sequence[dict[str, Any]]) -> list[Any]:
    """Run a pipeline over gold documents as ``classify`` would: the reference date is what
    policytext finds in the text itself (dateline, "Datum:" line, masthead), not the
    annotator's."""
    docs = []
    for document in documents:
        doc = nlp.make_doc(document["text"])
        if doc.has_extension("doc_date"):
            doc._.doc_date = find_reference_date(document["text"])
        docs.append(doc)
    return list(nlp.pipe(docs))


def _policytext_mentions(doc: Any) -> dict[str, list[dict[str, Any]]]:
    return {kind: [asdict(m) for m in getattr(doc._, kind)] for kind in KEYS}


def _bare_mentions(doc: Any) -> dict[str, list[dict[str, Any]]]:
    def mention(ent: Any, **extra: Any) -> dict[str, Any]:
        return {"start": ent.start_char, "end": ent.end_char, "text": ent.text, **extra}

    return {
        "actors": [
            mention(e, canonical=e.text, role="persoon" if e.label_ in {"PER", "PERSON"} else "onbekend")
            for e in doc.ents
            if e.label_ in BARE_ACTOR_LABELS
        ],
        "milestones": [mention(e, value=e.text, granularity="other") for e in doc.ents if e.label_ in BARE_DATE_LABELS],
        "sectors": [],
    }


def evaluate_extraction(gold_dir: Path, split: str = "test", spacy_model: str | None = None) -> dict[str, Any]:
    documents = load_gold(gold_dir, split)
    nlp = build_pipeline(spacy_model)
    ours = _run(nlp, documents, _policytext_mentions)
    bare_nlp = build_pipeline(spacy_model, extract=False)
    bare = _run(bare_nlp, documents, _bare_mentions)
    report: dict[str, Any] = {
        "split": split,
        "documents": len(documents),
        "base_pipeline": str(base_pipeline_info(nlp)),
    }
    for kind in KEYS:
        gold = [d[kind] for d in documents]
        report[kind] = {
            "policytext": {
                "full": score(kind, gold, [o[kind] for o in ours], True),
                "span": score(kind, gold, [o[kind] for o in ours], False),
            },
            "bare_ner": {"span": score(kind, gold, [b[kind] for b in bare], False)},
        }
    report["milestone_attributes"] = _attribute_accuracy(documents, ours)
    return report


def _attribute_accuracy(
    documents: Sequence[dict[str, Any]], ours: Sequence[dict[str, list[dict[str, Any]]]]
) -> dict[str, Any]:
    """Among milestones matched on value: how often mod and status agree with gold."""
    agree = {"mod": 0, "status": 0}
    matched = 0
    for document, predicted in zip(documents, ours, strict=True):
        for g in document["milestones"]:
            p = next(
                (
                    p
                    for p in predicted["milestones"]
                    if p["start"] < g["end"] and g["start"] < p["end"] and p["value"] == g["value"]
                ),
                None,
            )
            if p is not None:
                matched += 1
                agree["mod"] += int(p["mod"] == g["mod"])
                agree["status"] += int(p["status"] == g["status"])
    return {"matched": matched, **{k: round(v / matched, 4) if matched else 0.0 for k, v in agree.items()}}


def format_extraction(report: dict[str, Any]) -> str:
    lines = [
        f"extraction on the gold {report['split']} split ({report['documents']} documents, {report['base_pipeline']})",
        "",
    ]
    lines.append(f"  {'type':11} {'system':22} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    for kind in KEYS:
        rows = [
            ("policytext (full)", report[kind]["policytext"]["full"]["all"]),
            ("policytext (span)", report[kind]["policytext"]["span"]["all"]),
            ("bare NER (span)", report[kind]["bare_ner"]["span"]["all"]),
        ]
        for name, s in rows:
            scores = f"{s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['gold']:5} {s['predicted']:5}"
            lines.append(f"  {kind:11} {name:22} {scores}")
    for kind, label in (("actors", "per role"), ("milestones", "per granularity")):
        groups = report[kind]["policytext"]["full"]
        lines.append(
            f"\n  {kind} {label} (full): "
            + ", ".join(f"{g} {s['f1']:.2f} (n={s['gold']})" for g, s in groups.items() if g != "all")
        )
    attributes = report["milestone_attributes"]
    lines.append(
        f"\n  milestones matched on value: {attributes['matched']}; "
        f"mod agrees {attributes['mod']:.2f}, status agrees {attributes['status']:.2f}"
    )
    return "\n".join(lines)
