"""Guess a source's language tag from its characters (zh-Hans, zh-Hant or en).

Good enough to pre-fill a form: a curator can always correct it.
"""

from __future__ import annotations

# Frequent characters written differently in the two scripts, pairwise.
_TRADITIONAL = set("這們說個為會來時對於與發後還點開關經進過現應當實體務學認長問題習麼讓從裡頭覺種")
_SIMPLIFIED = set("这们说个为会来时对于与发后还点开关经进过现应当实体务学认长问题习么让从里头觉种")


def guess_language(text: str) -> str:
    traditional = sum(1 for ch in text if ch in _TRADITIONAL)
    simplified = sum(1 for ch in text if ch in _SIMPLIFIED)
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk < 10:
        return "en"
    return "zh-Hant" if traditional > simplified else "zh-Hans"
