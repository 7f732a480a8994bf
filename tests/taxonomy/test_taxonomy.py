import shutil
from importlib import resources
from pathlib import Path

import pytest

from policytext.errors import TaxonomyError
from policytext.taxonomy import CLUSTER_IDS, PILLAR_IDS, SECTOR_IDS, load_taxonomy


def test_packaged_taxonomy_is_valid() -> None:
    taxonomy = load_taxonomy()
    assert tuple(c.id for c in taxonomy.clusters) == CLUSTER_IDS
    assert tuple(p.id for p in taxonomy.pillars) == PILLAR_IDS
    assert {s.id for s in taxonomy.sectors} == set(SECTOR_IDS)
    assert all(s.nace for s in taxonomy.sectors)


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Agentschap Innoveren & Ondernemen", "VLAIO"),
        ("EWI", "Departement EWI"),
        ("K.U.Leuven", "KU Leuven"),
        ("flanders.healthTech", "MEDVIA"),
        ("Flanders'FOOD", "Flanders' FOOD"),
        ("universiteit gent", "UGent"),
    ],
)
def test_aliases_resolve_to_one_canonical(alias: str, canonical: str) -> None:
    entry = load_taxonomy().actor(alias)
    assert entry is not None and entry.canonical == canonical


def copy_data(tmp_path: Path) -> Path:
    source = resources.files("policytext.taxonomy").joinpath("data")
    target = tmp_path / "data"
    target.mkdir()
    for name in ("clusters.yaml", "pillars.yaml", "sectors.yaml", "actors.yaml", "actor_cues.yaml"):
        shutil.copyfile(str(source.joinpath(name)), target / name)
    return target


def test_alias_shared_by_two_actors_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    with (data / "actors.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- canonical: Andere Organisatie\n  role: overheid\n  aliases: [VLAIO]\n")
    with pytest.raises(TaxonomyError, match="VLAIO"):
        load_taxonomy(data)


def test_unknown_role_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    with (data / "actors.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- canonical: Nieuwe Speler\n  role: lobby\n")
    with pytest.raises(TaxonomyError, match="lobby"):
        load_taxonomy(data)
