"""What a batch reads: files, folders (recursively) and ``-`` for standard input.

Each input becomes one :class:`InputItem`; reading happens later, one item at a time, so a
bad file becomes one error record and the rest of the batch goes on.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from policytext.errors import DocumentError
from policytext.io.readers import DEFAULT_MAX_BYTES, document_from_text, read_path
from policytext.records import Document, Record


@dataclass(frozen=True)
class InputItem:
    id: str
    source: str
    path: Path | None = None
    text: str | None = None
    title: str | None = None


def list_inputs(paths: Iterable[str], stdin: TextIO | None = None) -> Iterator[InputItem]:
    """Expand paths into input items in a stable order: folders are walked sorted, hidden
    files skipped, symbolic links to folders not followed (no loops)."""
    for raw in paths:
        if raw == "-":
            yield from _stdin_items(stdin or sys.stdin)
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        file_path = Path(root) / name
                        yield InputItem(id=str(file_path), source=str(file_path), path=file_path)
        else:
            yield InputItem(id=str(path), source=str(path), path=path)


def _stdin_items(stream: TextIO) -> Iterator[InputItem]:
    """Each line is a text, or a JSON object with ``text`` (and optionally ``id``, ``title``)."""
    for number, line in enumerate(stream, start=1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        source = f"stdin:{number}"
        if line.lstrip().startswith("{"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                obj = None
            if isinstance(obj, dict):
                text = obj.get("text")
                yield InputItem(
                    id=str(obj.get("id", source)),
                    source=source,
                    text=text if isinstance(text, str) else "",
                    title=obj.get("title"),
                )
                continue
        yield InputItem(id=source, source=source, text=line)


def read_item(item: InputItem, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | Record:
    """The document of an input, or an error record that says what is wrong with it."""
    try:
        if item.path is not None:
            document = read_path(item.path, source=item.source, max_bytes=max_bytes)
            return document
        return document_from_text(item.text or "", id=item.id, source=item.source, title=item.title)
    except DocumentError as exc:
        return Record.failed(item.id, item.source, str(exc))
    except OSError as exc:
        return Record.failed(item.id, item.source, f"{item.source}: cannot read file ({exc.strerror or exc})")
    except RecursionError:
        return Record.failed(item.id, item.source, f"{item.source}: document structure nested too deeply")
