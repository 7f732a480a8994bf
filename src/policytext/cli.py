"""Command-line interface: a thin layer over the Python API."""

from __future__ import annotations

import json
import logging
import os
import platform
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from policytext import __version__
from policytext.errors import PolicytextError

if TYPE_CHECKING:
    from policytext.batch.dask_engine import DaskRunner
from policytext.io.readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS

app = typer.Typer(
    name="policytext",
    help="Read Flemish policy documents: speerpuntclusters, NIB pillars, actors, milestones and sectors.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)

SpacyModel = Annotated[
    str | None,
    typer.Option(
        "--spacy-model",
        envvar="POLICYTEXT_SPACY_MODEL",
        help="Base spaCy pipeline (package name or path). Default: nl_core_news_sm, else the stand-in nl_udconll_sm.",
    ),
]
ModelDir = Annotated[
    Path | None,
    typer.Option(
        "--model-dir", envvar="POLICYTEXT_MODEL_DIR", help="Classifier directory (default: the shipped models/)."
    ),
]


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def _fail(exc: PolicytextError) -> None:
    err.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(code=2)


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


@app.command()
def classify(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files or folders to read; '-' reads texts (or JSONL with a 'text' key) from stdin."),
    ],
    out: Annotated[str, typer.Option("--out", "-o", help="Output file; '-' for stdout.")] = "-",
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.jsonl,
    db: Annotated[
        Path | None, typer.Option("--db", help="DuckDB store to write results into (see `policytext query`).")
    ] = Path("results.duckdb"),
    no_db: Annotated[bool, typer.Option("--no-db", help="Do not write a DuckDB store.")] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip inputs already in the store/output with the same content hash.")
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", "-w", help="Worker processes (default: the machine's cores).")
    ] = 0,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local: processes on this machine; dask: a Dask cluster.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="With --engine dask: scheduler address (tcp://HOST:8786); none starts a LocalCluster."
        ),
    ] = None,
    spacy_model: SpacyModel = None,
    model_dir: ModelDir = None,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Labels only: skip actor, milestone and sector extraction.")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Add the top features behind each predicted label.")
    ] = False,
    segments: Annotated[
        bool, typer.Option("--segments", help="Also label each paragraph-sized segment (where is each label treated).")
    ] = False,
    include_text: Annotated[
        bool, typer.Option("--include-text", help="Write each document's cleaned text into the JSON Lines output.")
    ] = False,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Refuse files larger than this many bytes, before reading them.")
    ] = DEFAULT_MAX_BYTES,
    max_chars: Annotated[
        int, typer.Option("--max-chars", help="Refuse texts longer than this many characters after clean-up.")
    ] = DEFAULT_MAX_CHARS,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar (default: when stderr is a terminal).")
    ] = None,
) -> None:
    """Classify documents and extract their entities: one output record per input."""
    from policytext.batch.inputs import list_inputs
    from policytext.batch.runner import AnalyzerConfig, BatchRunner, Summary, describe, skip_finished
    from policytext.batch.sinks import SinkFile, jsonl_ledger
    from policytext.nlp.loading import resolve_base_pipeline
    from policytext.records import Record
    from policytext.store import Store

    items = list(list_inputs(paths))
    if not items:
        err.print("[bold red]error:[/] no input documents found in " + ", ".join(paths))
        raise typer.Exit(code=1)
    store_path = None if no_db else db
    config = AnalyzerConfig(
        spacy_model=spacy_model,
        model_dir=str(model_dir) if model_dir else None,
        extract=not no_extract,
        explain=explain,
        segments=segments,
    )
    workers = workers or os.cpu_count() or 1
    runner: BatchRunner | DaskRunner
    if engine is Engine.dask:
        from policytext.batch.dask_engine import DaskRunner

        runner = DaskRunner(config, scheduler=scheduler, workers=workers, max_bytes=max_bytes, max_chars=max_chars)
    else:
        # A worker costs a pipeline load (seconds): never more than one per 8 inputs.
        runner = BatchRunner(
            config, workers=max(1, min(workers, len(items) // 8)), max_bytes=max_bytes, max_chars=max_chars
        )
    try:
        if isinstance(runner, BatchRunner) and runner.workers == 1:
            runner.analyzer  # noqa: B018 - load now, so a missing pipeline fails before any output
        elif isinstance(runner, BatchRunner) and not no_extract:
            resolve_base_pipeline(spacy_model)  # fail here, not in every worker
        store = Store(store_path) if store_path is not None else None
        append = resume and out != "-" and Path(out).exists()
        summary = Summary()
        todo = iter(items)
        if resume:
            ledgers = []
            if store is not None:
                ledgers.append(store.finished())
            if out != "-" and fmt is OutputFormat.jsonl:
                ledgers.append(jsonl_ledger(Path(out)))
            if not ledgers:
                raise PolicytextError("--resume needs a store (--db) or a JSON Lines --out file to resume from")
            finished = {k: v for k, v in ledgers[0].items() if all(led.get(k) == v for led in ledgers[1:])}
            todo = skip_finished(items, finished, summary)
        with SinkFile(out, fmt.value, sys.stdout, append=append, include_text=include_text) as sink:
            run_id = store.start_run(None, None, sys.argv[1:]) if store is not None else None
            reporter = ProgressReporter(len(items), show=sys.stderr.isatty() if progress is None else progress)

            def write(records: list[Record]) -> None:
                if store is not None:
                    store.write(records, run_id)
                for record in records:
                    sink.write(record)

            with reporter:
                reporter.advance(summary.skipped)
                if isinstance(runner, BatchRunner):
                    runner.run(todo, write, summary, on_record=reporter.on_record)
                else:
                    runner.run(todo, write, summary, on_record=reporter.on_record, on_start=announce_dashboard)
            if store is not None and run_id is not None:
                store.finish_run(
                    run_id, summary.documents, summary.ok, summary.errors, reporter.base_pipeline, reporter.model
                )
                store.close()
    except PolicytextError as exc:
        _fail(exc)
    except ValueError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(code=2) from exc
    extra = {
        "engine": engine.value,
        "workers": runner.workers,
        "base pipeline": reporter.base_pipeline,
        "model": reporter.model or "none",
    }
    if store_path is not None:
        extra["store"] = str(store_path)
    err.print(describe(summary, extra), soft_wrap=True)
    if summary.error_kinds:
        err.print("errors by kind: " + ", ".join(f"{k}: {n}" for k, n in sorted(summary.error_kinds.items())))
    if summary.ok == 0 and summary.skipped == 0:
        raise typer.Exit(code=1)


def announce_dashboard(link: str | None) -> None:
    if link:
        err.print(f"Dask dashboard: {link}")


class ProgressReporter:
    """A progress bar with documents/s and ETA on a terminal; a log line every 10 s otherwise."""

    def __init__(self, total: int, show: bool, interval: float = 10.0) -> None:
        self.total, self.show, self.interval = total, show, interval
        self.done = 0
        self.started = self.last_log = time.monotonic()
        self.base_pipeline: str | None = None
        self.model: str | None = None
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> ProgressReporter:
        if self.show:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("classify"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            )
            self.bar.__enter__()
            self.task = self.bar.add_task("classify", total=self.total, rate="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def advance(self, n: int) -> None:
        self.done += n
        if self.bar is not None and n:
            self.bar.advance(self.task, n)

    def on_record(self, record: Any) -> None:
        if record.base_pipeline:
            self.base_pipeline, self.model = record.base_pipeline, record.model
        self.advance(1)
        now = time.monotonic()
        rate = self.done / (now - self.started) if now > self.started else 0.0
        if self.bar is not None:
            self.bar.update(self.task, rate=f"{rate:.1f} docs/s")
        elif now - self.last_log >= self.interval:
            self.last_log = now
            eta = (self.total - self.done) / rate if rate else float("nan")
            err.print(
                f"policytext: {self.done}/{self.total} documents, {rate:.1f} docs/s, ETA {eta:.0f}s", soft_wrap=True
            )


@app.command()
def info(
    spacy_model: SpacyModel = None,
    model_dir: ModelDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show versions, the base pipeline that would be loaded, and the classifier."""
    import sklearn
    import spacy

    from policytext.classify.modelfile import DEFAULT_MODEL_DIR, verify_model
    from policytext.nlp.loading import base_pipeline_info, load_base_pipeline

    data: dict[str, object] = {
        "policytext": __version__,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "scikit-learn": sklearn.__version__,
    }
    try:
        pipeline = base_pipeline_info(load_base_pipeline(spacy_model))
        data["base_pipeline"] = str(pipeline)
        data["base_components"] = list(pipeline.components)
    except PolicytextError as exc:
        data["base_pipeline"] = None
        data["base_pipeline_error"] = str(exc)
    directory = model_dir or DEFAULT_MODEL_DIR
    try:
        manifest = verify_model(directory)
        data["classifier"] = manifest["version"]
        data["classifier_dir"] = str(directory)
        test = manifest.get("metrics", {}).get("test", {})
        data["classifier_test_macro_f1"] = {
            key: {system: scores["macro_f1"] for system, scores in systems.items()} for key, systems in test.items()
        }
    except PolicytextError as exc:
        data["classifier"] = None
        data["classifier_error"] = str(exc)
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for key, value in data.items():
            typer.echo(f"{key}: {value}")


CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus"


@app.command()
def train(
    corpus: Annotated[Path, typer.Option("--corpus", help="Corpus directory with manifest.jsonl.")] = CORPUS_DIR,
    out: Annotated[Path, typer.Option("--out", help="Directory to write the model to.")] = Path("models"),
    spacy_model: SpacyModel = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (training is deterministic for a seed).")] = 0,
) -> None:
    """Retrain the cluster and pillar models: CV on train, thresholds on dev, report on test."""
    from policytext.classify.train import train as train_model

    try:
        manifest = train_model(corpus, out, spacy_model=spacy_model, seed=seed)
    except PolicytextError as exc:
        _fail(exc)
    test = manifest["metrics"]["test"]
    typer.echo(f"wrote {out} ({manifest['version']})")
    for key in ("clusters", "pillars"):
        typer.echo(f"{key}: test macro-F1 {test[key]['model']['macro_f1']:.3f}")


@app.command()
def evaluate(
    classification: Annotated[bool, typer.Option("--classification", help="Evaluate the classifier.")] = False,
    extraction: Annotated[bool, typer.Option("--extraction", help="Evaluate the extractors on the gold set.")] = False,
    split: Annotated[str, typer.Option("--split", help="Split: dev or test (gold also: train).")] = "test",
    corpus: Annotated[Path, typer.Option("--corpus", help="Corpus directory.")] = CORPUS_DIR,
    model_dir: ModelDir = None,
    spacy_model: SpacyModel = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the full report as JSON here.")] = None,
) -> None:
    """Measure the classifier (against two baselines) and/or the extractors (against bare spaCy NER)."""
    if not (classification or extraction):
        classification = extraction = True
    report: dict[str, object] = {}
    try:
        if classification:
            from policytext.classify.evaluate import evaluate_classification, format_classification

            report["classification"] = evaluate_classification(corpus, model_dir, split, spacy_model)
            typer.echo(format_classification(report["classification"]))  # type: ignore[arg-type]
        if extraction:
            from policytext.nlp.evaluate import evaluate_extraction, format_extraction

            report["extraction"] = evaluate_extraction(corpus / "gold", split, spacy_model)
            typer.echo(format_extraction(report["extraction"]))  # type: ignore[arg-type]
    except PolicytextError as exc:
        _fail(exc)
    if json_out is not None:
        json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class View(StrEnum):
    actors = "actors"
    timeline = "timeline"
    cooccurrence = "cooccurrence"
    sectors = "sectors"


StorePath = Annotated[Path, typer.Option("--db", help="DuckDB store written by `policytext classify`.")]


@app.command()
def query(
    db: StorePath = Path("results.duckdb"),
    cluster: Annotated[str | None, typer.Option(help="Documents labelled with this cluster id.")] = None,
    pillar: Annotated[str | None, typer.Option(help="Documents labelled with this pillar id.")] = None,
    actor: Annotated[str | None, typer.Option(help="Documents naming this actor (canonical name or surface).")] = None,
    role: Annotated[str | None, typer.Option(help="Documents with an actor of this role.")] = None,
    sector: Annotated[str | None, typer.Option(help="Documents naming this sector id.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Milestone on or after this year/date.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Milestone on or before this year/date.")] = None,
    status: Annotated[str | None, typer.Option(help="Milestone with this status (DONE, PLANNED, ...).")] = None,
    text: Annotated[str | None, typer.Option(help="Documents whose text or title contains this.")] = None,
    sql: Annotated[str | None, typer.Option("--sql", help="Run a read-only SQL query on the store.")] = None,
    view: Annotated[View | None, typer.Option("--view", help="A ready-made analyst view.")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="With --view timeline: write a PNG timeline.")] = None,
    graphml: Annotated[Path | None, typer.Option("--graphml", help="With --view cooccurrence: write GraphML.")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.table,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show in a table (0: all).")] = 50,
) -> None:
    """Ask the store questions without SQL (filters combine with AND), or with read-only SQL."""
    from policytext.store import Store
    from policytext.store.views import timeline_plot, write_graphml

    try:
        with Store(db, read_only=True) as store:
            if sql is not None:
                frame = store.sql(sql)
            elif view is View.actors:
                frame = store.actors(cluster=cluster, role=role)
            elif view is View.timeline:
                frame = store.timeline(cluster=cluster)
                if plot is not None:
                    timeline_plot(frame, plot)
                    err.print(f"wrote {plot}")
            elif view is View.cooccurrence:
                frame = store.cooccurrence()
                if graphml is not None:
                    write_graphml(frame, graphml)
                    err.print(f"wrote {graphml}")
            elif view is View.sectors:
                frame = store.sector_cluster_matrix().reset_index()
            else:
                frame = store.documents(
                    cluster=cluster, pillar=pillar, actor=actor, role=role, sector=sector,
                    date_from=date_from, date_to=date_to, status=status, text=text,
                )  # fmt: skip
    except PolicytextError as exc:
        _fail(exc)
    if fmt is TableFormat.csv:
        typer.echo(frame.to_csv(index=False), nl=False)
    elif fmt is TableFormat.json:
        typer.echo(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        from rich.table import Table

        shown = frame if limit <= 0 else frame.head(limit)
        table = Table(*[str(c) for c in frame.columns], caption=f"{len(frame)} rows")
        for row in shown.itertuples(index=False):
            table.add_row(*["" if v is None else str(v) for v in row])
        Console().print(table)


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    xlsx = "xlsx"
    jsonl = "jsonl"


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    db: StorePath = Path("results.duckdb"),
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")] = ExportFormat.parquet,
) -> None:
    """Export the store: records as JSON Lines, flat rows as CSV/Parquet, one sheet per table as XLSX."""
    from policytext.store import Store
    from policytext.store.views import export_store

    try:
        with Store(db, read_only=True) as store:
            rows = export_store(store, out, fmt.value)
    except PolicytextError as exc:
        _fail(exc)
    err.print(f"wrote {rows} documents to {out}")
