"""The policytext spaCy pipeline: the base pipeline plus the extraction components."""

from __future__ import annotations

from spacy.language import Language

import policytext.nlp.components  # noqa: F401  (registers the component factories)
from policytext.nlp.loading import load_base_pipeline

EXTRACTION_COMPONENTS = ("policytext_actors", "policytext_milestones", "policytext_sectors")


def build_pipeline(model: str | None = None, extract: bool = True) -> Language:
    """Base pipeline plus, with ``extract``, the actor, milestone and sector components."""
    nlp = load_base_pipeline(model)
    sentence_setter = "sentencizer" if "sentencizer" in nlp.pipe_names else None
    if sentence_setter is not None:
        nlp.add_pipe("policytext_line_sentences", after=sentence_setter)
    if extract:
        for name in EXTRACTION_COMPONENTS:
            nlp.add_pipe(name)
    return nlp
