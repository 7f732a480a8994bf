"""Load the Dutch base pipeline once, with only the components policytext needs.

Order of preference: an explicit name or path (``--spacy-model`` or the
``POLICYTEXT_SPACY_MODEL`` environment variable), then ``nl_core_news_sm``, then the
stand-in ``nl_udconll_sm`` built from public data. Which one was loaded is recorded in
every output record; there is no silent fallback to a blank pipeline.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from policytext.errors import ModelNotFoundError

log = logging.getLogger(__name__)

DEFAULT_MODELS = ("nl_core_news_sm", "nl_udconll_sm")
ENV_VAR = "POLICYTEXT_SPACY_MODEL"
# The dependency parser is the slowest component and nothing downstream needs full trees:
# sentence boundaries come from a senter when the pipeline has one, else a rule sentencizer.
EXCLUDED_COMPONENTS = ("parser",)
INSTALL_HINT = (
    "Install a Dutch base pipeline: `python -m spacy download nl_core_news_sm` where the internet "
    "is reachable, or `pip install ../shared/models/nl_udconll_sm-0.1.0-py3-none-any.whl` "
    "(the stand-in trained on public data); `make setup` does this for you."
)


@dataclass(frozen=True)
class BasePipelineInfo:
    name: str
    version: str
    spacy_version: str
    components: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.name}-{self.version}"


def candidate_models(requested: str | None = None) -> tuple[str, ...]:
    requested = requested or os.environ.get(ENV_VAR) or None
    return (requested,) if requested else DEFAULT_MODELS


def resolve_base_pipeline(requested: str | None = None) -> str:
    """The first installed candidate (package name or path), without loading it."""
    candidates = candidate_models(requested)
    for name in candidates:
        if Path(name).exists() or spacy.util.is_package(name):
            return name
    raise ModelNotFoundError(f"no Dutch base pipeline found (tried: {', '.join(candidates)}). {INSTALL_HINT}")


def load_base_pipeline(requested: str | None = None, exclude: tuple[str, ...] = EXCLUDED_COMPONENTS) -> Language:
    """Load the base pipeline and make sure it yields sentence boundaries without a parser."""
    name = resolve_base_pipeline(requested)
    nlp = spacy.load(name, exclude=list(exclude))
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "senter" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    log.info("loaded base pipeline %s with %s", name, nlp.pipe_names)
    return nlp


def base_pipeline_info(nlp: Language) -> BasePipelineInfo:
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    return BasePipelineInfo(
        name=name,
        version=str(meta.get("version", "0.0.0")),
        spacy_version=spacy.__version__,
        components=tuple(nlp.pipe_names),
    )
