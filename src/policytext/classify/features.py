"""Plain per-document features, taken from a processed spaCy ``Doc``.

The classifier never sees spaCy objects: a :class:`DocFeatures` holds the raw text, the
content-word lemmas and the extracted entities as strings, so features can be cached,
pickled to worker processes and rebuilt without a pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})


@dataclass(frozen=True)
class DocFeatures:
    text: str
    lemmas: str
    entities: str

    def as_row(self) -> dict[str, str]:
        return {"text": self.text, "lemmas": self.lemmas, "entities": self.entities}


def doc_features(doc: Doc) -> DocFeatures:
    lemmas = " ".join(
        (t.lemma_ or t.text).lower() for t in doc if t.pos_ in CONTENT_POS and t.is_alpha and not t.is_stop
    )
    tokens: list[str] = []
    for actor in doc._.actors or []:
        tokens.append("actor=" + actor.canonical.replace(" ", "_"))
        tokens.append("role=" + actor.role)
        if actor.successor:
            tokens.append("actor=" + actor.successor.replace(" ", "_"))
    tokens.extend("sector=" + s.sector for s in doc._.sectors or [])
    tokens.extend("milestone=" + m.granularity for m in doc._.milestones or [])
    return DocFeatures(text=doc.text, lemmas=lemmas, entities=" ".join(tokens))
