"""Outputs of analyst views that are more than a table: a timeline plot, GraphML, exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from policytext.store.database import Store


def timeline_plot(frame: pd.DataFrame, path: Path) -> None:
    """Milestones per cluster on a time axis, coloured by status."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 0.6 * max(3, frame["cluster"].nunique()) + 1))
    clusters = sorted(frame["cluster"].unique()) if not frame.empty else []
    colours = {
        "DONE": "tab:green",
        "ONGOING": "tab:blue",
        "PLANNED": "tab:orange",
        "DELAYED": "tab:red",
        "STOPPED": "black",
    }
    for row, cluster in enumerate(clusters):
        part = frame[frame["cluster"] == cluster]
        for status, group in part.groupby(part["status"].fillna("unknown")):
            ax.scatter(pd.to_datetime(group["date_start"]), [row] * len(group), label=status,
                       color=colours.get(str(status), "grey"), alpha=0.7)  # fmt: skip
    ax.set_yticks(range(len(clusters)), clusters)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), loc="upper left", fontsize=8)
    ax.set_title("Milestones per cluster")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write_graphml(frame: pd.DataFrame, path: Path) -> None:
    """The actor co-occurrence network: actors as nodes, shared documents as edge weights."""
    import networkx as nx

    graph = nx.Graph()
    for row in frame.itertuples(index=False):
        graph.add_edge(row.actor_a, row.actor_b, weight=int(row.documents))
    nx.write_graphml(graph, path)


def export_store(store: Store, out: Path, fmt: str) -> int:
    """Write the store in ``fmt``; returns the number of documents written."""
    from policytext.batch.sinks import FLAT_COLUMNS

    records = list(store.records())
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    elif fmt in ("csv", "parquet"):
        rows = []
        for record in records:
            row = {key: record.get(key) for key in FLAT_COLUMNS if key in record}
            for key in ("clusters", "pillars", "actors", "milestones", "sectors"):
                row[key] = json.dumps(record[key], ensure_ascii=False, default=str)
            rows.append(row)
        frame = pd.DataFrame(rows)
        frame.to_csv(out, index=False) if fmt == "csv" else frame.to_parquet(out, index=False)
    elif fmt == "xlsx":
        with pd.ExcelWriter(out) as writer:
            for table in ("documents", "predictions", "actors", "milestones", "sectors"):
                columns = "* EXCLUDE (text)" if table == "documents" else "*"
                frame = store.sql(f"SELECT {columns} FROM {table} ORDER BY doc_id")
                if "nace" in frame:
                    frame["nace"] = frame["nace"].map(lambda codes: ", ".join(codes))
                frame.to_excel(writer, sheet_name=table, index=False)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return len(records)
