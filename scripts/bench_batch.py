"""Batch-run measurements for issue #5, each run in its own process.

* ``scaling``: ``policytext classify`` on the same generated documents for each worker count
  (local engine, or Dask plus the local engine at one worker for the overhead): docs/s, speed-up.
* ``memory``: peak RSS (the run's process and its workers) of a run over N and 10×N documents.
* ``query``: latency of a query with every filter over a store of N documents.

Documents are generated deterministically from corpus/docs: each one joins 2-4 paragraphs
picked by a seeded random generator, so runs are repeatable.

    python scripts/bench_batch.py scaling --docs 2000
    python scripts/bench_batch.py scaling --docs 2000 --engine dask --workers-list 1,2   # also local at 1
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


def measured_run(arguments: list[str]) -> dict[str, float]:
    """Run the CLI in a child process; wall time and the peak RSS of it and its workers."""
    code = (
        "import resource, sys\n"
        "from policytext.cli import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print('RSS', own, workers, file=sys.stderr)\n"
    )
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    own, workers = (int(v) for v in result.stderr.rsplit("RSS", 1)[1].split())
    return {"seconds": seconds, "peak_rss_mb": own / 1024, "peak_worker_rss_mb": workers / 1024}


def scaling(n_docs: int, engine: str = "local", workers_list: tuple[int, ...] = (1, 2)) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(Path(tmp) / "docs", n_docs)
        runs: dict[str, dict[str, float]] = {}
        for engine_name in ("local", engine) if engine != "local" else ("local",):
            for workers in workers_list if engine_name == engine else (1,):
                args = ["classify", str(folder), "--out", str(Path(tmp) / f"{engine_name}{workers}.jsonl"), "--no-db",
                        "--workers", str(workers), "--no-progress", "--engine", engine_name]  # fmt: skip
                run = measured_run(args)
                run["docs_per_s"] = n_docs / run["seconds"]
                runs[f"{engine_name}-{workers}"] = run
    first = runs[f"{engine}-{workers_list[0]}"]["docs_per_s"]
    result: dict[str, object] = {
        "documents": n_docs,
        "engine": engine,
        "runs": runs,
        "speedup": {str(w): runs[f"{engine}-{w}"]["docs_per_s"] / first for w in workers_list},
    }
    if engine != "local":
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
    args = parser.parse_args()
    if args.mode == "scaling":
        result = scaling(args.docs, args.engine, tuple(int(w) for w in args.workers_list.split(",")))
    elif args.mode == "memory":
        result = memory(args.docs)
    else:
        if args.db is None:
            parser.error("query needs --db")
        result = query(args.db)
    result["machine_cores"] = __import__("os").cpu_count()
    result["peak_rss_of_this_script_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
