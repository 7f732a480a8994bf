"""The batch runner: inputs -> records -> sinks and store, on one or several processes.

Chunks of inputs go to worker processes that each load the pipeline and the classifier once;
records come back in input order and are written one chunk at a time: the store in one
transaction per chunk, then the output file. At most ``2 × workers`` chunks are in flight, so
memory stays bounded whatever the number of inputs. A worker that dies has its chunk retried,
then its documents one by one; a document that kills a worker on its own gets an error record.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from policytext.analysis import Analyzer
from policytext.batch.inputs import InputItem, read_item, with_hash
from policytext.io.readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS
from policytext.records import Record

log = logging.getLogger(__name__)
CHUNK_SIZE = 16


@dataclass(frozen=True)
class AnalyzerConfig:
    """What a worker needs to build its own :class:`Analyzer` (plain values, picklable)."""

    spacy_model: str | None = None
    model_dir: str | None = None
    extract: bool = True
    explain: bool = False
    segments: bool = False

    def build(self) -> Analyzer:
        return Analyzer(
            spacy_model=self.spacy_model,
            model_dir=self.model_dir,
            extract=self.extract,
            explain=self.explain,
            segments=self.segments,
        )


@dataclass
class Summary:
    documents: int = 0
    ok: int = 0
    errors: int = 0
    skipped: int = 0
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


def deliver(
    records: list[Record],
    write: Callable[[list[Record]], None],
    summary: Summary,
    on_record: Callable[[Record], None] | None,
) -> None:
    """Write one chunk's records, then count them (the order every engine keeps)."""
    write(records)
    for record in records:
        summary.add(record)
        if on_record is not None:
            on_record(record)


# -- worker side ---------------------------------------------------------------------------
_worker_analyzer: Analyzer | None = None


def _init_worker(config: AnalyzerConfig) -> None:
    global _worker_analyzer
    _worker_analyzer = config.build()


def _process_chunk(items: list[InputItem], max_bytes: int, max_chars: int) -> list[Record]:
    assert _worker_analyzer is not None, "worker used before its initializer ran"
    return _worker_analyzer.analyse_chunk([read_item(item, max_bytes, max_chars) for item in items])


# -- driver side ---------------------------------------------------------------------------
def chunked(items: Iterable[InputItem], size: int) -> Iterator[list[InputItem]]:
    chunk: list[InputItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def skip_finished(items: Iterable[InputItem], finished: dict[str, str | None], summary: Summary) -> Iterator[InputItem]:
    """Inputs not yet processed with their current content (changed files come back)."""
    for item in items:
        hashed = with_hash(item)
        if hashed.content_hash is not None and finished.get(hashed.id) == hashed.content_hash:
            summary.skipped += 1
            continue
        yield hashed


class BatchRunner:
    """Runs a batch with ``workers`` processes (1: in this process) and writes every record."""

    def __init__(
        self,
        config: AnalyzerConfig,
        workers: int = 1,
        chunk_size: int = CHUNK_SIZE,
        max_bytes: int = DEFAULT_MAX_BYTES,
        analyzer: Analyzer | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        self.config = config
        self.workers = max(1, workers)
        self.chunk_size = chunk_size
        self.max_bytes = max_bytes
        self.max_chars = max_chars
        self._analyzer = analyzer

    @property
    def analyzer(self) -> Analyzer:
        """The in-process analyzer (single worker, and for run metadata)."""
        if self._analyzer is None:
            self._analyzer = self.config.build()
        return self._analyzer

    def run(
        self,
        items: Iterable[InputItem],
        write: Callable[[list[Record]], None],
        summary: Summary | None = None,
        on_record: Callable[[Record], None] | None = None,
    ) -> Summary:
        summary = summary or Summary()
        started = time.perf_counter()
        chunks = chunked(items, self.chunk_size)
        results = self._in_process(chunks) if self.workers == 1 else self._in_pool(chunks)
        for records in results:
            deliver(records, write, summary, on_record)
        summary.seconds = time.perf_counter() - started
        return summary

    def _in_process(self, chunks: Iterator[list[InputItem]]) -> Iterator[list[Record]]:
        for chunk in chunks:
            yield self.analyzer.analyse_chunk([read_item(item, self.max_bytes, self.max_chars) for item in chunk])

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=mp.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.config,),
        )

    def _in_pool(self, chunks: Iterator[list[InputItem]]) -> Iterator[list[Record]]:
        pool = self._new_pool()
        pending: deque[tuple[list[InputItem], int, Future[list[Record]]]] = deque()
        retry: deque[tuple[list[InputItem], int]] = deque()
        try:
            while True:
                while len(pending) < 2 * self.workers:
                    if retry:
                        chunk, attempts = retry.popleft()
                    else:
                        next_chunk = next(chunks, None)
                        if next_chunk is None:
                            break
                        chunk, attempts = next_chunk, 0
                    pending.append(
                        (chunk, attempts, pool.submit(_process_chunk, chunk, self.max_bytes, self.max_chars))
                    )
                if not pending:
                    return
                chunk, attempts, future = pending.popleft()
                try:
                    yield future.result()
                except BrokenProcessPool:
                    log.warning("a worker process died; restarting the pool and retrying %d chunk(s)", len(pending) + 1)
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = self._new_pool()
                    requeue = [
                        again
                        for failed, tries in [(chunk, attempts), *((c, a) for c, a, _ in pending)]
                        for again in self._after_failure(failed, tries)
                    ]
                    pending.clear()
                    retry.extendleft(reversed([(c, a) for c, a in requeue if a < 3]))
                    dead = [c[0] for c, a in requeue if a >= 3]
                    if dead:
                        yield [_worker_died(item) for item in dead]
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _after_failure(chunk: list[InputItem], attempts: int) -> list[tuple[list[InputItem], int]]:
        """Retry a chunk once as it was, then its documents one by one (up to two tries each)."""
        if attempts == 0:
            return [(chunk, 1)]
        if len(chunk) > 1:
            return [([item], 1) for item in chunk]
        return [(chunk, attempts + 1)]


def _worker_died(item: InputItem) -> Record:
    error = f"{item.source}: the worker process died while analysing it"
    return Record.failed(item.id, item.source, error, content_hash=item.content_hash)


def describe(summary: Summary, extra: dict[str, Any] | None = None) -> str:
    parts = [
        f"documents: {summary.documents}",
        f"ok: {summary.ok}",
        f"errors: {summary.errors}",
    ]
    if summary.skipped:
        parts.append(f"skipped (already done): {summary.skipped}")
    parts.append(f"time: {summary.seconds:.1f}s ({summary.docs_per_second:.1f} docs/s)")
    for key, value in (extra or {}).items():
        parts.append(f"{key}: {value}")
    return "  ".join(parts)
