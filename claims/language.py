"""Guess a source's language tag from its characters (zh-Hans, zh-Hant or en).

Good enough to pre-fill a form: a curator can always correct it. The two scripts are told apart
by the one Traditional-to-Simplified table (claims.fold): characters only Traditional writes
against characters only Simplified writes.
"""

from __future__ import annotations

from claims.fold import simplified_forms, traditional_forms

# The script shows in any stretch of a text; reading only this much keeps the guess's cost the
# same for a 20 MB transcript as for an interview (three Python passes over 20 MB took seconds).
GUESS_SAMPLE_CHARS = 100_000


def guess_language(text: str) -> str:
    """zh-Hant, zh-Hans or en, from the first GUESS_SAMPLE_CHARS characters of `text`."""
    text = text[:GUESS_SAMPLE_CHARS]
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk < 10:
        return "en"
    traditional, simplified = traditional_forms(), simplified_forms()
    written_traditional = sum(1 for ch in text if ch in traditional)
    written_simplified = sum(1 for ch in text if ch in simplified)
    return "zh-Hant" if written_traditional > written_simplified else "zh-Hans"
