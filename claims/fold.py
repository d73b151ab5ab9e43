"""Traditional to Simplified Chinese and full-width to ASCII, one character for one character.

The project's rules are written once, in Simplified Chinese and ASCII: the horizon words
(claims.horizons) and the extractor's cue words (claims.extraction). To find them in Traditional
Chinese (會, 將來, 不遠的將來) or in full-width text (２０３０年, ？), they are matched against
`fold(text)`. Every character maps to exactly one character, so an offset into the folded text
is an offset into the original and a match quotes the source's own words. Language guessing
(claims.language) tells the two scripts apart with the same table.

Phrase-level conversion (記憶體 -> 内存) would change lengths and is never used (SPANS.md).
The character table is OpenCC's TSCharacters, bundled in data/ts_characters.tsv with its licence.
Pure Python, like claims.horizons: nothing here needs Django.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["fold", "fold_table", "simplified_forms", "traditional_forms"]

_TABLE_FILE = Path(__file__).resolve().parent / "data" / "ts_characters.tsv"

# Not in OpenCC's table but written by the same texts: curly quotes fold to straight ones, so
# "won’t" reads like "won't", and the ideographic and no-break spaces to a space.
_EXTRA = {"\u2019": "'", "\u2018": "'", "\u3000": " ", "\u00a0": " "}


@cache
def _traditional_to_simplified() -> dict[int, str]:
    """OpenCC's table alone: Traditional character -> its Simplified form."""
    table: dict[int, str] = {}
    for line in _TABLE_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        traditional, _, simplified = line.partition("\t")
        if len(traditional) != 1 or len(simplified) != 1:
            raise ValueError(f"{_TABLE_FILE.name}: {line!r} is not one character for one character")
        if traditional != simplified:
            table[ord(traditional)] = simplified
    return table


@cache
def fold_table() -> dict[int, str]:
    """The translation table: Traditional to Simplified, full-width ASCII to ASCII."""
    table = dict(_traditional_to_simplified())
    # Full-width ASCII (！ to ～) to ASCII; after the table so that nothing overrides it.
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
    table.update({ord(k): v for k, v in _EXTRA.items()})
    return table


def fold(text: str) -> str:
    """`text` with each Traditional character replaced by its Simplified form, full-width ASCII
    by ASCII; the same length, character for character."""
    return text.translate(fold_table())


@cache
def traditional_forms() -> frozenset[str]:
    """Characters written only in Traditional Chinese: the ones the fold simplifies (會, 遠, 頭)."""
    return frozenset(chr(code) for code in _traditional_to_simplified())


@cache
def simplified_forms() -> frozenset[str]:
    """Characters written only in Simplified Chinese: a simplification that is not itself
    folded (会, 远, 头)."""
    return frozenset(_traditional_to_simplified().values()) - traditional_forms()
