"""``policytext_line_sentences``: sentence starts at blank lines and after heading-like lines.

Policy documents put headings, bullet items and table rows on lines of their own without a
full stop; punctuation-based sentence splitting would glue them to the next sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

HEADING_MAX_CHARS = 80


@Language.component("policytext_line_sentences")
def mark_line_sentences(doc: Doc) -> Doc:
    line_start = 0
    for token in doc[:-1]:
        if not token.is_space or "\n" not in token.text:
            continue
        next_token = doc[token.i + 1]
        previous = doc[token.i - 1] if token.i > 0 else None
        short_line = next_token.idx - line_start <= HEADING_MAX_CHARS
        if "\n\n" in token.text or short_line or (previous is not None and previous.is_punct):
            next_token.is_sent_start = True
        line_start = next_token.idx
    return doc
