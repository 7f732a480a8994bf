"""The policytext spaCy pipeline: the base pipeline plus the extraction components."""

from __future__ import annotations

import logging
import os

from spacy.language import Language

import policytext.nlp.components  # noqa: F401  (registers the component factories)
from policytext.nlp.components.milestone_model import BUILTIN
from policytext.nlp.loading import load_base_pipeline

log = logging.getLogger(__name__)

EXTRACTION_COMPONENTS = ("policytext_actors", "policytext_milestones", "policytext_sectors")
MILESTONE_MODEL_ENV_VAR = "POLICYTEXT_MILESTONE_MODEL"


def build_pipeline(model: str | None = None, extract: bool = True) -> Language:
    """Base pipeline plus, with ``extract``, the actor, milestone and sector components. The
    milestone model is the shipped one unless ``POLICYTEXT_MILESTONE_MODEL`` names another file
    (one trained by ``scripts/train_milestone_model.py``)."""
    nlp = load_base_pipeline(model)
    sentence_setter = "sentencizer" if "sentencizer" in nlp.pipe_names else None
    if sentence_setter is not None:
        nlp.add_pipe("policytext_line_sentences", after=sentence_setter)
    if extract:
        milestone_model = os.environ.get(MILESTONE_MODEL_ENV_VAR) or BUILTIN
        if milestone_model != BUILTIN:
            log.warning("milestone model from %s: %s", MILESTONE_MODEL_ENV_VAR, milestone_model)
        for name in EXTRACTION_COMPONENTS:
            config = {"model": milestone_model} if name == "policytext_milestones" else {}
            nlp.add_pipe(name, config=config)
    return nlp
