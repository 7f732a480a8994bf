"""The three extraction components on real Dutch sentences, positive and negative cases."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language

from policytext.nlp.components import ActorExtractor, MilestoneExtractor, SectorExtractor
from policytext.nlp.pipeline import build_pipeline


@pytest.fixture(scope="module")
def rules_nlp() -> Language:
    """The pipeline with the milestone rules alone: their events and their status."""
    nlp = build_pipeline(extract=False)
    nlp.add_pipe("policytext_milestones", config={"model": None})
    return nlp


def run(nlp: Language, text: str, doc_date: dt.date | None = None):  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc._.doc_date = doc_date
    return nlp(doc)


@pytest.mark.parametrize(
    ("text", "surface", "canonical", "role"),
    [
        (
            "Het Agentschap Innoveren & Ondernemen keurde het goed.",
            "Agentschap Innoveren & Ondernemen",
            "VLAIO",
            "overheid",
        ),
        ("Het dossier ligt bij het Departement EWI.", "Departement EWI", "Departement EWI", "overheid"),
        ("Onderzoekers van de K.U.Leuven werken mee.", "K.U.Leuven", "KU Leuven", "kennisinstelling"),
        ("Ook Flanders’FOOD zit mee aan tafel.", "Flanders’FOOD", "Flanders' FOOD", "clusterorganisatie"),
        ("Ook Flanders'FOOD zit mee aan tafel.", "Flanders'FOOD", "Flanders' FOOD", "clusterorganisatie"),
        ("flanders.healthTech organiseert een oproep.", "flanders.healthTech", "MEDVIA", "clusterorganisatie"),
        ("Volgens essenscia is dat nodig.", "essenscia", "essenscia", "bedrijfsleven"),
        ("De SERV gaf een advies.", "SERV", "SERV", "middenveld"),
        ("Het contract ging naar Polyvert nv uit Gent.", "Polyvert nv", "Polyvert nv", "bedrijfsleven"),
        (
            "Het Agentschap Wegen en Verkeer legt de weg aan.",
            "Agentschap Wegen en Verkeer",
            "Agentschap Wegen en Verkeer",
            "overheid",
        ),
        ("Minister-president Peeters opende de dag.", "Peeters", "Kris Peeters", "persoon"),
        ("Minister Muyters reageerde tevreden.", "Muyters", "Philippe Muyters", "persoon"),
        ("Dat zegt CEO Joris Van Damme van het bedrijf.", "Joris Van Damme", "Joris Van Damme", "persoon"),
        (
            "Het centrum van Van Dessel Logistics nv opent.",
            "Van Dessel Logistics nv",
            "Van Dessel Logistics nv",
            "bedrijfsleven",
        ),
    ],
)
def test_actor_aliases_and_roles(nlp: Language, text: str, surface: str, canonical: str, role: str) -> None:
    actors = run(nlp, text)._.actors
    assert any((a.text, a.canonical, a.role) == (surface, canonical, role) for a in actors), actors
    for actor in actors:
        assert text[actor.start : actor.end] == actor.text


def test_predecessor_keeps_its_name_and_names_its_successor(nlp: Language) -> None:
    (fisch,) = [a for a in run(nlp, "FISCH werd in 2012 opgericht als platform.")._.actors if a.text == "FISCH"]
    assert (fisch.canonical, fisch.successor) == ("FISCH", "Catalisti")


def test_surname_with_particle_resolves_to_full_name(nlp: Language) -> None:
    doc = run(nlp, "Tom De Clercq leidt het bedrijf. De Clercq hoopt op kopers.")
    assert {a.canonical for a in doc._.actors if a.role == "persoon"} == {"Tom De Clercq"}


def test_first_name_resolves_to_the_one_person_named_in_full_with_it(nlp: Language) -> None:
    doc = run(nlp, "Aanwezig: Koen Mertens, Lotte Baeten.\nKoen stuurt de nota door. Lotte volgt het dossier op.")
    assert {(a.text, a.canonical) for a in doc._.actors if a.role == "persoon"} >= {
        ("Koen", "Koen Mertens"),
        ("Lotte", "Lotte Baeten"),
    }


def test_breadcrumb_words_are_no_actors(nlp: Language) -> None:
    doc = run(nlp, "Home > Projecten > Nieuws\n\nVLAIO steunt het project.")
    assert [a.canonical for a in doc._.actors] == ["VLAIO"]


def test_surname_resolves_to_full_name_mentioned_earlier(nlp: Language) -> None:
    doc = run(nlp, "Ann Van Gysel leidt MEDVIA. Volgens Van Gysel groeit de sector.")
    people = [a.canonical for a in doc._.actors if a.role == "persoon"]
    assert people and set(people) == {"Ann Van Gysel"}


@pytest.mark.parametrize(
    "text",
    [
        "De bedrijven en de overheid moeten samenwerken.",
        "De regering en de minister willen dat kmo's meer innoveren.",
        "Het Witboek en Made Different zetten in op de Fabriek van de Toekomst.",
        "Samen met partners startten we het project TRUCE rond verpakkingen.",  # a project name
        "1. ACHTERGROND\n\nDe werkgroep brengt bedrijven samen.",  # an all-capitals heading
        "Een partner uit Denemarken (DK) doet mee.",  # a country code
        "Het ICON-project en de SBO-oproep samen goed voor 3 miljoen EUR.",  # instruments and currencies
    ],
)
def test_generic_nouns_and_programmes_are_no_actors(nlp: Language, text: str) -> None:
    assert run(nlp, text)._.actors == []


@pytest.mark.parametrize(
    ("text", "surface", "sectors"),
    [
        ("De voedingsbedrijven investeren fors.", "voedingsbedrijven", {"voeding"}),
        ("De chemische nijverheid is belangrijk.", "chemische nijverheid", {"chemie"}),
        ("Kunststofverwerkende bedrijven zoeken personeel.", "Kunststofverwerkende bedrijven", {"kunststoffen"}),
        ("De logistieke sector groeit.", "logistieke sector", {"logistiek"}),
        ("Het chemiebedrijf breidt uit.", "chemiebedrijf", {"chemie"}),
        ("De chemie- en kunststofsector werkt samen.", "chemie- en kunststofsector", {"chemie", "kunststoffen"}),
        ("Offshore windenergie levert stroom.", "Offshore windenergie", {"energie", "blauwe_economie"}),
        ("Batterijen zijn strategisch.", "Batterijen", {"materialen", "energie", "automotive"}),
        ("Bedrijven uit de ICT werken samen.", "ICT", {"ict"}),  # an acronym that is no actor
        ("De thuiszorg kampt met personeelstekort.", "thuiszorg", {"zorg"}),
        ("De bioraffinage verwerkt nevenstromen.", "bioraffinage", {"chemie", "landbouw"}),
        ("Onderzoek naar golfenergie loopt.", "golfenergie", {"energie", "blauwe_economie"}),
        ("Het koeltransport wordt duurder.", "koeltransport", {"logistiek"}),  # a compound ending in a sector noun
        ("De textielrecyclage komt op gang.", "textielrecyclage", {"textiel", "cleantech"}),
        ("De textiel-, hout- en meubelsector doet mee.", "textiel-, hout- en meubelsector", {"textiel", "hout_meubel"}),
        ("De energieleveranciers passen hun tarieven aan.", "energieleveranciers", {"energie"}),
        ("Bedrijven uit de energie, de ICT en de bouw werken samen.", "bouw", {"bouw"}),  # in a list of sectors
        ("Sectoren zoals textiel, hout of de bouw vallen uit de boot.", "hout", {"hout_meubel"}),
    ],
)
def test_sector_inflections_and_compounds(nlp: Language, text: str, surface: str, sectors: set[str]) -> None:
    found = [s for s in run(nlp, text)._.sectors if s.text == surface]
    assert {s.sector for s in found} == sectors
    assert all(s.nace for s in found)


@pytest.mark.parametrize(
    "text",
    [
        "Een gezonde voeding is belangrijk voor kinderen.",  # everyday sense
        "De Vlaamse Confederatie Bouw stuurde een brief.",  # sector word inside an actor's name
        "Het Havenbedrijf verhuist.",  # an organisation, not a sector
        "De bouw van de nieuwe fabriek start in mei.",  # "bouw" outside a list of sectors
        "De zorg voor de kinderen is belangrijk.",
    ],
)
def test_no_sector_in_everyday_words_or_names(nlp: Language, text: str) -> None:
    assert run(nlp, text)._.sectors == []


@pytest.mark.parametrize(
    ("text", "value", "status"),
    [
        ("Mijlpaal 2012: beleidsdialoog afgerond (2012-Q4).", "2012-Q4", "DONE"),
        ("De evaluatie is gepland in het derde kwartaal 2013.", "2013-Q3", "PLANNED"),
        ("De oplevering loopt met vertraging en volgt in het voorjaar 2014.", "2014-SP", "DELAYED"),
        ("Het project werd stopgezet in juni 2015.", "2015-06", "STOPPED"),
        ("De werken lopen van 2014 tot 2020 en zijn op schema.", "2014/2020", "ONGOING"),
        ("De installatie, gepland voor april 2020, is uitgesteld.", "2020-04", "DELAYED"),  # delay beats a label
        ("Mijlpaal 2013: aankoop gegund (midden 2013) – Gerealiseerd", "2013", "DONE"),
        ("De taskforce werd in april 2013 geïnstalleerd.", "2013-04", "DONE"),
        ("Het pact zal in 2019 ondertekend worden.", "2019", "PLANNED"),
        ("In 2013 keurde de regering 12 miljoen euro goed.", "2013", "DONE"),  # an amount, and a decision
        ("Een tweede oproep wordt gelanceerd in de herfst van 2014.", "2014-FA", "PLANNED"),  # present passive
        ("De cluster wil tegen 2025 driehonderd leden hebben.", "2025", "PLANNED"),  # a modal
        ("Opening van de oproep: 15 januari 2020", "2020-01-15", None),
        ("Deadline: 30 september 2014, 12 uur.", "2014-09-30", None),  # a deadline keeps its hour
    ],
)
def test_milestone_values_and_status_by_the_rules(rules_nlp: Language, text: str, value: str, status: str) -> None:
    (milestone,) = run(rules_nlp, text)._.milestones
    assert (milestone.value, milestone.status) == (value, status)
    assert milestone.sentence.startswith(text[:10])


@pytest.mark.parametrize(
    ("text", "value", "status"),
    [
        ("Mijlpaal 2012: beleidsdialoog afgerond (2012-Q4).", "2012-Q4", "DONE"),
        ("De oplevering loopt met vertraging en volgt in het voorjaar 2014.", "2014-SP", "DELAYED"),
        ("Het project werd stopgezet in juni 2015.", "2015-06", "STOPPED"),
        ("De taskforce werd in april 2013 geïnstalleerd.", "2013-04", "DONE"),
        ("Het pact zal in 2019 ondertekend worden.", "2019", "PLANNED"),
        ("Deadline: 30 september 2014, 12 uur.", "2014-09-30", None),
    ],
)
def test_milestone_values_and_status_by_the_model(nlp: Language, text: str, value: str, status: str) -> None:
    """The shipped model on unambiguous cases (its accuracy is what ``evaluate`` measures)."""
    (milestone,) = run(nlp, text)._.milestones
    assert (milestone.value, milestone.status) == (value, status)


def test_heading_year_superseded_by_specific_date(nlp: Language) -> None:
    values = [m.value for m in run(nlp, "Mijlpaal 2013: evaluatie van het platform (Q3-2013).")._.milestones]
    assert values == ["2013-Q3"]


@pytest.mark.parametrize(
    ("text", "doc_date", "value", "status"),
    [
        # said in February of something done: last December
        ("Intro.\nHet IWT heeft in december een analyse gegund.", dt.date(2014, 2, 12), "2013-12", "DONE"),
        # said in December of something still to come: next January
        ("Intro.\nDe nota wordt uiterlijk eind januari voorgelegd.", dt.date(2012, 12, 31), "2013-01", "PLANNED"),
        # present tense and no year of its own: the coming February
        ("Intro.\nDe oproep wordt in februari gepubliceerd.", dt.date(2019, 11, 22), "2020-02", "PLANNED"),
        # a modal and an infinitive the tagger calls past: still to come
        ("Intro.\nInwoners kunnen vanaf 1 september intekenen op aandelen.", dt.date(2019, 6, 24), "2019-09-01",
         "PLANNED"),
        # "is voorzien" is planned, not a perfect tense
        ("Intro.\nEen volgende rapportering is voorzien tegen eind 2014.", dt.date(2014, 3, 1), "2014", "PLANNED"),
        # "volgend jaar" with a present tense
        ("Intro.\nDe nieuwe werking start begin volgend jaar.", dt.date(2011, 12, 16), "2012", "PLANNED"),
        # a timeline line "date – event" (a news item's "date | headline" is no event)
        ("Intro.\n19 december 2016 – We werden officieel gelanceerd.", dt.date(2017, 1, 5), "2016-12-19", "DONE"),
        # a deadline keeps its hour
        ("Intro.\nHet voorstel moet uiterlijk op 15 maart om 17 uur binnen zijn.", dt.date(2022, 12, 12), "2023-03-15",
         "PLANNED"),
        # present tense, after the document date: planned
        ("Intro.\nHet centrum publiceert dit najaar een handleiding.", dt.date(2014, 3, 1), "2014-FA", "PLANNED"),
        # "vandaag" in the body, not the masthead
        ("PERSBERICHT\nBrussel, 8 maart 2013\nDe regering heeft vandaag de nota goedgekeurd.", dt.date(2013, 3, 8),
         "2013-03-08", "DONE"),
    ],
)  # fmt: skip
def test_year_less_dates_follow_the_tense(
    rules_nlp: Language, text: str, doc_date: dt.date, value: str, status: str
) -> None:
    (milestone,) = run(rules_nlp, text, doc_date)._.milestones
    assert (milestone.value, milestone.status) == (value, status)


def test_timeline_year_made_specific_by_its_item_is_dropped(rules_nlp: Language) -> None:
    text = "Tijdlijn\n\n2016\n1 januari: VLAIO gaat van start.\n4 maart: het besluit wordt goedgekeurd."
    assert [m.value for m in run(rules_nlp, text, dt.date(2023, 1, 1))._.milestones] == ["2016-01-01", "2016-03-04"]


def test_relative_and_year_less_dates_use_the_document_date(nlp: Language) -> None:
    doc = run(nlp, "Intro.\nDe oproep start volgend jaar. De jury beslist op 24 september.", dt.date(2013, 3, 8))
    assert [m.value for m in doc._.milestones] == ["2014", "2013-09-24"]


@pytest.mark.parametrize(
    "text",
    [
        "Brussel, 9 juni 2017\n\nDe regering vergaderde.",  # dateline
        "Persbericht juni 2022\nDe tekst volgt.",  # title line
        "Dat bleek eerder (Peeters, 2013).",  # citation
        "Gedrukt op 15/05/2013",  # print date
        "In 2017 telde de sector 17.000 werknemers.",  # a statistic's reference year
        "Ik verwijs naar mijn antwoord op vraag nr. 95 van 20 oktober 2021.",  # names a document
        "Het verslag van de vergadering van 20 juni werd goedgekeurd.",  # names a meeting
        "Het bedrijf, dat in 2004 werd opgericht, groeit snel.",  # background founding year
        "3.3 Kerncijfers\nIn 2012 stelde het departement 312 mensen aan.",  # statistics section
        "| Indicator | 2017 | 2018 |\n|---|---|---|\n| Leden | 300 | 350 |",  # table column labels
        "Zie de studie.\n¹ Witboek over industrie (2011), p. 14.",  # footnote
        "Evaluatie – september 2013\nTekst.\nEvaluatie – september 2013\nMeer tekst.",  # running header
        "Hoeveel bedrijven zijn vandaag aangesloten?",  # "vandaag" in a question: nowadays
        "Kom naar de toelichting op 12 februari om 19.30 uur in het stadhuis.",  # an appointment
        "Een infoavond voor burgers vindt plaats op 5 februari.",  # logistics of a gathering
        "Intro.\nDe raad van bestuur keurde het jaarplan 2020 goed.",  # a year that names a plan
        "Intro.\n\n3.4 Vooruitblik 2021\n\nDe tekst volgt.",  # a year that labels a heading
        "De bedrijven van morgen zoeken technisch talent.",  # "morgen": the future in general
        "In 2018 ontving het agentschap 134 projectaanvragen.",  # a count: a statistic's year
        "Intro.\n9 juni 2019 | Drie clusters ondertekenen hun pact",  # the date heading a news item
        "| Jaar | Projecten | Kmo's |\n|---|---|---|\n| 2018 | 14 | 52% |",  # figures beside a year
        "Zomerreceptie voor leden: donderdag 7 juli 2022, 18u, Gent",  # an appointment
        "6. Kalender\nDe raad van bestuur komt samen op 20 september 2022.",  # a calendar section
        "De cijfers voor 2019 zijn voorlopig.",  # a year that labels a noun
        "Het rapport (mei 2017, 84 blz.) is gratis te downloaden.",  # a publication's reference
        "Intro.\nVandaag zijn er zes speerpuntclusters in Vlaanderen.",  # "vandaag" with a verb of being
    ],
)
def test_non_event_dates_are_left_out(nlp: Language, text: str) -> None:
    assert run(nlp, text, dt.date(2020, 1, 15))._.milestones == []


def test_components_work_in_any_pipeline() -> None:
    blank = spacy.blank("nl")
    blank.add_pipe("sentencizer")
    for name in ("policytext_actors", "policytext_milestones", "policytext_sectors"):
        blank.add_pipe(name)
    doc = blank("VLAIO keurde op 9 juni 2017 steun goed voor de voedingsindustrie.")
    assert [a.canonical for a in doc._.actors] == ["VLAIO"]
    assert [m.value for m in doc._.milestones] == ["2017-06-09"]
    assert [s.sector for s in doc._.sectors] == ["voeding"]
    assert isinstance(blank.get_pipe("policytext_actors"), ActorExtractor)
    assert isinstance(blank.get_pipe("policytext_milestones"), MilestoneExtractor)
    assert isinstance(blank.get_pipe("policytext_sectors"), SectorExtractor)
