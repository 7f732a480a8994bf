"""Plain result types: the only thing sinks, the store, the CLI and the tests see.

The JSON shape follows GUIDELINES section 4.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """A read document: cleaned text plus what the file said about itself."""

    id: str
    source: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    format: str = "txt"
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Actor:
    text: str
    canonical: str
    role: str
    start: int
    end: int
    source: str = "gazetteer"  # "gazetteer" | "ner"
    successor: str | None = None


@dataclass(frozen=True)
class Milestone:
    text: str
    value: str | None
    granularity: str
    mod: str | None
    status: str | None
    start: int
    end: int
    sentence: str = ""
    date_start: str | None = None
    date_end: str | None = None


@dataclass(frozen=True)
class SectorMention:
    text: str
    sector: str
    nace: list[str]
    start: int
    end: int


@dataclass(frozen=True)
class Label:
    label: str
    score: float
    explanation: list[str] | None = None


@dataclass
class Record:
    """One output line per input document, also for a failed one."""

    id: str
    source: str
    status: str = "ok"
    error: str | None = None
    language: str | None = None
    title: str | None = None
    date: str | None = None
    clusters: list[Label] = field(default_factory=list)
    pillars: list[Label] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    sectors: list[SectorMention] = field(default_factory=list)
    segments: list[dict[str, Any]] | None = None
    base_pipeline: str | None = None
    model: str | None = None
    n_chars: int = 0
    content_hash: str | None = None
    text: str | None = None

    @classmethod
    def failed(
        cls, id: str, source: str, error: str, language: str | None = None, content_hash: str | None = None
    ) -> Record:
        return cls(id=id, source=source, status="error", error=error, language=language, content_hash=content_hash)

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        data = asdict(self)
        if not include_text:
            del data["text"]
        for label in data["clusters"] + data["pillars"]:
            if label["explanation"] is None:
                del label["explanation"]
        if data["segments"] is None:
            del data["segments"]
        return data
