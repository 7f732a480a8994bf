"""The batch runner: inputs -> documents -> records -> sink, with a summary at the end."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from policytext.analysis import Analyzer
from policytext.batch.inputs import InputItem, read_item
from policytext.batch.sinks import Sink
from policytext.io.readers import DEFAULT_MAX_BYTES
from policytext.records import Record

log = logging.getLogger(__name__)


@dataclass
class Summary:
    documents: int = 0
    ok: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        self.documents += 1
        if record.status == "ok":
            self.ok += 1
        else:
            self.errors += 1
            kind = (record.error or "error").split(": ", 1)[-1].split(" (", 1)[0]
            self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "ok": self.ok,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "docs_per_second": round(self.docs_per_second, 2),
            "error_kinds": self.error_kinds,
        }


def run_batch(
    items: Iterable[InputItem],
    analyzer: Analyzer,
    sink: Sink,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_record: Callable[[Record], None] | None = None,
) -> Summary:
    """Read, analyse and write every item; exactly one record per item, errors included."""
    summary = Summary()
    started = time.perf_counter()
    documents: Iterator = (read_item(item, max_bytes=max_bytes) for item in items)
    for record in analyzer.analyse(documents):
        sink.write(record)
        summary.add(record)
        if on_record is not None:
            on_record(record)
    summary.seconds = time.perf_counter() - started
    return summary
