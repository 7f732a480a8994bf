"""Language check: policytext reads Dutch; other languages are reported, not classified."""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SAMPLE_CHARS = 3000
_LANGUAGES = (Language.DUTCH, Language.ENGLISH, Language.FRENCH, Language.GERMAN, Language.SPANISH, Language.ITALIAN)


@cache
def _detector() -> LanguageDetector:
    """Lingua in low-accuracy mode: trigram models only (about 11 MB, loaded at once). The
    high-accuracy mode loads 1- to 5-gram models (about 170 MB more) the first time it meets a
    short text, a jump in memory in the middle of a long batch run, for little gain on
    documents of more than a few sentences."""
    return LanguageDetectorBuilder.from_languages(*_LANGUAGES).with_low_accuracy_mode().build()


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code of the most likely language among those policytext meets, with its
    confidence; ``(None, 0.0)`` when the text has no letters to judge by."""
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def is_dutch(text: str) -> tuple[bool, str | None]:
    """Dutch when Dutch is the most likely language of the sample (mixed texts included)."""
    code, _ = detect_language(text)
    return code == "nl", code
