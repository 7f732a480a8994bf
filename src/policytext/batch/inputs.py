"""What a batch reads: files, folders (recursively) and ``-`` for standard input.

Each input becomes one :class:`InputItem`; reading happens later, one item at a time, so a
bad file becomes one error record and the rest of the batch goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from policytext.errors import DocumentError
from policytext.io.readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, document_from_text, read_path
from policytext.records import Document, Record


@dataclass(frozen=True)
class InputItem:
    id: str
    source: str
    path: Path | None = None
    text: str | None = None
    title: str | None = None
    content_hash: str | None = None


def content_hash(item: InputItem) -> str | None:
    """SHA-256 of a file's bytes or of a text; None when the file cannot be read."""
    if item.content_hash is not None:
        return item.content_hash
    digest = hashlib.sha256()
    if item.path is None:
        digest.update((item.text or "").encode("utf-8"))
        return digest.hexdigest()
    try:
        if not item.path.is_file():  # never open a pipe or device: reading it could block forever
            return None
        with item.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def with_hash(item: InputItem) -> InputItem:
    return item if item.content_hash is not None else dataclasses.replace(item, content_hash=content_hash(item))


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


def read_item(
    item: InputItem, max_bytes: int = DEFAULT_MAX_BYTES, max_chars: int = DEFAULT_MAX_CHARS
) -> Document | Record:
    """The document of an input, or an error record that says what is wrong with it; both
    carry the input's content hash (resume and change detection use it)."""
    item = with_hash(item)
    try:
        if item.path is not None:
            document = read_path(item.path, source=item.source, max_bytes=max_bytes)
        else:
            document = document_from_text(item.text or "", id=item.id, source=item.source, title=item.title)
    except DocumentError as exc:
        return _failed(item, str(exc))
    except OSError as exc:
        return _failed(item, f"{item.source}: cannot read file ({exc.strerror or exc})")
    except RecursionError:
        return _failed(item, f"{item.source}: document structure nested too deeply")
    if len(document.text) > max_chars:
        size = f"{len(document.text):,} characters"
        return _failed(item, f"{item.source}: text of {size} is over the limit of {max_chars:,} (--max-chars)")
    return dataclasses.replace(document, id=item.id, meta={**document.meta, "sha256": item.content_hash})


def _failed(item: InputItem, error: str) -> Record:
    return Record.failed(item.id, item.source, error, content_hash=item.content_hash)
