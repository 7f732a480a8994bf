"""policytext: read Flemish policy documents by machine.

Public API::

    from policytext import Analyzer, Store, classify_paths, load_taxonomy
    analyzer = Analyzer()
    record = analyzer.analyse_text("De Vlaamse Regering keurde op 9 juni 2017 ...")
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__version__ = "0.1.0"

from policytext.analysis import Analyzer
from policytext.batch.inputs import list_inputs, read_item
from policytext.errors import (
    DocumentError,
    ModelIntegrityError,
    ModelNotFoundError,
    PolicytextError,
)
from policytext.io.readers import read_path
from policytext.records import Actor, Document, Label, Milestone, Record, SectorMention
from policytext.store import Store
from policytext.taxonomy import load_taxonomy


def classify_paths(paths: Iterable[str], analyzer: Analyzer | None = None) -> Iterator[Record]:
    """Records for every file under ``paths`` (one per file, errors included)."""
    analyzer = analyzer or Analyzer()
    return analyzer.analyse(read_item(item) for item in list_inputs(paths))


__all__ = [
    "Actor",
    "Analyzer",
    "Document",
    "DocumentError",
    "Label",
    "Milestone",
    "ModelIntegrityError",
    "ModelNotFoundError",
    "PolicytextError",
    "Record",
    "SectorMention",
    "Store",
    "__version__",
    "classify_paths",
    "load_taxonomy",
    "read_path",
]
