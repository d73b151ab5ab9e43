"""Text for plain-text email: one paragraph per statement, wrapped to a width a mail reader shows.

A statement may carry the source's line breaks; in a plain-text digest a raw newline would start
a line without the indent and read as a new entry. Chinese has no spaces to break at, and its
characters take two columns, so the wrap counts display columns and breaks between CJK
characters as well as at spaces."""

from __future__ import annotations

import re
import unicodedata

WIDTH = 72
_SPACE = re.compile(r"\s+")
# A run of spaces, or a single wide character (a line may break before or after it), or a run of
# anything else (a word that stays whole).
_PIECE = re.compile(r"\s+|[\u1100-\uffff]|[^\s\u1100-\uffff]+")


def columns(text: str) -> int:
    """Display columns: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _join(match: re.Match[str]) -> str:
    # A line break inside Chinese text is no word boundary: the two sides join with nothing.
    before = match.string[match.start() - 1 : match.start()]
    after = match.string[match.end() : match.end() + 1]
    return "" if before and after and columns(before) == columns(after) == 2 else " "


def wrap(text: str, *, width: int = WIDTH, indent: str = "") -> str:
    """The text as one paragraph (every run of whitespace, newlines included, becomes one space,
    or nothing between two Chinese characters),
    wrapped at `width` columns, every line starting with `indent`. A word longer than a line is
    kept whole rather than cut."""
    room = max(width - columns(indent), 10)
    lines: list[str] = []
    line = ""
    for piece in _PIECE.findall(_SPACE.sub(_join, text).strip()):
        if piece == " ":
            if line:
                line += " "
            continue
        if line and columns(line.rstrip() + piece) > room:
            lines.append(line.rstrip())
            line = ""
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(indent + each for each in lines)
