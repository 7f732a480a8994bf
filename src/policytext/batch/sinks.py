"""Output sinks: JSON Lines (the contract of GUIDELINES §4), CSV and Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, TextIO, cast

from policytext.records import Record

FORMATS = ("jsonl", "csv", "parquet")
FLAT_COLUMNS = (
    "id", "source", "status", "error", "language", "title", "date", "clusters", "pillars",
    "actors", "milestones", "sectors", "base_pipeline", "model", "n_chars", "content_hash",
)  # fmt: skip


class Sink(Protocol):
    def write(self, record: Record) -> None: ...
    def close(self) -> None: ...


def flat_row(record: Record) -> dict[str, Any]:
    """One record as flat columns: label lists and entities as JSON strings."""
    data = record.to_dict()
    row = {key: data.get(key) for key in FLAT_COLUMNS}
    for key in ("clusters", "pillars", "actors", "milestones", "sectors"):
        row[key] = json.dumps(data[key], ensure_ascii=False)
    return row


class JsonlSink:
    def __init__(self, stream: TextIO, include_text: bool = False) -> None:
        self.stream = stream
        self.include_text = include_text

    def write(self, record: Record) -> None:
        self.stream.write(json.dumps(record.to_dict(self.include_text), ensure_ascii=False) + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class CsvSink:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.writer = csv.DictWriter(stream, fieldnames=list(FLAT_COLUMNS))
        self.writer.writeheader()

    def write(self, record: Record) -> None:
        self.writer.writerow(flat_row(record))

    def close(self) -> None:
        self.stream.flush()


class ParquetSink:
    """Buffers rows and writes them in row groups, so memory stays bounded."""

    ROW_GROUP = 1000

    def __init__(self, path: Path) -> None:
        import pyarrow as pa

        self.path = path
        self.schema = pa.schema([(c, pa.int64() if c == "n_chars" else pa.string()) for c in FLAT_COLUMNS])
        self.rows: list[dict[str, Any]] = []
        self.writer: Any = None

    def write(self, record: Record) -> None:
        self.rows.append(flat_row(record))
        if len(self.rows) >= self.ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.writer is None:
            self.writer = pq.ParquetWriter(str(self.path), self.schema)
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []

    def close(self) -> None:
        if self.rows or self.writer is None:
            self._flush()
        self.writer.close()


def jsonl_ledger(path: Path) -> dict[str, str | None]:
    """id -> content hash of the records already in a JSONL output (for ``--resume``).

    A last line cut off by a crash is removed from the file, so appending starts clean.
    """
    if not path.is_file():
        return {}
    done: dict[str, str | None] = {}
    with path.open("r+b") as handle:
        good_end = 0
        for line in handle:
            if not line.endswith(b"\n"):
                break
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                break
            done[record["id"]] = record.get("content_hash")
            good_end += len(line)
        handle.truncate(good_end)
    return done


class SinkFile:
    """Context manager that opens the right sink for ``fmt`` on a path or stdout."""

    def __init__(self, out: str, fmt: str, stdout: TextIO, append: bool = False, include_text: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of {FORMATS}")
        if fmt == "parquet" and out == "-":
            raise ValueError("parquet output needs a file: use --out FILE")
        if append and fmt != "jsonl":
            raise ValueError("--resume appends to JSON Lines output only; use --format jsonl or --db alone")
        self.out, self.fmt, self.stdout, self.append, self.include_text = out, fmt, stdout, append, include_text
        self.stream: TextIO | None = None
        self.sink: Sink | None = None

    def __enter__(self) -> Sink:
        if self.fmt == "parquet":
            self.sink = ParquetSink(Path(self.out))
            return self.sink
        mode = "a" if self.append else "w"
        stream = self.stdout if self.out == "-" else cast(TextIO, open(self.out, mode, encoding="utf-8", newline=""))
        self.stream = stream
        self.sink = JsonlSink(stream, self.include_text) if self.fmt == "jsonl" else CsvSink(stream)
        return self.sink

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.sink is not None:
            self.sink.close()
        if self.stream is not None and self.stream is not self.stdout:
            self.stream.close()
