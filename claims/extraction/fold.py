"""A matching view of a text that never moves an offset: one character in, one character out.

Cue words and horizon patterns are written once, in Simplified Chinese and ASCII. To find them in
Traditional Chinese (會, 將來, 認為) or in full-width text (２０３０年, ？) the extractor matches
against `fold(text)`, and because every character maps to exactly one character, an offset into
the folded text is an offset into the original: the candidate quotes the source's own words.

Phrase-level conversion (記憶體 -> 内存) would change lengths and is never used (SPANS.md).
The character table is OpenCC's TSCharacters, bundled in data/ts_characters.tsv with its licence.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["fold", "fold_table"]

_TABLE_FILE = Path(__file__).resolve().parent / "data" / "ts_characters.tsv"

# Not in OpenCC's table but written by the same texts: curly quotes fold to straight ones, so
# "won’t" reads like "won't".
_EXTRA = {"\u2019": "'", "\u2018": "'", "\u3000": " ", "\u00a0": " "}


@cache
def fold_table() -> dict[int, str]:
    """The translation table: Traditional to Simplified, full-width ASCII to ASCII."""
    table: dict[int, str] = {}
    for line in _TABLE_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        traditional, _, simplified = line.partition("\t")
        if len(traditional) != 1 or len(simplified) != 1:
            raise ValueError(f"{_TABLE_FILE.name}: {line!r} is not one character for one character")
        table[ord(traditional)] = simplified
    # Full-width ASCII (！ to ～) to ASCII; after the table so that nothing overrides it.
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
    table.update({ord(k): v for k, v in _EXTRA.items()})
    return table


def fold(text: str) -> str:
    """`text` with each Traditional character replaced by its Simplified form; same length."""
    return text.translate(fold_table())
