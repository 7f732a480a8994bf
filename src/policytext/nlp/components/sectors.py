"""``policytext_sectors``: economic sectors with their NACE Rev. 2 codes.

Four ways a sector is named, all read from ``taxonomy/data/sectors.yaml``: a listed term
("chemische nijverheid", matched caseless, single words also by lemma), a compound of a
sector prefix and a head noun ("voedingsbedrijven", "chemiebedrijf"), an elided compound
("chemie- en kunststofsector"), and an adjective before a head noun ("logistieke sector").
Words inside an actor's name ("Vlaamse Confederatie Bouw") are not sector mentions.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from policytext.io.cleaning import normalise_characters
from policytext.nlp.components.extensions import register_extensions
from policytext.records import SectorMention
from policytext.taxonomy import Taxonomy, load_taxonomy


@Language.factory("policytext_sectors", default_config={}, assigns=["doc._.sectors"])
def make_sector_extractor(nlp: Language, name: str) -> SectorExtractor:
    return SectorExtractor(nlp, load_taxonomy())


class SectorExtractor:
    """Find sector mentions; results on ``doc._.sectors`` as :class:`SectorMention`."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy) -> None:
        register_extensions()
        self.taxonomy = taxonomy
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.single_terms: dict[str, set[str]] = {}
        self.prefixes: dict[str, set[str]] = {}
        self.adjectives: dict[str, set[str]] = {}
        for sector in taxonomy.sectors:
            for term in sector.terms:
                term = normalise_characters(term).lower()
                self.matcher.add(sector.id, [nlp.make_doc(term)])
                if " " not in term:
                    self.single_terms.setdefault(term, set()).add(sector.id)
            for prefix in sector.prefixes:
                self.prefixes.setdefault(prefix.lower(), set()).add(sector.id)
            for adjective in sector.adjectives:
                self.adjectives.setdefault(adjective.lower(), set()).add(sector.id)
        self.heads = sorted(taxonomy.compound_heads, key=len, reverse=True)
        self.adjective_heads = taxonomy.adjective_heads

    def __call__(self, doc: Doc) -> Doc:
        spans: dict[tuple[int, int], set[str]] = {}
        for match_id, start, end in self.matcher(doc):
            spans.setdefault((start, end), set()).add(doc.vocab.strings[match_id])
        for token in doc:
            lower = token.lower_
            if lower in self.taxonomy.not_sectors:
                continue
            by_lemma = self.single_terms.get(token.lemma_.lower())
            if by_lemma and lower not in self.single_terms:
                spans.setdefault((token.i, token.i + 1), set()).update(by_lemma)
            compound = self._compound(lower)
            if compound:
                spans.setdefault((token.i, token.i + 1), set()).update(compound)
            if lower in self.adjectives and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in self.adjective_heads:
                spans.setdefault((token.i, token.i + 2), set()).update(self.adjectives[lower])
            elided = self._elided(doc, token.i)
            if elided:
                spans.setdefault((token.i, token.i + 3), set()).update(elided)
        inside_actor = {i for actor in doc._.actors or [] for i in range(actor.start, actor.end)}
        spans = {k: v for k, v in spans.items() if doc[k[0]].idx not in inside_actor}
        doc._.sectors = self._longest_first(doc, spans)
        return doc

    def _elided(self, doc: Doc, i: int) -> set[str] | None:
        """ "chemie- en kunststofsector": both halves name a sector, the first by its prefix."""
        if i + 2 >= len(doc) or doc[i + 1].lower_ not in {"en", "of"}:
            return None
        first, last = doc[i].lower_, doc[i + 2].lower_
        if not first.endswith("-") or len(first) <= 3:
            return None
        tail = self._compound(last)
        head = next((h for h in self.heads if last.endswith(h)), None)
        if not tail or head is None:
            return None
        return tail | (self._compound(first[:-1] + head) or set())

    def _compound(self, word: str) -> set[str] | None:
        if len(word) < 7 or not word.replace("-", "").isalpha():
            return None
        for head in self.heads:
            if word.endswith(head) and len(word) > len(head) + 1:
                prefix = word[: -len(head)].rstrip("-")
                sectors = self.prefixes.get(prefix) or (
                    self.prefixes.get(prefix[:-1]) if prefix.endswith("s") else None
                )
                if sectors:
                    return sectors
        return None

    def _longest_first(self, doc: Doc, spans: dict[tuple[int, int], set[str]]) -> list[SectorMention]:
        taken = [False] * len(doc)
        mentions = []
        for (start, end), sector_ids in sorted(
            spans.items(), key=lambda item: (-(item[0][1] - item[0][0]), item[0][0])
        ):
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            span = doc[start:end]
            for sector_id in sorted(sector_ids):
                sector = self.taxonomy.sector(sector_id)
                mentions.append(SectorMention(span.text, sector_id, list(sector.nace), span.start_char, span.end_char))
        return sorted(mentions, key=lambda m: (m.start, m.sector))
