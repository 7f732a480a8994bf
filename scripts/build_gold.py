"""Convert the inline-annotated gold documents into corpus/gold/gold.jsonl.

Each file in corpus/gold/annotated/ starts with "#doc_date: YYYY-MM-DD|none"; the text marks
every mention in place: [[surface||A|canonical|role]], [[surface||M|value|mod|status]],
[[surface||S|sector[,sector]]]. The text is cleaned exactly as policytext cleans documents
(policytext.io.cleaning.clean_text) before offsets are computed, so gold offsets point into
the same text the pipeline sees. Documents named "tr-*" form the train split (for the
milestone event model); the dev/test split of the others is fixed by a hash of the id.

    python scripts/build_gold.py
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

from policytext.io.cleaning import clean_text

GOLD = Path(__file__).resolve().parents[1] / "corpus" / "gold"
TRAIN_PREFIX = "tr-"
MARK = re.compile(r"\[\[(?P<surface>.+?)\|\|(?P<fields>[^\]]*?)\]\]", re.S)


def split_of(doc_id: str) -> str:
    """Documents written to train the milestone event model ("tr-...") form the train split;
    the others are split dev/test by a hash of their id."""
    if doc_id.startswith(TRAIN_PREFIX):
        return "train"
    return "dev" if int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def parse(doc_id: str, raw: str) -> dict:
    header, _, body = raw.partition("\n")
    if not header.startswith("#doc_date:"):
        raise ValueError(f"{doc_id}: first line must be '#doc_date: ...'")
    doc_date = header.split(":", 1)[1].strip()
    cleaned = clean_text(body)
    text_parts: list[str] = []
    position = 0
    record: dict = {"actors": [], "milestones": [], "sectors": []}
    for match in MARK.finditer(cleaned):
        text_parts.append(cleaned[position : match.start()])
        start = sum(len(p) for p in text_parts)
        surface = match.group("surface")
        text_parts.append(surface)
        end = start + len(surface)
        position = match.end()
        kind, *fields = match.group("fields").split("|")
        span = {"start": start, "end": end, "text": surface}
        if kind == "A":
            record["actors"].append({**span, "canonical": fields[0], "role": fields[1]})
        elif kind == "M":
            value, mod, status = [*fields, "", "", ""][:3]
            record["milestones"].append(
                {**span, "value": None if value == "-" else value, "mod": mod or None, "status": status or None}
            )
        elif kind == "S":
            for sector in fields[0].split(","):
                record["sectors"].append({**span, "sector": sector.strip()})
        else:
            raise ValueError(f"{doc_id}: unknown annotation type {kind!r} at {surface!r}")
    text_parts.append(cleaned[position:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"{doc_id}: unparsed markup left in text")
    if clean_text(text) != text:
        raise ValueError(f"{doc_id}: cleaning the stripped text changes it; offsets would not hold")
    return {
        "id": doc_id,
        "split": split_of(doc_id),
        "doc_date": None if doc_date == "none" else doc_date,
        "text": text,
        **record,
    }


def main() -> int:
    records = []
    for path in sorted((GOLD / "annotated").glob("*.txt")):
        records.append(parse(path.stem, path.read_text(encoding="utf-8")))
    with (GOLD / "gold.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} documents; splits {dict(Counter(r['split'] for r in records))}")
    for key in ("actors", "milestones", "sectors"):
        print(key, sum(len(r[key]) for r in records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
