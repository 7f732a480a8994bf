"""``policytext_sectors``: economic sectors with their NACE Rev. 2 codes.

The ways a sector is named, all read from ``taxonomy/data/sectors.yaml``: a listed term
("chemische nijverheid", matched caseless, single words also by lemma), a compound of a
sector prefix and a head noun ("voedingsbedrijven", "chemiebedrijf"), a compound that ends
in a sector noun ("golfenergie", "koeltransport"), elided compounds ("textiel-, hout- en
meubelsector"), an adjective before a head noun ("logistieke sector"), and words that name a
sector only in a list of sectors ("de chemie, de bouw en de voeding", not "de bouw van de
fabriek"). Words inside an actor's name ("Vlaamse Confederatie Bouw") are not sector mentions.
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
        self.tails: dict[str, set[str]] = {}
        self.list_terms: dict[str, set[str]] = {}
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
            for tail in sector.tails:
                self.tails.setdefault(tail.lower(), set()).add(sector.id)
            for word in sector.list_terms:
                self.list_terms.setdefault(word.lower(), set()).add(sector.id)
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
            compound = self._compound(lower) or (None if lower in self.single_terms else self._tail_compound(lower))
            if compound:
                spans.setdefault((token.i, token.i + 1), set()).update(compound)
            if lower in self.adjectives and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in self.adjective_heads:
                spans.setdefault((token.i, token.i + 2), set()).update(self.adjectives[lower])
            elided = self._elided(doc, token.i)
            if elided:
                end, sector_ids = elided
                spans.setdefault((token.i, end), set()).update(sector_ids)
        inside_actor = {i for actor in doc._.actors or [] for i in range(actor.start, actor.end)}
        spans = {k: v for k, v in spans.items() if doc[k[0]].idx not in inside_actor}
        self._add_listed(doc, spans, inside_actor)
        doc._.sectors = self._longest_first(doc, spans)
        return doc

    def _elided(self, doc: Doc, i: int) -> tuple[int, set[str]] | None:
        """ "chemie- en kunststofsector", "textiel-, hout- en meubelsector": every part names a
        sector, the first ones by their prefix and the head of the last. Returns the end of the
        phrase and the sectors."""
        parts = [doc[i].lower_]
        j = i + 1
        while j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].lower_.endswith("-"):
            parts.append(doc[j + 1].lower_)
            j += 2
        if j + 1 >= len(doc) or doc[j].lower_ not in {"en", "of"}:
            return None
        if any(not part.endswith("-") or len(part) <= 3 for part in parts):
            return None
        last = doc[j + 1].lower_
        sectors = self._compound(last)
        head = next((h for h in self.heads if last.endswith(h)), None)
        if not sectors or head is None:
            return None
        for part in parts:
            sectors = sectors | (self._compound(part[:-1] + head) or set())
        return j + 2, sectors

    def _tail_compound(self, word: str) -> set[str] | None:
        """ "golfenergie", "koeltransport", "textielrecyclage": a compound ends in a sector noun
        (and names its prefix's sector too, where the prefix is one)."""
        if len(word) < 8 or not word.replace("-", "").isalpha():
            return None
        for tail, sectors in self.tails.items():
            if word.endswith(tail) and len(word) >= len(tail) + 3:
                prefix = word[: -len(tail)].rstrip("-")
                return sectors | self.prefixes.get(prefix, set())
        return None

    def _add_listed(self, doc: Doc, spans: dict[tuple[int, int], set[str]], inside_actor: set[int]) -> None:
        """Words like "bouw" or "zorg" name a sector when they stand in a list with another
        sector mention ("de energie, de ICT en de bouw"); repeated so that lists of several
        such words ("textiel, hout of de bouw") are taken whole once one member is known."""
        candidates = [
            t for t in doc if t.lower_ in self.list_terms and t.idx not in inside_actor and (t.i, t.i + 1) not in spans
        ]
        added = True
        while added:
            added = False
            starts, ends = {start for start, _ in spans}, {end for _, end in spans}
            for token in candidates:
                if (token.i, token.i + 1) not in spans and _listed_with(doc, token.i, starts, ends):
                    spans[(token.i, token.i + 1)] = set(self.list_terms[token.lower_])
                    added = True

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


_LIST_LINKS = {",", "en", "of", "&", "/"}
_ARTICLES = {"de", "het"}


def _listed_with(doc: Doc, i: int, starts: set[int], ends: set[int]) -> bool:
    """Whether token ``i`` is linked by a comma or conjunction (and an article) to a sector
    mention just before it (one that ends there) or just after it (one that starts there)."""
    before = i - 1
    if before >= 0 and doc[before].lower_ in _ARTICLES:
        before -= 1
    if before >= 1 and doc[before].lower_ in _LIST_LINKS and before in ends:
        return True
    after = i + 1
    if after + 1 < len(doc) and doc[after].lower_ in _LIST_LINKS:
        after += 1
        if doc[after].lower_ in _ARTICLES:
            after += 1
        return after in starts
    return False
