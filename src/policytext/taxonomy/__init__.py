"""The domain taxonomy as data: clusters, pillars, sectors (with NACE codes) and actors.

The YAML files in ``data/`` are the single source; :func:`load_taxonomy` validates them
(unique ids, every alias resolves to exactly one canonical actor, known roles and sector ids).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from policytext.errors import TaxonomyError

CLUSTER_IDS = ("catalisti", "sim", "vil", "flux50", "flanders_food", "blauwe_cluster", "medvia")
PILLAR_IDS = ("economie", "innovatie", "sociaal", "infrastructuur")
ROLES = ("overheid", "kennisinstelling", "bedrijfsleven", "clusterorganisatie", "middenveld", "persoon")
UNKNOWN_ROLE = "onbekend"
SECTOR_IDS = (
    "chemie", "kunststoffen", "farma_biotech", "medtech", "zorg", "materialen", "bouwmaterialen", "voeding",
    "landbouw", "visserij_aquacultuur", "logistiek", "havens_scheepvaart", "energie", "blauwe_economie",
    "maakindustrie", "automotive", "luchtvaart", "nano_elektronica", "ict", "textiel", "hout_meubel",
    "papier_grafisch", "bouw", "cleantech", "creatieve_industrie", "toerisme", "handel", "onderzoek_kennis",
)  # fmt: skip
_NACE = re.compile(r"^[A-U]\d{2}(?:\.\d{1,2})?$")


@dataclass(frozen=True)
class LabelDefinition:
    """A cluster or pillar: id, display name, names of its organisation, domain keywords."""

    id: str
    name: str
    keywords: tuple[str, ...]
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sector:
    id: str
    name: str
    nace: tuple[str, ...]
    terms: tuple[str, ...]
    prefixes: tuple[str, ...]
    adjectives: tuple[str, ...]
    tails: tuple[str, ...] = ()
    list_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorEntry:
    canonical: str
    role: str
    aliases: tuple[str, ...] = ()
    successor: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.canonical, *self.aliases)


@dataclass(frozen=True)
class Taxonomy:
    clusters: tuple[LabelDefinition, ...]
    pillars: tuple[LabelDefinition, ...]
    sectors: tuple[Sector, ...]
    actors: tuple[ActorEntry, ...]
    compound_heads: frozenset[str]
    adjective_heads: frozenset[str]
    not_sectors: frozenset[str]
    role_cues: tuple[tuple[str, tuple[str, ...]], ...]
    non_actors: frozenset[str]
    non_actor_heads: frozenset[str]
    organisation_heads: frozenset[str]
    person_titles: tuple[str, ...]
    alias_index: dict[str, ActorEntry] = field(default_factory=dict, compare=False)

    def sector(self, sector_id: str) -> Sector:
        return next(s for s in self.sectors if s.id == sector_id)

    def actor(self, name: str) -> ActorEntry | None:
        """The gazetteer entry for a canonical name or alias, if there is one."""
        return self.alias_index.get(name) or self.alias_index.get(name.lower())


def _read(directory: Path | None, name: str) -> Any:
    if directory is not None:
        return yaml.safe_load((directory / name).read_text(encoding="utf-8"))
    return yaml.safe_load(resources.files("policytext.taxonomy").joinpath("data", name).read_text(encoding="utf-8"))


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise TaxonomyError(f"duplicate {what} id {item!r}")
        seen.add(item)


def _labels(raw: list[dict[str, Any]], expected: tuple[str, ...], what: str) -> tuple[LabelDefinition, ...]:
    ids = [item["id"] for item in raw]
    _unique(ids, what)
    if tuple(ids) != expected:
        raise TaxonomyError(f"{what} ids {ids} differ from GUIDELINES {list(expected)}")
    return tuple(
        LabelDefinition(item["id"], item["name"], tuple(item["keywords"]), tuple(item.get("names", ()))) for item in raw
    )


def _build_alias_index(actors: tuple[ActorEntry, ...]) -> dict[str, ActorEntry]:
    index: dict[str, ActorEntry] = {}
    for entry in actors:
        for name in entry.names:
            for key in {name, name.lower()}:
                other = index.get(key)
                if other is not None and other.canonical != entry.canonical:
                    raise TaxonomyError(f"alias {name!r} maps to both {other.canonical!r} and {entry.canonical!r}")
                index[key] = entry
    return index


def _sector(raw: dict[str, Any]) -> Sector:
    words = {key: tuple(raw.get(key) or ()) for key in ("terms", "prefixes", "adjectives", "tails", "list_terms")}
    return Sector(raw["id"], raw["name"], tuple(raw["nace"]), **words)


@cache
def load_taxonomy(directory: Path | None = None) -> Taxonomy:
    """Load and validate the taxonomy; ``directory`` overrides the packaged data files."""
    clusters = _labels(_read(directory, "clusters.yaml"), CLUSTER_IDS, "cluster")
    pillars = _labels(_read(directory, "pillars.yaml"), PILLAR_IDS, "pillar")

    raw_sectors = _read(directory, "sectors.yaml")
    sectors = tuple(_sector(s) for s in raw_sectors["sectors"])
    _unique([s.id for s in sectors], "sector")
    if {s.id for s in sectors} != set(SECTOR_IDS):
        raise TaxonomyError(f"sector ids differ from GUIDELINES: {sorted({s.id for s in sectors} ^ set(SECTOR_IDS))}")
    for sector in sectors:
        bad = [code for code in sector.nace if not _NACE.match(code)]
        if bad:
            raise TaxonomyError(f"sector {sector.id!r}: malformed NACE codes {bad}")

    actors = tuple(
        ActorEntry(a["canonical"], a["role"], tuple(a.get("aliases") or ()), a.get("successor"))
        for a in _read(directory, "actors.yaml")
    )
    _unique([a.canonical for a in actors], "actor")
    for entry in actors:
        if entry.role not in ROLES:
            raise TaxonomyError(f"actor {entry.canonical!r}: unknown role {entry.role!r}")
    canonicals = {a.canonical for a in actors}
    for entry in actors:
        if entry.successor is not None and entry.successor not in canonicals:
            raise TaxonomyError(f"actor {entry.canonical!r}: successor {entry.successor!r} is not in the gazetteer")

    cues = _read(directory, "actor_cues.yaml")
    for cue in cues["cues"]:
        if cue["role"] not in ROLES:
            raise TaxonomyError(f"actor cue with unknown role {cue['role']!r}")
    return Taxonomy(
        clusters=clusters,
        pillars=pillars,
        sectors=sectors,
        actors=actors,
        compound_heads=frozenset(raw_sectors["compound_heads"]),
        adjective_heads=frozenset(raw_sectors["adjective_heads"]),
        not_sectors=frozenset(raw_sectors.get("not_sectors", ())),
        role_cues=tuple((c["role"], tuple(c["words"])) for c in cues["cues"]),
        non_actors=frozenset(cues["non_actors"]),
        non_actor_heads=frozenset(cues["non_actor_heads"]),
        organisation_heads=frozenset(cues["organisation_heads"]),
        person_titles=tuple(cues["person_titles"]),
        alias_index=_build_alias_index(actors),
    )
