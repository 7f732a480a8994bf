"""Plain per-document features, taken from a processed spaCy ``Doc``.

The classifier never sees spaCy objects: a :class:`DocFeatures` holds the raw text, the
content-word lemmas and the extracted entities as strings, so features can be cached,
pickled to worker processes and rebuilt without a pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from policytext.taxonomy import LabelDefinition, load_taxonomy

CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class DocFeatures:
    text: str
    lemmas: str
    entities: str

    def as_row(self) -> dict[str, str]:
        return {"text": self.text, "lemmas": self.lemmas, "entities": self.entities}


def doc_features(doc: Doc, start: int = 0, end: int | None = None) -> DocFeatures:
    """Features of the whole document, or of the part between character ``start`` and ``end``."""
    tokens_in_range: Doc | Span | list[Token] = doc
    if start != 0 or end is not None:
        end = len(doc.text) if end is None else end
        tokens_in_range = doc.char_span(start, end, alignment_mode="expand") or []
    end = len(doc.text) if end is None else end
    lemmas = " ".join(
        (t.lemma_ or t.text).lower() for t in tokens_in_range if t.pos_ in CONTENT_POS and t.is_alpha and not t.is_stop
    )
    tokens: list[str] = []
    for actor in doc._.actors or []:
        if start <= actor.start < end:
            tokens.append("actor=" + actor.canonical.replace(" ", "_"))
            tokens.append("role=" + actor.role)
            if actor.successor:
                tokens.append("actor=" + actor.successor.replace(" ", "_"))
    tokens.extend("sector=" + s.sector for s in doc._.sectors or [] if start <= s.start < end)
    tokens.extend("milestone=" + m.granularity for m in doc._.milestones or [] if start <= m.start < end)
    tokens.extend(domain_tokens(doc.text[start:end]))
    named = {
        a.successor or a.canonical
        for a in doc._.actors or []
        if a.role == "clusterorganisatie" and start <= a.start < end
    }
    tokens.append(f"clusters_named={min(len(named), 4)}")
    return DocFeatures(text=doc.text[start:end], lemmas=lemmas, entities=" ".join(tokens))


@cache
def _domain_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per cluster and pillar over its taxonomy keywords. Long keywords also match
    inside compounds ("hoogbouwmagazijn"), short ones only as whole words ("kust")."""
    taxonomy = load_taxonomy()

    def pattern(definition: LabelDefinition) -> re.Pattern[str]:
        words = sorted({k.lower() for k in definition.keywords}, key=len, reverse=True)
        parts = [re.escape(w) if len(w) >= 7 else rf"\b{re.escape(w)}\b" for w in words]
        return re.compile("|".join(parts))

    return tuple(
        [("domain=" + c.id, pattern(c)) for c in taxonomy.clusters]
        + [("pillar_domain=" + p.id, pattern(p)) for p in taxonomy.pillars]
    )


_WORD = re.compile(r"\w+")


@cache
def _name_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        ("named=" + c.id, re.compile("|".join(re.escape(n) for n in sorted(c.names, key=len, reverse=True))))
        for c in load_taxonomy().clusters
    )


def text_features(text: str) -> DocFeatures:
    """Features without any spaCy analysis, for the labels-only mode: lower-cased words
    instead of lemmas, cluster names and domain keywords instead of extracted entities."""
    words = " ".join(word.lower() for word in _WORD.findall(text))
    named = [name for name, pattern in _name_patterns() for _ in pattern.findall(text)]
    return DocFeatures(text=text, lemmas=words, entities=" ".join(domain_tokens(text) + named))


def domain_tokens(text: str) -> list[str]:
    """One token per domain keyword hit: prior knowledge of each label's vocabulary, so that
    a short text about warehouses points to logistics even with words no training text used."""
    lowered = text.lower()
    tokens: list[str] = []
    for name, pattern in _domain_patterns():
        tokens.extend([name] * len(pattern.findall(lowered)))
    return tokens


def segment_bounds(text: str, min_chars: int = 300) -> list[tuple[int, int]]:
    """Paragraph-based segments of at least ``min_chars`` (short paragraphs are merged)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        if match.start() - start >= min_chars:
            bounds.append((start, match.start()))
            start = match.end()
    if start < len(text):
        if bounds and len(text) - start < min_chars:
            bounds[-1] = (bounds[-1][0], len(text))
        else:
            bounds.append((start, len(text)))
    return bounds
