"""Guess a source's language tag from its characters (zh-Hans, zh-Hant or en).

Good enough to pre-fill a form: a curator can always correct it. The two scripts are told apart
by the one Traditional-to-Simplified table (claims.fold): characters only Traditional writes
against characters only Simplified writes.
"""

from __future__ import annotations

from claims.fold import simplified_forms, traditional_forms


def guess_language(text: str) -> str:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk < 10:
        return "en"
    traditional, simplified = traditional_forms(), simplified_forms()
    written_traditional = sum(1 for ch in text if ch in traditional)
    written_simplified = sum(1 for ch in text if ch in simplified)
    return "zh-Hant" if written_traditional > written_simplified else "zh-Hans"
