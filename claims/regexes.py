"""What a regular expression's matches can start with, so that a scan can skip the rest.

Python's re tries an alternation branch by branch at every position: a pattern of a hundred
alternatives is a hundred tries per character. Knowing the characters a match can start with
lets a caller skip a pattern, or most positions, with one cheap test, with the same results.
"""

from __future__ import annotations

import re
from functools import cache


def first_characters(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Every character a match of `pattern` can start with, or None when that cannot be worked
    out (a match may be empty, or start with "." or "\\s"): callers then test nothing and are
    only slower, never wrong."""
    # The stdlib's own parser (typeshed leaves it out: private); only read here, never relied on for results.
    from re import _parser  # type: ignore[attr-defined]

    starts: set[str] = set()
    folded: set[str] = set()  # characters met where the pattern ignores case: their other cases too
    digits = set("0123456789")

    def add(characters, ignoring_case: bool) -> None:
        (folded if ignoring_case else starts).update(characters)

    def add_class(items, ignoring_case: bool) -> None:
        for op, arg in items:
            if op is _parser.LITERAL:
                add(chr(arg), ignoring_case)
            elif op is _parser.RANGE:
                add((chr(c) for c in range(arg[0], arg[1] + 1)), ignoring_case)
            elif op is _parser.CATEGORY and arg is _parser.CATEGORY_DIGIT:
                add(digits, ignoring_case)
            else:
                raise ValueError(op)

    def may_be_empty(items, ignoring_case: bool) -> bool:
        for op, arg in items:
            if op is _parser.LITERAL:
                add(chr(arg), ignoring_case)
                return False
            if op is _parser.IN:
                add_class(arg, ignoring_case)
                return False
            if op is _parser.CATEGORY and arg is _parser.CATEGORY_DIGIT:
                add(digits, ignoring_case)
                return False
            if op is _parser.BRANCH:
                if not any([may_be_empty(branch, ignoring_case) for branch in arg[1]]):
                    return False
            elif op is _parser.SUBPATTERN:
                _, add_flags, del_flags, inner = arg
                inner_case = (
                    ignoring_case or bool(add_flags & re.IGNORECASE)
                ) and not del_flags & re.IGNORECASE
                if not may_be_empty(inner, inner_case):
                    return False
            elif op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT):
                if not may_be_empty(arg[2], ignoring_case) and arg[0] > 0:
                    return False
            elif op not in (_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT):
                raise ValueError(op)
        return True

    try:
        parsed = _parser.parse(pattern, flags)
        if may_be_empty(parsed, bool(parsed.state.flags & re.IGNORECASE)):
            return None
    except (ValueError, AttributeError):
        return None
    starts |= folded | {other for c in folded for other in _same_ignoring_case(c)}
    return frozenset(starts)


def _same_ignoring_case(character: str) -> set[str]:
    """The characters re.IGNORECASE matches `character` with: its other case, and the few
    others that fold to it ("K", the Kelvin sign, to "k"; "ſ" to "s"; "İ" and "ı" to "i")."""
    near = {character, character.swapcase(), *_lowering_to().get(character.lower(), ())}
    for c in list(near):
        near.update(chr(code) for code in _EXTRA_CASES.get(ord(c.lower()[:1] or c), ()))
    return {c for c in near if len(c) == 1 and re.fullmatch(re.escape(character), c, re.IGNORECASE)}


try:  # the stdlib's table of re's case pairs that lower() does not give (i and ı, s and ſ)
    from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - another Python: first_characters then errs on no side
    _EXTRA_CASES = {}


@cache
def _lowering_to() -> dict[str, tuple[str, ...]]:
    """For each lowercase character, the characters below U+3000 whose lower() it is (every
    cased character above folds only with others above, none of which starts a pattern here)."""
    groups: dict[str, list[str]] = {}
    for code in range(0x3000):
        c = chr(code)
        groups.setdefault(c.lower()[:1], []).append(c)  # "İ".lower() is "i" and a dot
    return {key: tuple(group) for key, group in groups.items()}


def character_class(characters: frozenset[str]) -> str:
    """A regex character class of `characters`: "[…]"."""
    return "[" + "".join(re.escape(c) for c in sorted(characters)) + "]"


def guarded(pattern: str, flags: int = 0) -> str:
    """`pattern` behind a lookahead of the characters its matches can start with, so that re
    tries its branches only at the positions where a match can start; the same matches."""
    starts = first_characters(pattern, flags)
    return pattern if starts is None else f"(?={character_class(starts)})(?:{pattern})"
