from __future__ import annotations

import pytest
from spacy.language import Language

from policytext.nlp.pipeline import build_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The policytext pipeline on whatever base pipeline set-up installed."""
    return build_pipeline()
