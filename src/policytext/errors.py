"""Typed errors. Each one names the input it is about and says what is wrong."""

from __future__ import annotations


class PolicytextError(Exception):
    """Base class of every error policytext raises on purpose."""


class DocumentError(PolicytextError):
    """A document could not be turned into text. ``source`` names the file or input."""

    reason = "unreadable document"

    def __init__(self, source: str, detail: str = "") -> None:
        self.source = source
        self.detail = detail
        message = f"{source}: {self.reason}"
        if detail:
            message += f" ({detail})"
        super().__init__(message)


class UnsupportedFormatError(DocumentError):
    reason = "unsupported file type"


class EmptyDocumentError(DocumentError):
    reason = "no text in document"


class BinaryContentError(DocumentError):
    reason = "binary content, not text"


class CorruptDocumentError(DocumentError):
    reason = "corrupt or truncated file"


class EncryptedDocumentError(DocumentError):
    reason = "encrypted document"


class DocumentTooLargeError(DocumentError):
    reason = "file larger than the configured limit"


class NotDutchError(DocumentError):
    reason = "not Dutch"


class ModelNotFoundError(PolicytextError):
    """No usable base pipeline, classifier or milestone model file."""


class ModelIntegrityError(PolicytextError):
    """A model file does not match its manifest (hash, label set or format) or is malformed."""


class TaxonomyError(PolicytextError):
    """A taxonomy data file is inconsistent."""
