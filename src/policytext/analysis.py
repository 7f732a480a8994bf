"""From documents to records: language check, spaCy pipeline, extraction and classification."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from policytext.classify.features import doc_features
from policytext.classify.modelfile import DEFAULT_MODEL_DIR, ClassifierModel, load_model
from policytext.errors import ModelNotFoundError
from policytext.language import is_dutch
from policytext.nlp.loading import base_pipeline_info
from policytext.nlp.pipeline import build_pipeline
from policytext.records import Document, Record

log = logging.getLogger(__name__)
CHUNK_SIZE = 64


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
        batch_size: int = 16,
    ) -> None:
        self.nlp: Language = build_pipeline(spacy_model, extract=extract)
        self.base_pipeline = str(base_pipeline_info(self.nlp))
        self.extract = extract
        self.explain = explain
        self.batch_size = batch_size
        self.classifier: ClassifierModel | None = None
        try:
            self.classifier = load_model(model_dir)
        except ModelNotFoundError:
            if model_dir is not None:
                raise
            log.warning("no classifier in %s: records will carry no cluster or pillar labels", DEFAULT_MODEL_DIR)

    def analyse(self, items: Iterable[Document | Record]) -> Iterator[Record]:
        """One record per item, in input order; failed reads (records) pass through."""
        iterator = iter(items)
        while chunk := list(islice(iterator, CHUNK_SIZE)):
            yield from self._analyse_chunk(chunk)

    def analyse_text(self, text: str, id: str = "text") -> Record:
        from policytext.io.readers import document_from_text

        return next(self.analyse([document_from_text(text, id=id, source=id)]))

    def _analyse_chunk(self, chunk: list[Document | Record]) -> list[Record]:
        results: list[Record | None] = []
        todo: list[tuple[Doc, int]] = []
        documents: dict[int, Document] = {}
        for index, item in enumerate(chunk):
            if isinstance(item, Record):
                results.append(item)
                continue
            dutch, language = is_dutch(item.text)
            if not dutch:
                results.append(
                    Record.failed(item.id, item.source, f"not Dutch (detected: {language or 'unknown'})", language)
                )
                continue
            results.append(None)
            doc = self.nlp.make_doc(item.text)
            doc._.doc_date = item.date
            todo.append((doc, index))
            documents[index] = item
        processed = list(self.nlp.pipe(((doc, i) for doc, i in todo), as_tuples=True, batch_size=self.batch_size))
        # make_doc + pipe(as_tuples) runs the components on the prepared Docs.
        features = [doc_features(doc) for doc, _ in processed]
        predictions = self.classifier.predict(features, explain=self.explain) if self.classifier and features else []
        for position, (doc, index) in enumerate(processed):
            results[index] = self._record(documents[index], doc, predictions[position] if predictions else None)
        return [r for r in results if r is not None]

    def _record(self, document: Document, doc: Doc, prediction: object | None) -> Record:
        record = Record(
            id=document.id,
            source=document.source,
            language="nl",
            title=document.title,
            date=document.date.isoformat() if document.date else None,
            base_pipeline=self.base_pipeline,
            model=self.classifier.version if self.classifier else None,
            n_chars=len(document.text),
        )
        if self.extract:
            record.actors = list(doc._.actors or [])
            record.milestones = list(doc._.milestones or [])
            record.sectors = list(doc._.sectors or [])
        if prediction is not None:
            record.clusters, record.pillars = prediction  # type: ignore[misc]
        return record
