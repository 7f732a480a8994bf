import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytext.nlp.timex import VALUE_PATTERN, find_timexes

ANCHOR = dt.date(2013, 3, 8)


@pytest.mark.parametrize(
    ("text", "surface", "value", "mod"),
    [
        ("afgerond (2012-Q4).", "2012-Q4", "2012-Q4", None),
        ("evaluatie (Q3-2013)", "Q3-2013", "2013-Q3", None),
        ("in Q4 2012", "Q4 2012", "2012-Q4", None),
        ("in het derde kwartaal 2013", "het derde kwartaal 2013", "2013-Q3", None),
        ("het vierde kwartaal van 2012", "het vierde kwartaal van 2012", "2012-Q4", None),
        ("het laatste kwartaal van 2012", "het laatste kwartaal van 2012", "2012-Q4", None),
        ("het eerste trimester 2013", "het eerste trimester 2013", "2013-Q1", None),
        ("K2 2014", "K2 2014", "2014-Q2", None),
        ("in het eerste semester 2013", "het eerste semester 2013", "2013-H1", None),
        ("de tweede helft van 2013", "de tweede helft van 2013", "2013-H2", None),
        ("H2 2014", "H2 2014", "2014-H2", None),
        ("in het voorjaar 2012", "het voorjaar 2012", "2012-SP", None),
        ("in de zomer van 2015", "de zomer van 2015", "2015-SU", None),
        ("het najaar 2012", "het najaar 2012", "2012-FA", None),
        ("de winter van 2012", "de winter van 2012", "2012-WI", None),
        ("in juni 2013", "juni 2013", "2013-06", None),
        ("op 9 juni 2017", "9 juni 2017", "2017-06-09", None),
        ("vrijdag 9 juni 2017", "vrijdag 9 juni 2017", "2017-06-09", None),
        ("op 27/05/2011", "27/05/2011", "2011-05-27", None),
        ("op 30.06.2014", "30.06.2014", "2014-06-30", None),
        ("in 2013", "2013", "2013", None),
        ("voor de periode 2017-2027", "2017-2027", "2017/2027", None),
        ("van 2014 tot 2020", "van 2014 tot 2020", "2014/2020", None),
        ("tegen eind 2013", "tegen eind 2013", "2013", "END"),
        ("uiterlijk 2014", "uiterlijk 2014", "2014", "END"),
        ("vanaf 2013", "vanaf 2013", "2013", "START"),
        ("vanaf 1 januari 2017", "vanaf 1 januari 2017", "2017-01-01", "START"),
        ("sinds 2011", "sinds 2011", "2011", "START"),
        ("begin 2014", "begin 2014", "2014", "START"),
        ("medio 2015", "medio 2015", "2015", "MID"),
        ("tegen het najaar 2012", "tegen het najaar 2012", "2012-FA", "END"),
        ("volgend jaar", "volgend jaar", "2014", None),
        ("eind volgend jaar", "eind volgend jaar", "2014", "END"),
        ("dit najaar", "dit najaar", "2013-FA", None),
        ("het rapport komt in juli", "juli", "2013-07", None),
        ("de oproep sluit op 30 juni", "30 juni", "2013-06-30", None),
        ("tussentijds rapport: 03/2020", "03/2020", "2020-03", None),
        ("rapport bezorgen tegen 15/11", "tegen 15/11", "2013-11-15", "END"),
        ("voor het einde van het jaar", "het einde van het jaar", "2013", "END"),
        ("morgen gaat het project van start", "morgen", "2013-03-09", None),
        ("volgende week tekenen de partners", "volgende week", "2013-03", None),
        ("uiterlijk op 15 maart om 17 uur", "uiterlijk op 15 maart", "2013-03-15", "END"),
        ("binnen twee jaar is de hal klaar", "binnen twee jaar", "2015", "END"),
        ("start ten vroegste op 1 mei 2013", "ten vroegste op 1 mei 2013", "2013-05-01", "START"),
        ("D5.1 plan voor CE-markering .... 12.2024", "12.2024", "2024-12", None),
        ("evaluatie -> winter 2022-2023", "winter 2022-2023", "2022-WI", None),
        ("de oproep gaat na de zomer open", "na de zomer", "2013-FA", None),
        ("evaluatierapport: voorzien Q2 '15", "Q2 '15", "2015-Q2", None),
        ("gestart begin feb, loopt goed", "begin feb", "2013-02", "START"),
        ("de periode van 1 januari 2012 tot en met 31 december 2016", "van 1 januari 2012 tot en met 31 december 2016",
         "2012/2016", None),
        ("Looptijd: 1/09/2010 - 31/08/2013", "1/09/2010 - 31/08/2013", "2010/2013", None),
        ("SYNCHRO-DATA 04/2018 - 03/2020 lopend", "04/2018 - 03/2020", "2018/2020", None),
        ("fase 1 liep van maart 2013 tot februari 2014", "van maart 2013 tot februari 2014", "2013/2014", None),
        ("de rapporten verwacht ik tegen de jaarwisseling", "tegen de jaarwisseling", "2013", "END"),
        # weekdays against the document date, a Friday: the last one, unless said to come
        ("de minister zei donderdag dat", "donderdag", "2013-03-07", None),
        ("vorige vrijdag ondertekend", "vorige vrijdag", "2013-03-01", None),
        ("het panel besliste vorige donderdag", "vorige donderdag", "2013-02-28", None),  # not yesterday
        ("het panel besliste afgelopen donderdag", "afgelopen donderdag", "2013-03-07", None),
        ("goedgekeurd op maandag jl.", "maandag jl.", "2013-03-04", None),
        ("volgende woensdag beslist de regering", "volgende woensdag", "2013-03-13", None),
        ("het rapport moet tegen vrijdag klaar zijn", "tegen vrijdag", "2013-03-15", "END"),
    ],
)  # fmt: skip
def test_date_forms(text: str, surface: str, value: str, mod: str | None) -> None:
    (timex,) = find_timexes(text, ANCHOR)
    assert (timex.text, timex.value, timex.mod) == (surface, value, mod)
    assert text[timex.start : timex.end] == surface


def test_relative_date_without_anchor_stays_unresolved() -> None:
    (timex,) = find_timexes("volgend jaar", None)
    assert timex.value is None and timex.granularity == "relative"


@pytest.mark.parametrize(
    "text",
    [
        "een budget van € 2013 miljoen",
        "er waren 2019 werknemers",
        "in 2.013 gevallen",
        "tel. 02/553.2013",
        "2012-2011",
        "artikel 15/11 van de wet",
        "3/4 van de leden",
        "Werkingsmiddelen 2019: 185 kEUR",
        "Jan Peeters en May Vermeulen spreken",  # capitalised month abbreviations are names
        "het loket is open van maandag tot vrijdag",
        "elke dinsdag overleg",
        "woensdagavond",
        "het eindverslag volgt binnen drie maanden na het einde van het project",  # counts from another event
    ],
)
def test_numbers_that_are_no_dates(text: str) -> None:
    assert find_timexes(text, ANCHOR) == []


def test_year_less_dates_take_the_year_of_their_timeline_heading() -> None:
    text = "2011\nHet Witboek wordt op 27 mei goedgekeurd.\n\n2016\n1 januari: VLAIO start.\n4 maart: het besluit."
    values = {t.text: t.value for t in find_timexes(text, dt.date(2023, 1, 1))}
    assert (values["27 mei"], values["1 januari"], values["4 maart"]) == ("2011-05-27", "2016-01-01", "2016-03-04")


def test_a_look_ahead_section_dates_its_paragraph() -> None:
    text = "2.4 Vooruitblik 2014\n\nDe roadmap wordt geactualiseerd tegen eind juni."
    assert [t.value for t in find_timexes(text, dt.date(2023, 1, 1))] == ["2014", "2014-06"]


def test_month_range_within_one_year_stays_two_dates() -> None:
    assert [t.value for t in find_timexes("looptijd 03/2019 - 09/2019")] == ["2019-03", "2019-09"]


def test_day_range_within_one_year_stays_two_dates() -> None:
    assert [t.value for t in find_timexes("rapporteringsperiode 01/04/2020 - 30/09/2020")] == [
        "2020-04-01",
        "2020-09-30",
    ]


def test_year_less_date_takes_a_year_later_in_its_sentence() -> None:
    (first, _) = find_timexes("De oproep opent op 2 september en loopt tot 31 oktober 2019.")
    assert first.value == "2019-09-02"


def test_impossible_day_is_skipped() -> None:
    assert [t.value for t in find_timexes("op 31/02/2013 of in 2013")] == ["2013"]


@given(st.text(max_size=300))
def test_any_text_gives_valid_values_and_offsets(text: str) -> None:
    for timex in find_timexes(text, ANCHOR):
        assert 0 <= timex.start < timex.end <= len(text)
        assert text[timex.start : timex.end] == timex.text
        assert timex.value is None or VALUE_PATTERN.match(timex.value)


def test_shifted_moves_a_year_less_date_by_whole_years() -> None:
    (timex,) = find_timexes("in oktober", ANCHOR)
    assert (timex.value, timex.tense_shift) == ("2013-10", "year")
    moved = timex.shifted(-1)
    assert (moved.value, moved.date_start, moved.date_end) == ("2012-10", "2012-10-01", "2012-10-31")


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("lancering half januari", dt.date(2019, 12, 4), "2020-01"),  # next January, written in December
        ("in december goedgekeurd", dt.date(2014, 1, 20), "2013-12"),
        ("in september", dt.date(2014, 1, 20), "2014-09"),  # the document's year when neither is near
    ],
)
def test_year_less_date_near_the_turn_of_the_year(text: str, anchor: dt.date, value: str) -> None:
    (timex,) = find_timexes(text, anchor)
    assert timex.value == value


def test_year_less_date_without_document_date_takes_the_title_year() -> None:
    text = "JAARVERSLAG 2019\n\nHet project werd in september stopgezet."
    assert [t.value for t in find_timexes(text)] == ["2019", "2019-09"]


def test_bare_weekday_moves_a_week_with_the_tense() -> None:
    (timex,) = find_timexes("het panel adviseert dinsdag", ANCHOR)
    assert (timex.value, timex.tense_shift) == ("2013-03-05", "week")
    assert timex.shifted(1).value == "2013-03-12"


def test_weekday_without_document_date_says_nothing() -> None:
    assert find_timexes("de minister zei vrijdag dat", None) == []
