"""Guess a source's language tag from its characters (zh-Hans, zh-Hant or en).

Good enough to pre-fill a form: a curator can always correct it. The two scripts are told apart
by the one Traditional-to-Simplified table (claims.fold): characters only Traditional writes
against characters only Simplified writes.
"""

from __future__ import annotations

from functools import cache

from claims.fold import simplified_forms, traditional_forms

# The script shows in any stretch of a text, so three stretches of this many characters (the
# start, the middle, the end) are enough, and an English header before a Chinese body is not
# mistaken for the whole. The guess was most of import_sources' time on small files when it
# read 100,000 characters (a whole small file); sampled, it gives the same guess on all the
# seeds, eval texts and the import bench's 2,000 files, and costs the same for a 20 MB
# transcript as for a note. 150 rather than 400: the same guesses on all of those 2,027 texts
# (checked at 64, 100, 128, 200 and 400 too), and the scan, ~40 ns a character, was still the
# largest per-file cost left in import_sources.
GUESS_SAMPLE_CHARS = 150

# Private-use marks the text is translated to, so that three C-speed str.count calls replace
# three Python loops over the characters (3x faster on a small file, most of import_sources'
# time). A CJK-range character not in either form, a Traditional or a Simplified one in or out
# of the range, and NEUTRAL for the marks themselves should a text contain them.
_CJK, _TRAD_CJK, _TRAD, _SIMP_CJK, _SIMP, _NEUTRAL = (chr(0xE000 + n) for n in range(6))


@cache
def _marks() -> dict[int, str]:
    table = {code: _CJK for code in range(0x4E00, 0xA000)}
    for forms, inside, outside in (
        (traditional_forms(), _TRAD_CJK, _TRAD),
        (simplified_forms(), _SIMP_CJK, _SIMP),
    ):
        for ch in forms:
            table[ord(ch)] = inside if "\u4e00" <= ch <= "\u9fff" else outside
    for mark in (_CJK, _TRAD_CJK, _TRAD, _SIMP_CJK, _SIMP):
        table[ord(mark)] = _NEUTRAL
    return table


def guess_language(text: str) -> str:
    """zh-Hant, zh-Hans or en, from three stretches of GUESS_SAMPLE_CHARS characters of `text`
    (all of it when short): en below 10 CJK characters, else the script with more characters
    only it writes."""
    n = GUESS_SAMPLE_CHARS
    if len(text) > 3 * n:
        middle = len(text) // 2 - n // 2
        text = text[:n] + text[middle : middle + n] + text[-n:]
    marked = text.translate(_marks())
    trad_cjk, simp_cjk = marked.count(_TRAD_CJK), marked.count(_SIMP_CJK)
    if marked.count(_CJK) + trad_cjk + simp_cjk < 10:
        return "en"
    written_traditional = trad_cjk + marked.count(_TRAD)
    written_simplified = simp_cjk + marked.count(_SIMP)
    return "zh-Hant" if written_traditional > written_simplified else "zh-Hans"
