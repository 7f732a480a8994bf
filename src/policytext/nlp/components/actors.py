"""``policytext_actors``: organisations and persons with canonical name and triple-helix role.

A gazetteer (``taxonomy/data/actors.yaml``) finds known actors under any alias; the
statistical NER of the base pipeline finds the others (CoNLL ``ORG``/``PER`` or OntoNotes
``ORG``/``PERSON``), whose role then comes from cue words in their name. Gazetteer matches
win where both overlap. A surname alone resolves to a full name mentioned earlier in the
document or, after a title such as "minister", to a person in the gazetteer.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from policytext.io.cleaning import normalise_characters
from policytext.nlp.components.extensions import register_extensions
from policytext.records import Actor
from policytext.taxonomy import UNKNOWN_ROLE, ActorEntry, Taxonomy, load_taxonomy

ORG_LABELS = frozenset({"ORG"})
PERSON_LABELS = frozenset({"PER", "PERSON"})
LEGAL_FORMS = frozenset({"nv", "bv", "bvba", "cvba", "vzw", "cv", "sa", "srl", "nv.", "bv."})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,5}$")
_ARTICLES = frozenset({"de", "het", "een", "'t"})
COMMON_WORD_TAGS = frozenset({"NOUN", "ADJ", "VERB", "ADV"})  # one such word is no name ("Vertraagd", "Steun")
NAME_PARTICLES = frozenset({"van", "vanden", "vander", "ver", "ten", "ter"})  # companies named after a family
SURNAME_PARTICLES = frozenset({"van", "de", "den", "der", "vanden", "vander", "ver", "le", "la", "du", "ten", "ter"})


@Language.factory(
    "policytext_actors",
    default_config={"use_ner": True},
    assigns=["doc._.actors"],
)
def make_actor_extractor(nlp: Language, name: str, use_ner: bool) -> ActorExtractor:
    return ActorExtractor(nlp, load_taxonomy(), use_ner=use_ner)


class ActorExtractor:
    """Find actors; results on ``doc._.actors`` as :class:`~policytext.records.Actor`."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy, use_ner: bool = True) -> None:
        register_extensions()
        self.taxonomy = taxonomy
        self.use_ner = use_ner
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.entries: dict[str, ActorEntry] = {}
        for entry in taxonomy.actors:
            key = entry.canonical
            self.entries[key] = entry
            for name in entry.names:
                # Both the written form and the cleaned one (curly to straight quotes), so the
                # component also works on text that did not go through policytext's readers.
                for form in {name, normalise_characters(name)}:
                    matcher = self.exact if _ACRONYM.match(form) else self.caseless
                    matcher.add(key, [nlp.make_doc(form)])
        self.companies = Matcher(nlp.vocab)
        self.companies.add("COMPANY", [[{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": sorted(LEGAL_FORMS)}}]])
        heads = {"LOWER": {"IN": sorted(taxonomy.organisation_heads)}, "IS_TITLE": True}
        joiner = {"LOWER": {"IN": ["en", "&", "voor", "van", "de", "het"]}, "OP": "*"}
        self.organisations = Matcher(nlp.vocab)
        self.organisations.add(
            "ORGANISATION",
            [
                [heads, {"IS_TITLE": True, "OP": "+"}],
                [heads, {"IS_TITLE": True, "OP": "+"}, joiner, {"IS_TITLE": True, "OP": "+"}],
            ],
            greedy="LONGEST",
        )
        self.titles = frozenset(t.lower() for t in taxonomy.person_titles)
        # "CEO Joris Van Damme", "prof. Marleen Claes": a title and a capitalised name the NER missed.
        self.titled_persons = Matcher(nlp.vocab)
        name_token = {"IS_TITLE": True, "IS_STOP": False, "LIKE_NUM": False}
        self.titled_persons.add(
            "TITLED_PERSON",
            [
                [
                    {"LOWER": {"IN": sorted(t for t in self.titles if " " not in t)}},
                    name_token,
                    {"IS_TITLE": True},
                    {"IS_TITLE": True, "OP": "?"},
                ]
            ],
            greedy="LONGEST",
        )
        self.gazetteer_surnames = {
            e.canonical.split()[-1]: e for e in taxonomy.actors if e.role == "persoon" and " " in e.canonical
        }

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[Span, ActorEntry | None, str]] = []
        taken = [False] * len(doc)
        matches = [(m, s, e) for m, s, e in self.exact(doc)] + [(m, s, e) for m, s, e in self.caseless(doc)]
        for match_id, start, end in sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1])):
            if any(taken[start:end]):
                continue
            entry = self.entries[doc.vocab.strings[match_id]]
            found.append((doc[start:end], entry, "gazetteer"))
            taken[start:end] = [True] * (end - start)
        text = doc.text
        navigation = _navigation_tokens(doc, text)
        rule_matches = [(m, "COMPANY") for m in self.companies(doc)] + [(m, "ORG") for m in self.organisations(doc)]
        for (_, start, end), source in sorted(rule_matches, key=lambda m: (m[0][1], -(m[0][2] - m[0][1]))):
            span = self._trim(doc, doc[start:end], text, navigation)
            if span is not None and not any(taken[span.start : span.end]):
                found.append((span, None, source))
                taken[span.start : span.end] = [True] * (span.end - span.start)
        if self.use_ner:
            for _, start, end in self.titled_persons(doc):
                span = self._trim(doc, doc[start + 1 : end], text, navigation, person=True)
                if span is not None and len(span) >= 2 and not any(taken[span.start : span.end]):
                    found.append((span, None, "PER"))
                    taken[span.start : span.end] = [True] * (span.end - span.start)
            for ent in doc.ents:
                span = self._trim(doc, ent, text, navigation, person=ent.label_ in PERSON_LABELS)
                if span is None or any(taken[span.start : span.end]):
                    continue
                if ent.label_ in ORG_LABELS or ent.label_ in PERSON_LABELS:
                    found.append((span, None, ent.label_))
                    taken[span.start : span.end] = [True] * (span.end - span.start)
        found.extend(self._surname_mentions(doc, found, taken))
        doc._.actors = self._resolve(doc, sorted(found, key=lambda f: f[0].start))
        return doc

    def _surname_mentions(
        self, doc: Doc, found: list[tuple[Span, ActorEntry | None, str]], taken: list[bool]
    ) -> list[tuple[Span, ActorEntry | None, str]]:
        """Lone surnames (and first names) the NER missed: after a title, or of a person already
        named in full ("Koen Mertens ... Koen stuurt de nota door")."""
        full_names = [span.text for span, _, source in found if len(span) >= 2 and source in PERSON_LABELS]
        full_names += [e.canonical for _, e, _ in found if e is not None and e.role == "persoon"]
        named = {name.split()[-1] for name in full_names} | set(_unique_first_names(full_names))
        extra: list[tuple[Span, ActorEntry | None, str]] = []
        for token in doc:
            if taken[token.i] or not token.is_title:
                continue
            after_title = token.i > 0 and doc[token.i - 1].lower_ in self.titles
            if token.text in named or (after_title and token.text in self.gazetteer_surnames):
                extra.append((doc[token.i : token.i + 1], None, "PER"))
                taken[token.i] = True
        return extra

    def _trim(self, doc: Doc, ent: Span, text: str, navigation: frozenset[int], person: bool = False) -> Span | None:
        """Cut an entity to the name itself: no articles, titles, punctuation or line breaks
        at the edges; a following legal form ("nv") joins it. None when no name is left. A
        person keeps the particle of a Dutch surname ("Van Damme", "De Clercq")."""
        start, end = ent.start, ent.end
        for i in range(start, end):
            if doc[i].is_space and "\n" in doc[i].text:
                end = i
                break
        while start < end and (
            not doc[start].text[0].isalnum() or doc[start].lower_ in _ARTICLES or doc[start].is_stop
        ):
            particles = SURNAME_PARTICLES if person else NAME_PARTICLES
            if doc[start].lower_ in particles and doc[start].is_title and start + 1 < end and doc[start + 1].is_title:
                break  # "Van Damme", "Van Dessel Logistics nv"
            start += 1
        while start < end - 1 and doc[start].lower_ in self.titles:
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].text in _NAVIGATION):
            end -= 1
        if end < len(doc) and doc[end].lower_ in LEGAL_FORMS:
            end += 1
        if start >= end:
            return None
        span = doc[start:end]
        text = span.text
        if (
            len(text) < 2
            or text.lower() in self.taxonomy.non_actors
            or (person and span[-1].lower_ in self.taxonomy.non_actors)  # "Nr. Mijlpaal"
            or span.start in navigation
            or not any(ch.isupper() for ch in text)
            or any(t.like_num or (len(span) == 1 and any(ch.isdigit() for ch in t.text)) for t in span)
            or (len(span) == 1 and span[0].pos_ in COMMON_WORD_TAGS and not span[0].is_upper)
            or span[0].lower_ in self.taxonomy.non_actor_heads
            or span[-1].lower_ in self.taxonomy.non_actor_heads
            or self._names_a_project(doc, span)
            or _in_capitals_heading(text, span)
            or (len(text) <= 3 and text.isupper() and _in_parentheses(doc, span))
        ):
            return None
        return span

    def _names_a_project(self, doc: Doc, span: Span) -> bool:
        """ "het project TRUCE", "ICON-project RecyPack": the name of a project, not an actor."""
        if span.start == 0:
            return False
        before = doc[span.start - 1].lower_
        return before in self.taxonomy.non_actor_heads or before.rsplit("-", 1)[-1] in {"project", "programma"}

    def _resolve(self, doc: Doc, found: list[tuple[Span, ActorEntry | None, str]]) -> list[Actor]:
        surnames: dict[str, str] = {}
        full_names = [span.text for span, entry, source in found if entry is None and source in PERSON_LABELS]
        first_names = _unique_first_names([name for name in full_names if len(name.split()) >= 2])
        actors: list[Actor] = []
        for span, entry, source in found:
            if entry is None:
                entry = self.taxonomy.actor(span.text)
            if entry is not None:
                if entry.role == "persoon":
                    surnames[entry.canonical.split()[-1]] = entry.canonical
                actors.append(_actor(span, entry.canonical, entry.role, "gazetteer", entry.successor))
                continue
            if source in PERSON_LABELS:
                person = self._person(doc, span, surnames, first_names)
                if person is not None:
                    actors.append(_actor(span, person, "persoon", "ner"))
                continue
            actors.append(_actor(span, span.text, self._role_from_cues(span), "ner"))
        return actors

    def _person(self, doc: Doc, span: Span, surnames: dict[str, str], first_names: dict[str, str]) -> str | None:
        """Canonical full name of a person mention, or None when a lone surname stays unresolved.
        A lone first name is the one person of the text named in full with it ("Koen")."""
        bare_surname = all(t.lower_ in SURNAME_PARTICLES for t in span[:-1])  # "Peeters", "De Clercq"
        if not bare_surname:
            surnames[span[-1].text] = span.text
            return span.text
        surname = span[-1].text
        if surname in surnames:
            return surnames[surname]
        if len(span) == 1 and span.text in first_names:
            return first_names[span.text]
        after_title = span.start > 0 and doc[span.start - 1].lower_ in self.titles
        if after_title and surname in self.gazetteer_surnames:
            return self.gazetteer_surnames[surname].canonical
        return span.text if after_title else None

    def _role_from_cues(self, span: Span) -> str:
        words = {t.lower_ for t in span}
        lowered = span.text.lower()
        for role, cues in self.taxonomy.role_cues:
            if any(cue in words or (" " in cue and cue in lowered) for cue in cues):
                return role
        return UNKNOWN_ROLE


def _unique_first_names(full_names: list[str]) -> dict[str, str]:
    """First name -> full name, for the first names only one person of the text carries."""
    by_first: dict[str, set[str]] = {}
    for name in full_names:
        first = name.split()[0]
        if first[:1].isupper() and first.lower() not in SURNAME_PARTICLES:
            by_first.setdefault(first, set()).add(name)
    return {first: next(iter(names)) for first, names in by_first.items() if len(names) == 1}


def _in_capitals_heading(text: str, span: Span) -> bool:
    """A name in an all-capitals line ("1. ACHTERGROND", "DE VLAAMSE MINISTER VAN WERK,
    ECONOMIE, ...") is a heading word more often than an actor."""
    if not span.text.isupper():
        return False
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    letters = [ch for ch in text[line_start : line_end if line_end != -1 else len(text)] if ch.isalpha()]
    return len(letters) >= max(4, len(span.text)) and all(ch.isupper() for ch in letters)


_NAVIGATION = (">", "»", "›")


def _navigation_tokens(doc: Doc, text: str) -> frozenset[int]:
    """The tokens on a line with a breadcrumb or menu mark ("Home > Projecten > Nieuws"), whose
    words are no actors (known names there are still found by the gazetteer)."""
    tokens: set[int] = set()
    if not any(mark in text for mark in _NAVIGATION):
        return frozenset()
    position = 0
    for line in text.split("\n"):
        if any(mark in line for mark in _NAVIGATION):
            span = doc.char_span(position, position + len(line), alignment_mode="expand")
            if span is not None:
                tokens.update(range(span.start, span.end))
        position += len(line) + 1
    return frozenset(tokens)


def _in_parentheses(doc: Doc, span: Span) -> bool:
    """ "(DK)", "(KDW)": a country code or a journalist's initials."""
    return span.start > 0 and span.end < len(doc) and doc[span.start - 1].text == "(" and doc[span.end].text == ")"


def _actor(span: Span, canonical: str, role: str, source: str, successor: str | None = None) -> Actor:
    text, end = span.text, span.end_char
    if text.endswith(".") and span[-1].lower_ in LEGAL_FORMS:  # "bv." at a sentence end
        text, end = text[:-1], end - 1
        canonical = canonical[:-1] if canonical.endswith(".") else canonical
    return Actor(text, canonical, role, span.start_char, end, source, successor)
