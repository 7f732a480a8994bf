"""Benchmark policytext next to bare spaCy, each stage in a fresh child process.

Stages (each on the same deterministic benchmark corpus built from corpus/docs):

1. ``bare``      the base pipeline as ``spacy.load`` gives it (the reference), ``nlp.pipe``
2. ``base``      the same pipeline as policytext loads it (no parser, sentence rules), no components
3. ``extract``   the policytext pipeline with the actor, milestone and sector components
4. ``classify``  full ``policytext classify``: reading, language check, extraction, classification, JSONL
5. ``labels``    ``policytext classify --no-extract``: labels only
6. ``classify_w2`` full ``classify`` on 2 worker processes (the scaling ratio against ``classify``)

For each: documents/s, words/s, ratio to ``bare``, load time, load plus first document, peak RSS.

    python scripts/bench.py --docs 2000 [--stages bare,extract,...] [--json] [--write-results]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("bare", "base", "extract", "classify", "labels", "classify_w2")


def benchmark_texts(n_docs: int) -> list[str]:
    """``n_docs`` texts cycling through the corpus in a fixed order (deterministic)."""
    files = sorted((ROOT / "corpus" / "docs").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    return [texts[i % len(texts)] for i in range(n_docs)]


def _stage(name: str, texts: list[str], model: str | None, queue: Any) -> None:
    started = time.perf_counter()
    if name in ("bare", "base", "extract"):
        import spacy

        from policytext.nlp.loading import load_base_pipeline
        from policytext.nlp.pipeline import build_pipeline

        if name == "bare":
            from policytext.nlp.loading import resolve_base_pipeline

            nlp = spacy.load(resolve_base_pipeline(model))
        else:
            nlp = load_base_pipeline(model) if name == "base" else build_pipeline(model)
        loaded = time.perf_counter()
        list(nlp.pipe(texts[:1]))
        first = time.perf_counter()
        for _ in nlp.pipe(texts[1:], batch_size=32):
            pass
    elif name == "classify_w2":
        from policytext.batch.inputs import InputItem
        from policytext.batch.runner import AnalyzerConfig, BatchRunner
        from policytext.batch.sinks import JsonlSink

        items = [InputItem(id=str(i), source=str(i), text=t) for i, t in enumerate(texts)]
        loaded = time.perf_counter()
        marks: list[float] = []
        with open(os.devnull, "w", encoding="utf-8") as devnull:
            sink = JsonlSink(devnull)

            def write(records: list[Any]) -> None:
                if not marks:
                    marks.append(time.perf_counter())
                for record in records:
                    sink.write(record)

            BatchRunner(AnalyzerConfig(), workers=2).run(items, write)
        first = marks[0]
    else:
        from policytext.analysis import Analyzer
        from policytext.batch.sinks import JsonlSink
        from policytext.io.readers import document_from_text

        analyzer = Analyzer(spacy_model=model, extract=name == "classify")
        loaded = time.perf_counter()
        with open(os.devnull, "w", encoding="utf-8") as devnull:
            sink = JsonlSink(devnull)
            documents = (document_from_text(t, id=str(i), source=str(i)) for i, t in enumerate(texts))
            for i, record in enumerate(analyzer.analyse(documents)):
                sink.write(record)
                if i == 0:
                    first = time.perf_counter()
    ended = time.perf_counter()
    queue.put(
        {
            "stage": name,
            "load_s": loaded - started,
            "load_plus_first_s": first - started,
            "process_s": ended - loaded,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def run_stage(name: str, texts: list[str], model: str | None) -> dict[str, Any]:
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_stage, args=(name, texts, model, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    words = sum(len(t.split()) for t in texts)
    result["docs_per_s"] = len(texts) / result["process_s"]
    result["end_to_end_docs_per_s"] = len(texts) / (result["load_s"] + result["process_s"])
    result["words_per_s"] = words / result["process_s"]
    return result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def table(results: list[dict[str, Any]]) -> str:
    reference = next((r for r in results if r["stage"] == "bare"), None)
    single = next((r for r in results if r["stage"] == "classify"), None)
    lines = [
        "| stage | docs/s | words/s | ratio to bare | load s | load + first doc s | peak RSS MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ratio = f"{r['words_per_s'] / reference['words_per_s']:.2f}×" if reference else "n/a"
        if r["stage"] == "classify_w2" and single:
            scaling = r["end_to_end_docs_per_s"] / single["end_to_end_docs_per_s"]
            ratio += f" ({scaling:.2f}× classify end to end)"
        lines.append(
            f"| {r['stage']} | {r['docs_per_s']:.1f} | {r['words_per_s']:.0f} | {ratio} | {r['load_s']:.2f} | "
            f"{r['load_plus_first_s']:.2f} | {r['peak_rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the benchmark corpus")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated subset of {STAGES}")
    parser.add_argument("--spacy-model", default=None, help="base pipeline (default as policytext chooses)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--write-results", action="store_true", help="write benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    texts = benchmark_texts(args.docs)
    stages = [s for s in args.stages.split(",") if s]
    unknown = set(stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stages {sorted(unknown)}")
    results = [run_stage(stage, texts, args.spacy_model) for stage in stages]
    words = sum(len(t.split()) for t in texts)
    header = (
        f"{len(texts)} documents, {words:,} words; {machine()}; {dt.datetime.now(dt.UTC).isoformat(timespec='minutes')}"
    )
    if args.json:
        print(
            json.dumps(
                {"corpus": {"documents": len(texts), "words": words}, "machine": machine(), "results": results},
                indent=2,
            )
        )
    else:
        print(header)
        print(table(results))
    if args.write_results:
        out = ROOT / "benchmarks" / "RESULTS.md"
        command = "python scripts/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
        out.write_text(
            f"# Benchmark results\n\nGenerated by `{command}` (do not edit by hand).\n\n{header}\n\n{table(results)}\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
