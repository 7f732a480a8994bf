"""Batch-run measurements for issue #5, each run in its own process.

* ``scaling``: ``policytext classify`` on the same generated documents for each worker count
  (local engine, or Dask plus the local engine at one worker for the overhead): docs/s, speed-up.
* ``memory``: peak RSS (the run's process and its workers) of a run over N and 10×N documents.
* ``query``: latency of a query with every filter over a store of N documents.

Documents are generated deterministically from corpus/docs: each one joins 2-4 paragraphs
picked by a seeded random generator, so runs are repeatable.

    python scripts/bench_batch.py scaling --docs 2000
    python scripts/bench_batch.py scaling --docs 2000 --engine dask --workers-list 1,2 --repeats 3  # and local at 1
    python scripts/bench_batch.py memory --docs 2000          # also runs 10 × docs
    python scripts/bench_batch.py query --db results.duckdb
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def generate(folder: Path, n_docs: int, seed: int = 7) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "corpus" / "docs").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.strip()) > 80
    ]
    rng = random.Random(seed)
    for i in range(n_docs):
        text = "\n\n".join(rng.sample(paragraphs, rng.randint(2, 4)))
        (folder / f"doc-{i:06d}.txt").write_text(text, encoding="utf-8")
    return folder


def measured_run(arguments: list[str], sample_every: float = 0.5) -> dict[str, Any]:
    """Run the CLI in a child process: wall time, the peak RSS of it and of its workers (from
    getrusage), and its RSS sampled every half second, to see when memory grows."""
    import psutil

    code = (
        "import resource, sys\n"
        "from policytext.cli import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print('RSS', own, workers, file=sys.stderr)\n"
    )
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log:
        child = subprocess.Popen([sys.executable, "-c", code, *arguments], stdout=subprocess.DEVNULL, stderr=log)
        samples: list[tuple[float, float]] = []
        process = psutil.Process(child.pid)
        while child.poll() is None:
            try:
                samples.append((round(time.perf_counter() - started, 1), process.memory_info().rss / 2**20))
            except psutil.Error:
                break
            time.sleep(sample_every)
        log.seek(0)
        stderr = log.read()
    if child.wait() != 0:
        raise RuntimeError(f"policytext {' '.join(arguments)} failed: {stderr[-2000:]}")
    seconds = time.perf_counter() - started
    own, workers = (int(v) for v in stderr.rsplit("RSS", 1)[1].split())
    step = max(1, len(samples) // 40)
    return {
        "seconds": seconds,
        "peak_rss_mb": own / 1024,
        "peak_worker_rss_mb": workers / 1024,
        "rss_mb_over_time": [(t, round(mb)) for t, mb in samples[::step]],
    }


def scaling(
    n_docs: int, engine: str = "local", workers_list: tuple[int, ...] = (1, 2), repeats: int = 1
) -> dict[str, object]:
    """docs/s per configuration, the median of ``repeats`` rounds; the rounds interleave the
    configurations, so a slow spell of a shared machine hits all of them alike."""
    configurations = [("local", 1)] if engine != "local" and 1 in workers_list else []
    configurations += [(engine, w) for w in workers_list]
    rates: dict[str, list[float]] = {f"{e}-{w}": [] for e, w in configurations}
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(Path(tmp) / "docs", n_docs)
        for _ in range(repeats):
            for engine_name, workers in configurations:
                args = ["classify", str(folder), "--out", str(Path(tmp) / f"{engine_name}{workers}.jsonl"), "--no-db",
                        "--workers", str(workers), "--no-progress", "--engine", engine_name]  # fmt: skip
                rates[f"{engine_name}-{workers}"].append(n_docs / measured_run(args)["seconds"])
    runs: dict[str, dict[str, Any]] = {
        name: {"docs_per_s": statistics.median(values), "rounds": values} for name, values in rates.items()
    }
    first = runs[f"{engine}-{workers_list[0]}"]["docs_per_s"]
    result: dict[str, object] = {
        "documents": n_docs,
        "engine": engine,
        "repeats": repeats,
        "runs": runs,
        "speedup": {str(w): runs[f"{engine}-{w}"]["docs_per_s"] / first for w in workers_list},
    }
    if engine != "local" and "local-1" in runs:
        result["overhead_vs_local_at_1_worker"] = runs["local-1"]["docs_per_s"] / runs[f"{engine}-1"]["docs_per_s"] - 1
    return result


def memory(n_docs: int) -> dict[str, object]:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (n_docs, 10 * n_docs):
            folder = generate(Path(tmp) / f"docs{n}", n)
            out, db = Path(tmp) / f"{n}.jsonl", Path(tmp) / f"{n}.duckdb"
            args = ["classify", str(folder), "--out", str(out), "--db", str(db), "--workers", "1", "--no-progress"]
            results[n] = measured_run(args)
            results[n]["query"] = query(db)
    small, large = results[n_docs]["peak_rss_mb"], results[10 * n_docs]["peak_rss_mb"]
    return {"runs": results, "peak_rss_ratio_large_vs_small": large / small}


def query(db: Path, repeats: int = 5) -> dict[str, float]:
    from policytext.store import Store

    filters = {"cluster": "flux50", "pillar": "innovatie", "actor": "VLAIO", "role": "overheid", "sector": "energie",
               "date_from": 2012, "date_to": 2024, "status": "DONE", "text": "energie"}  # fmt: skip
    with Store(db, read_only=True) as store:
        documents = int(store.sql("SELECT count(*) AS n FROM documents")["n"][0])
        timings, rows = [], 0
        for _ in range(repeats):
            started = time.perf_counter()
            rows = len(store.documents(**filters))  # type: ignore[arg-type]
            timings.append(time.perf_counter() - started)
    return {"store_documents": documents, "rows": rows, "median_s": statistics.median(timings), "max_s": max(timings)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("scaling", "memory", "query"))
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--db", type=Path, help="store for the query mode")
    parser.add_argument("--engine", choices=("local", "dask"), default="local", help="engine for the scaling mode")
    parser.add_argument("--workers-list", default="1,2", help="worker counts for the scaling mode, e.g. 1,2,4,8,16")
    parser.add_argument("--repeats", type=int, default=1, help="rounds of the scaling mode (median reported)")
    args = parser.parse_args()
    result: dict[str, Any]
    if args.mode == "scaling":
        result = scaling(args.docs, args.engine, tuple(int(w) for w in args.workers_list.split(",")), args.repeats)
    elif args.mode == "memory":
        result = memory(args.docs)
    else:
        if args.db is None:
            parser.error("query needs --db")
        result = dict(query(args.db))
    result["machine_cores"] = __import__("os").cpu_count()
    result["peak_rss_of_this_script_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
