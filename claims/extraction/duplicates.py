"""Probable duplicates: a candidate that restates another one (an article's summary of the
interview, a speaker saying the same thing twice).

Two candidates are compared on the character bigrams of their folded text with punctuation and
spaces removed, so Traditional and Simplified, full-width and ASCII compare equal. The overlap
coefficient |A∩B| / min(|A|, |B|) is used rather than plain Jaccard because a summary is usually
much shorter than the sentence it condenses; pairs of function characters (我们, 认为, 一个) are
left out, and very short candidates (a handful of bigrams) are never called duplicates, since two
short sentences share bigrams by chance.

Which one is the duplicate: the restatement by nobody in particular (no speaker label, e.g. the
editors' introduction) when the other has a speaker; otherwise the later one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["DUPLICATE_AT", "MIN_BIGRAMS", "bigrams", "find_duplicates"]

DUPLICATE_AT = 0.45
MIN_BIGRAMS = 8
_NOT_WORDS = re.compile(r"[\W_]+")
# Pairs of these say nothing about the content ("我认", "认为", "我们", "的是", "一个"), and every
# speaker's sentences share them: they are left out of the comparison.
_FUNCTION_CHARS = frozenset("的了是我们你他她它这那一个会将有在和与也都就而但认为觉得相信说要能可以到很")


def bigrams(folded: str) -> frozenset[str]:
    """The set of adjacent character pairs of `folded` with punctuation and spaces removed."""
    letters = _NOT_WORDS.sub("", folded).lower()
    pairs = (letters[i : i + 2] for i in range(len(letters) - 1))
    return frozenset(p for p in pairs if not (p[0] in _FUNCTION_CHARS and p[1] in _FUNCTION_CHARS))


def find_duplicates(folded_quotes: Sequence[str], speakers: Sequence[str | None]) -> list[int | None]:
    """For each quote, the index of the candidate it restates, or None.

    Chains (summary -> answer -> the answer restated) are followed to one original, so every
    duplicate points at a candidate that is not itself a duplicate.
    """
    grams = [bigrams(q) for q in folded_quotes]
    duplicate_of: list[int | None] = [None] * len(grams)
    for later in range(len(grams)):
        b = grams[later]
        if len(b) < MIN_BIGRAMS:
            continue
        for earlier in range(later):
            if duplicate_of[earlier] is not None or duplicate_of[later] is not None:
                continue
            a = grams[earlier]
            if len(a) < MIN_BIGRAMS:
                continue
            shared = len(a & b)
            if shared / min(len(a), len(b)) < DUPLICATE_AT:
                continue
            if speakers[earlier] is None and speakers[later] is not None:
                duplicate_of[earlier] = later
            else:
                duplicate_of[later] = earlier
    return [_root(duplicate_of, i) for i in range(len(duplicate_of))]


def _root(duplicate_of: list[int | None], index: int) -> int | None:
    seen = {index}
    original = duplicate_of[index]
    while original is not None and duplicate_of[original] is not None and original not in seen:
        seen.add(original)
        original = duplicate_of[original]
    return original
