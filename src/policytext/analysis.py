"""From documents to records: language check, spaCy pipeline, extraction and classification."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from policytext.classify.features import PARAGRAPH_BREAK, DocFeatures, doc_features, segment_bounds, text_features
from policytext.classify.modelfile import DEFAULT_MODEL_DIR, ClassifierModel, load_model
from policytext.errors import ModelNotFoundError
from policytext.io.readers import find_masthead_period
from policytext.language import is_dutch
from policytext.nlp.loading import base_pipeline_info
from policytext.nlp.pipeline import build_pipeline
from policytext.records import Document, Label, Record

log = logging.getLogger(__name__)
CHUNK_SIZE = 32
SECTION_CHARS = 100_000
"""Documents longer than this are analysed in sections cut at paragraph breaks (and merged)."""


def split_sections(text: str, max_chars: int = SECTION_CHARS) -> list[tuple[int, str]]:
    """(offset, text) pieces of at most ``max_chars``, cut at a paragraph break where there is one."""
    sections: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        window_end = start + max_chars
        breaks = [m.end() for m in PARAGRAPH_BREAK.finditer(text, start + max_chars // 2, window_end)]
        cut = breaks[-1] if breaks else (text.rfind(" ", start, window_end) + 1 or window_end)
        if cut <= start:
            cut = window_end
        sections.append((start, text[start:cut]))
        start = cut
    sections.append((start, text[start:]))
    return sections


def _shift(items: list[Any], offset: int) -> list[Any]:
    if not offset:
        return list(items)
    return [dataclasses.replace(item, start=item.start + offset, end=item.end + offset) for item in items]


@dataclasses.dataclass
class _Analysed:
    """What the pipeline found in one document, over all of its sections."""

    actors: list[Any] = dataclasses.field(default_factory=list)
    milestones: list[Any] = dataclasses.field(default_factory=list)
    sectors: list[Any] = dataclasses.field(default_factory=list)
    features: list[DocFeatures] = dataclasses.field(default_factory=list)
    segment_features: list[tuple[int, int, DocFeatures]] = dataclasses.field(default_factory=list)

    def merged_features(self) -> DocFeatures:
        if len(self.features) == 1:
            return self.features[0]
        return DocFeatures(
            text="\n\n".join(f.text for f in self.features),
            lemmas=" ".join(f.lemmas for f in self.features),
            entities=" ".join(f.entities for f in self.features),
        )


class Analyzer:
    """Holds the loaded pipeline and classifier; turns documents into :class:`Record` objects.

    ``model_dir=None`` uses the default model in ``models/`` when it is there; a missing
    default model is logged and the records then carry no labels (``model: null``).
    """

    def __init__(
        self,
        spacy_model: str | None = None,
        model_dir: str | Path | None = None,
        extract: bool = True,
        explain: bool = False,
        segments: bool = False,
        batch_size: int = 16,
        section_chars: int = SECTION_CHARS,
    ) -> None:
        # Labels only: no spaCy at all; the classifier's text-only models read the raw text.
        self.nlp: Language | None = build_pipeline(spacy_model, extract=True) if extract else None
        self.base_pipeline = str(base_pipeline_info(self.nlp)) if self.nlp is not None else None
        self.extract = extract
        self.explain = explain
        self.segments = segments
        self.batch_size = batch_size
        self.section_chars = section_chars
        self.classifier: ClassifierModel | None = None
        try:
            self.classifier = load_model(model_dir)
        except ModelNotFoundError:
            if model_dir is not None or not extract:
                raise
            log.warning("no classifier in %s: records will carry no cluster or pillar labels", DEFAULT_MODEL_DIR)

    @property
    def model_version(self) -> str | None:
        return self.classifier.version if self.classifier else None

    def analyse(self, items: Iterable[Document | Record]) -> Iterator[Record]:
        """One record per item, in input order; failed reads (records) pass through."""
        iterator = iter(items)
        while chunk := list(islice(iterator, CHUNK_SIZE)):
            yield from self.analyse_chunk(chunk)

    def analyse_text(self, text: str, id: str = "text") -> Record:
        from policytext.io.readers import document_from_text

        return next(self.analyse([document_from_text(text, id=id, source=id)]))

    def analyse_chunk(self, chunk: list[Document | Record]) -> list[Record]:
        """Records for a chunk, in order. spaCy's strings added here are freed afterwards
        (``memory_zone``), so memory stays flat over any number of chunks."""
        results: list[Record | None] = []
        documents: dict[int, Document] = {}
        for index, item in enumerate(chunk):
            if isinstance(item, Record):
                results.append(item)
                continue
            dutch, language = is_dutch(item.text)
            if dutch:
                documents[index] = item
                results.append(None)
            else:
                error = f"{item.source}: not Dutch (detected: {language or 'unknown'})"
                results.append(self._failed(item, error, language))
        if self.nlp is None:
            analysed = {index: self._text_only(document) for index, document in documents.items()}
            labels = self._classify(analysed)
        else:
            with self.nlp.memory_zone():
                analysed = self._run_pipeline(documents, results)
                labels = self._classify(analysed)
        for index, found in analysed.items():
            results[index] = self._record(documents[index], found, labels.get(index))
        return [r for r in results if r is not None]

    def _text_only(self, document: Document) -> _Analysed:
        found = _Analysed(features=[text_features(document.text)])
        if self.segments:
            found.segment_features = [
                (start, end, text_features(document.text[start:end])) for start, end in segment_bounds(document.text)
            ]
        return found

    def _run_pipeline(self, documents: dict[int, Document], results: list[Record | None]) -> dict[int, _Analysed]:
        assert self.nlp is not None
        sections: list[tuple[Doc, tuple[int, int]]] = []
        for index, document in documents.items():
            reference_date = document.date or find_masthead_period(document.text)
            for offset, text in split_sections(document.text, self.section_chars):
                doc = self.nlp.make_doc(text)
                doc._.doc_date = reference_date
                sections.append((doc, (index, offset)))
        analysed: dict[int, _Analysed] = {index: _Analysed() for index in documents}
        try:
            processed = list(self.nlp.pipe(sections, as_tuples=True, batch_size=self.batch_size))
        except Exception:  # noqa: BLE001 - isolate the failing document below; the batch goes on
            processed = self._one_by_one(sections, documents, results, analysed)
        for doc, (index, offset) in processed:
            if index not in analysed:
                continue
            found = analysed[index]
            if self.extract:
                found.actors += _shift(doc._.actors or [], offset)
                found.milestones += _shift(doc._.milestones or [], offset)
                found.sectors += _shift(doc._.sectors or [], offset)
            found.features.append(doc_features(doc))
            if self.segments:
                found.segment_features += [
                    (offset + start, offset + end, doc_features(doc, start, end))
                    for start, end in segment_bounds(doc.text)
                ]
        return analysed

    def _one_by_one(
        self,
        sections: list[tuple[Doc, tuple[int, int]]],
        documents: dict[int, Document],
        results: list[Record | None],
        analysed: dict[int, _Analysed],
    ) -> list[tuple[Doc, tuple[int, int]]]:
        processed = []
        for doc, (index, offset) in sections:
            if index not in analysed:
                continue
            try:
                assert self.nlp is not None
                processed.append((self.nlp(doc), (index, offset)))
            except Exception as exc:
                log.exception("analysing %s failed", documents[index].source)
                results[index] = self._failed(documents[index], f"{documents[index].source}: internal error ({exc!r})")
                del analysed[index]
        return processed

    def _classify(self, analysed: dict[int, _Analysed]) -> dict[int, dict[str, Any]]:
        if self.classifier is None or not analysed:
            return {}
        indices = list(analysed)
        fast = self.nlp is None
        predictions = self.classifier.predict(
            [analysed[i].merged_features() for i in indices], explain=self.explain, fast=fast
        )
        labels: dict[int, dict[str, Any]] = {i: {"labels": p} for i, p in zip(indices, predictions, strict=True)}
        if self.segments:
            for i in indices:
                parts = analysed[i].segment_features
                segment_predictions = self.classifier.predict([f for _, _, f in parts], fast=fast) if parts else []
                labels[i]["segments"] = [
                    {"start": start, "end": end, "clusters": _plain(clusters), "pillars": _plain(pillars)}
                    for (start, end, _), (clusters, pillars) in zip(parts, segment_predictions, strict=True)
                ]
        return labels

    def _failed(self, document: Document, error: str, language: str | None = None) -> Record:
        return Record.failed(document.id, document.source, error, language, document.meta.get("sha256"))

    def _record(self, document: Document, found: _Analysed, labels: dict[str, Any] | None) -> Record:
        record = Record(
            id=document.id,
            source=document.source,
            language="nl",
            title=document.title,
            date=document.date.isoformat() if document.date else None,
            base_pipeline=self.base_pipeline,
            model=self.model_version,
            n_chars=len(document.text),
            content_hash=document.meta.get("sha256"),
            text=document.text,
        )
        if self.extract:
            record.actors, record.milestones, record.sectors = found.actors, found.milestones, found.sectors
        if labels is not None:
            record.clusters, record.pillars = labels["labels"]
            record.segments = labels.get("segments")
        return record


def _plain(labels: list[Label]) -> list[dict[str, Any]]:
    return [{"label": label.label, "score": label.score} for label in labels]
