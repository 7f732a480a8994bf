"""Batch classification on a Dask cluster (``classify --engine dask``).

The driver lists the inputs and submits chunks of files, never spaCy objects; each worker
builds the pipeline and classifier once (cached per process) and returns plain records. The
driver writes each chunk's records as they arrive: to the store in one transaction, then to
the output file. Task keys are derived from the chunk's content, so a chunk that Dask retries
after a worker died is computed again but delivered once: nothing is written twice, and
``--resume`` works across engines because it reads the store and the output file.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from policytext.analysis import Analyzer
from policytext.batch.inputs import InputItem, read_item, with_hash
from policytext.batch.runner import CHUNK_SIZE, AnalyzerConfig, Summary, chunked, deliver
from policytext.errors import PolicytextError
from policytext.io.readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS
from policytext.records import Record

log = logging.getLogger(__name__)


def worker_settings() -> dict[str, Any]:
    """Dask settings for the workers of a LocalCluster, without two defaults that together cost
    a spaCy worker about a fifth of its throughput here: the statistical profiler, which samples every thread's
    stack each 10 ms (deep stacks here, and no dashboard to show them), and
    MALLOC_TRIM_THRESHOLD_, which fixes glibc's mmap threshold so that every large numpy buffer
    is mapped and unmapped again. The README gives the same for an external cluster's workers."""
    import dask
    import distributed  # noqa: F401 - loads the distributed defaults into dask.config

    environment = {**dask.config.get("distributed.nanny.pre-spawn-environ"), "MALLOC_TRIM_THRESHOLD_": None}
    return {"distributed.worker.profile.enabled": False, "distributed.nanny.pre-spawn-environ": environment}


_analyzers: dict[AnalyzerConfig, Analyzer] = {}
_lock = threading.Lock()


def _worker_analyzer(config: AnalyzerConfig) -> Analyzer:
    with _lock:
        if config not in _analyzers:
            _analyzers[config] = config.build()
        return _analyzers[config]


def process_chunk(items: list[InputItem], config: AnalyzerConfig, max_bytes: int, max_chars: int) -> list[Record]:
    """Runs on a Dask worker: read and analyse one chunk of files."""
    analyzer = _worker_analyzer(config)
    return analyzer.analyse_chunk([read_item(item, max_bytes, max_chars) for item in items])


def chunk_key(chunk: list[InputItem], config: AnalyzerConfig) -> str:
    digest = hashlib.sha256(repr(config).encode())
    for item in chunk:
        digest.update(f"{item.id}\0{item.content_hash}\0".encode())
    return f"policytext-chunk-{digest.hexdigest()[:24]}"


class DaskRunner:
    """Runs a batch on a Dask cluster: an existing one (``scheduler`` address) or a
    ``LocalCluster`` of ``workers`` single-threaded worker processes."""

    def __init__(
        self,
        config: AnalyzerConfig,
        scheduler: str | None = None,
        workers: int = 2,
        chunk_size: int = CHUNK_SIZE,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_chars: int = DEFAULT_MAX_CHARS,
        retries: int = 2,
        cluster_options: dict[str, Any] | None = None,
    ) -> None:
        self.config, self.scheduler, self.workers = config, scheduler, workers
        self.chunk_size, self.max_bytes, self.max_chars, self.retries = chunk_size, max_bytes, max_chars, retries
        self.cluster_options = cluster_options or {}
        self.dashboard: str | None = None

    def run(
        self,
        items: Iterable[InputItem],
        write: Callable[[list[Record]], None],
        summary: Summary | None = None,
        on_record: Callable[[Record], None] | None = None,
        on_start: Callable[[str | None], None] | None = None,
    ) -> Summary:
        import dask
        from distributed import Client, LocalCluster, as_completed

        summary = summary or Summary()
        started = time.perf_counter()
        cluster = None
        if self.scheduler is None:
            with dask.config.set(worker_settings()):
                cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                    **self.cluster_options,
                )
        client = Client(self.scheduler or cluster)
        try:
            # An external cluster has a dashboard worth following; the LocalCluster runs without one.
            self.dashboard = client.dashboard_link if self.scheduler else None
            if on_start is not None:
                on_start(self.dashboard)
            futures = []
            for chunk in chunked((with_hash(item) for item in items), self.chunk_size):
                futures.append(
                    client.submit(
                        process_chunk,
                        chunk,
                        self.config,
                        self.max_bytes,
                        self.max_chars,
                        key=chunk_key(chunk, self.config),
                        retries=self.retries,
                        pure=False,
                    )
                )
            for future in as_completed(futures):
                try:
                    records = future.result()
                except Exception as exc:
                    raise PolicytextError(f"a Dask worker could not analyse a chunk: {exc!r}") from exc
                deliver(records, write, summary, on_record)
                future.release()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        summary.seconds = time.perf_counter() - started
        return summary
