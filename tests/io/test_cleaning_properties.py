"""Properties of the clean-up that must hold for any Unicode string."""

from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.io.cleaning import clean_text

DUTCH_BITS = st.sampled_from(
    ["situ-\neren", "Oost-\nVlaanderen", "• punt\n", "Pagina 3 van 7\n", "\u00ad", "\r\n", "  ", "’"]
)
TEXTS = st.lists(st.one_of(st.text(max_size=40), DUTCH_BITS), max_size=30).map("".join)


@settings(max_examples=300)
@given(TEXTS)
def test_clean_text_never_fails_and_normalises(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned == cleaned.strip()
    assert "\r" not in cleaned and "\n\n\n" not in cleaned and "\u00ad" not in cleaned and "’" not in cleaned
    assert not any(ord(ch) < 32 and ch != "\n" for ch in cleaned)
    assert "  " not in cleaned
