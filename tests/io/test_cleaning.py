import pytest

from policytext.io.cleaning import clean_text, join_hyphenated, strip_page_furniture


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("we situ-\neren het", "we situeren het"),
        ("de samen-\n  werking loopt", "de samenwerking loopt"),
        ("provincie Oost-\nVlaanderen", "provincie Oost-Vlaanderen"),
        ("kust-\nen havenbeleid", "kust- en havenbeleid"),
        ("CO2-\nvalorisatie", "CO2-\nvalorisatie"),
        ("einde zin -\nvolgende", "einde zin -\nvolgende"),
    ],
)
def test_join_hyphenated(raw: str, expected: str) -> None:
    assert join_hyphenated(raw) == expected


def test_clean_text_bullets_quotes_whitespace() -> None:
    raw = (
        "Titel\r\n\r\n\r\n• eerste  punt\n▪ tweede\t punt\n- derde punt\n"
        "\u201cAanhalingen\u201d en Flanders\u2019 FOOD\u00a0nu"
    )
    assert clean_text(raw) == 'Titel\n\neerste punt\ntweede punt\nderde punt\n"Aanhalingen" en Flanders\' FOOD nu'


@pytest.mark.parametrize("line", ["Pagina 3 van 7", "- 12 -", "3/7", "page 2 of 9", "blz. 4"])
def test_page_furniture_removed(line: str) -> None:
    assert strip_page_furniture(f"tekst\n{line}\nmeer tekst") == "tekst\n\nmeer tekst"


def test_page_number_inside_sentence_kept() -> None:
    text = "Zie pagina 3 van het rapport."
    assert strip_page_furniture(text) == text
