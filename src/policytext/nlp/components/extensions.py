"""Custom ``Doc`` attributes set by the components, registered once."""

from __future__ import annotations

from spacy.tokens import Doc


def register_extensions() -> None:
    for name in ("actors", "milestones", "sectors", "doc_date"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
