"""Probable duplicates: a candidate that restates another one (an article's summary of the
interview, a headline, a speaker saying the same thing twice).

Two candidates are compared on the character bigrams of their folded text with punctuation and
spaces removed, so Traditional and Simplified, full-width and ASCII compare equal. The overlap
coefficient |A∩B| / min(|A|, |B|) is used rather than plain Jaccard because a summary is usually
much shorter than the sentence it condenses; pairs of function characters (我们, 认为, 一个) are
left out, and very short candidates (a handful of bigrams) are never called duplicates, since two
short sentences share bigrams by chance.

Which one is the duplicate: the headline or title when the other is not one; else the restatement
by nobody in particular (no speaker label, e.g. the editors' introduction) when the other has a
speaker; otherwise the later one.

Candidates are compared with those that began at most WINDOW code points before them (a long
interview is some 100,000), and only when they share a bigram that few candidates in the window
have (an inverted index): time and memory grow with the text, not with its square, however long
the text.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence

__all__ = ["DUPLICATE_AT", "MIN_BIGRAMS", "WINDOW", "Restatements", "bigrams", "find_duplicates"]

DUPLICATE_AT = 0.45
MIN_BIGRAMS = 8
WINDOW = 200_000
# A bigram more candidates of the window share than this finds no restatement the rarer ones
# would not find too ("模型" in an interview about models).
_MAX_POSTINGS = 16
_NOT_WORDS = re.compile(r"[\W_]+")
# Pairs of these say nothing about the content ("我认", "认为", "我们", "的是", "一个"), and every
# speaker's sentences share them: they are left out of the comparison.
_FUNCTION_CHARS = frozenset("的了是我们你他她它这那一个会将有在和与也都就而但认为觉得相信说要能可以到很")


_FUNCTION_PAIRS = frozenset(a + b for a in _FUNCTION_CHARS for b in _FUNCTION_CHARS)


def bigrams(folded: str) -> frozenset[str]:
    """The set of adjacent character pairs of `folded` with punctuation and spaces removed."""
    letters = _NOT_WORDS.sub("", folded).lower()
    return frozenset({a + b for a, b in zip(letters, letters[1:], strict=False)}.difference(_FUNCTION_PAIRS))


class Restatements:
    """Finds restatements as candidates arrive in text order; `result()` says which is which.

    Chains (summary -> answer -> the answer restated) are followed to one original, so every
    duplicate points at a candidate that is not itself a duplicate.
    """

    def __init__(self, window: int = WINDOW) -> None:
        self._window = window
        self._duplicate_of: list[int | None] = []
        # The candidates still in the window: (index, start, bigrams, speaker, heading).
        self._recent: deque[tuple[int, int, frozenset[str], str | None, bool]] = deque()
        self._postings: dict[str, deque[int]] = {}
        self._by_index: dict[int, tuple[frozenset[str], str | None, bool]] = {}

    def add(self, start: int, folded: str, speaker: str | None, *, heading: bool = False) -> None:
        later = len(self._duplicate_of)
        self._duplicate_of.append(None)
        self._forget_before(start - self._window)
        b = bigrams(folded)
        if len(b) < MIN_BIGRAMS:
            return
        shared: set[int] = set()
        for gram in b:
            seen = self._postings.get(gram)
            if seen:
                shared.update(seen)
        for earlier in sorted(shared):
            if self._duplicate_of[earlier] is not None:
                continue
            a, earlier_speaker, earlier_heading = self._by_index[earlier]
            if len(a & b) / min(len(a), len(b)) < DUPLICATE_AT:
                continue
            restated_later = (earlier_heading and not heading) or (
                earlier_heading == heading and earlier_speaker is None and speaker is not None
            )
            if not restated_later:
                self._duplicate_of[later] = earlier
                return  # a duplicate is never compared again: nothing to remember it by
            self._duplicate_of[earlier] = later
        for gram in b:
            seen = self._postings.get(gram)
            if seen is None:
                self._postings[gram] = deque([later])
            elif len(seen) < _MAX_POSTINGS:
                seen.append(later)
        self._recent.append((later, start, b, speaker, heading))
        self._by_index[later] = (b, speaker, heading)

    def _forget_before(self, start: int) -> None:
        while self._recent and self._recent[0][1] < start:
            index, _, grams, _, _ = self._recent.popleft()
            del self._by_index[index]
            for gram in grams:
                seen = self._postings.get(gram)
                if seen and seen[0] == index:
                    seen.popleft()
                    if not seen:
                        del self._postings[gram]

    def result(self) -> list[int | None]:
        """For each candidate added, the index of the one it restates, or None."""
        return [_root(self._duplicate_of, i) for i in range(len(self._duplicate_of))]


def find_duplicates(folded_quotes: Sequence[str], speakers: Sequence[str | None]) -> list[int | None]:
    """For each quote, the index of the candidate it restates, or None (the quotes taken as
    adjacent passages of one text)."""
    restatements = Restatements()
    position = 0
    for quote, speaker in zip(folded_quotes, speakers, strict=True):
        restatements.add(position, quote, speaker)
        position += len(quote)
    return restatements.result()


def _root(duplicate_of: list[int | None], index: int) -> int | None:
    seen = {index}
    original = duplicate_of[index]
    while original is not None and duplicate_of[original] is not None and original not in seen:
        seen.add(original)
        original = duplicate_of[original]
    return original
