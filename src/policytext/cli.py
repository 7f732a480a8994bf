"""Command-line interface: a thin layer over the Python API."""

from __future__ import annotations

import json
import logging
import platform
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from policytext import __version__
from policytext.errors import PolicytextError

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
    spacy_model: SpacyModel = None,
    model_dir: ModelDir = None,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Labels only: skip actor, milestone and sector extraction.")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Add the top features behind each predicted label.")
    ] = False,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Refuse files larger than this many bytes.")] = 20
    * 1024
    * 1024,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar (default: when stderr is a terminal).")
    ] = None,
) -> None:
    """Classify documents and extract their entities: one output record per input."""
    from policytext.analysis import Analyzer
    from policytext.batch.inputs import list_inputs
    from policytext.batch.runner import run_batch
    from policytext.batch.sinks import SinkFile

    items = list(list_inputs(paths))
    if not items:
        err.print("[bold red]error:[/] no input documents found in " + ", ".join(paths))
        raise typer.Exit(code=1)
    try:
        analyzer = Analyzer(spacy_model=spacy_model, model_dir=model_dir, extract=not no_extract, explain=explain)
    except PolicytextError as exc:
        _fail(exc)
    show_progress = sys.stderr.isatty() if progress is None else progress
    try:
        with SinkFile(out, fmt.value, sys.stdout) as sink:
            if show_progress:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

                columns = [
                    TextColumn("classify"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("{task.speed} docs/s"),
                    TimeRemainingColumn(),
                ]
                with Progress(*columns, console=err, transient=True) as bar:
                    task = bar.add_task("classify", total=len(items))
                    summary = run_batch(items, analyzer, sink, max_bytes, on_record=lambda _: bar.advance(task))
            else:
                summary = run_batch(items, analyzer, sink, max_bytes)
    except ValueError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(code=2) from exc
    err.print(
        f"documents: {summary.documents}  ok: {summary.ok}  errors: {summary.errors}  "
        f"time: {summary.seconds:.1f}s ({summary.docs_per_second:.1f} docs/s)  "
        f"base pipeline: {analyzer.base_pipeline}  "
        f"model: {analyzer.classifier.version if analyzer.classifier else 'none'}"
    )
    if summary.error_kinds:
        err.print("errors by kind: " + ", ".join(f"{k}: {n}" for k, n in sorted(summary.error_kinds.items())))
    if summary.ok == 0:
        raise typer.Exit(code=1)


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
        data["classifier_metrics"] = manifest.get("metrics", {}).get("test", {})
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
    split: Annotated[str, typer.Option("--split", help="Corpus or gold split: dev or test.")] = "test",
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
