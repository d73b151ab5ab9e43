"""A view of the text without inline pronunciation notes, with a map back to the real offsets.

Some sources annotate characters in place: "我認(rèn)為", "當(dāng)時", "機(jī)會". The notes are part
of the canonical text (SPANS.md: keep them, spans count them), but they split the words the cue
patterns look for (認為 -> 认为, 機會 -> 机会). Matching therefore runs on a derived view with the
notes taken out, and every offset found there goes back to the canonical text through
`Stripped.original`, never the other way round: spans are never stored against the view.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = ["Stripped", "strip_annotations"]

# A parenthesised pinyin syllable straight after a Han character: "認(rèn)".
_ANNOTATION = re.compile(
    r"(?<=[\u3400-\u9fff\U00020000-\U0003134f])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}\)", re.IGNORECASE
)


@dataclass(frozen=True)
class Stripped:
    text: str
    # For each removed note, (position in the view where it was, total length removed up to and
    # including it); empty when the text had none.
    _cuts: tuple[tuple[int, int], ...] = ()
    _ends: tuple[int, ...] = ()  # where each note ended, in the canonical text

    def original(self, position: int) -> int:
        """The offset in the canonical text of `position` in the view."""
        if not self._cuts:
            return position
        index = bisect.bisect_right(self._cuts, (position, float("inf"))) - 1
        return position + (self._cuts[index][1] if index >= 0 else 0)

    def view(self, position: int) -> int:
        """The offset in the view of `position` in the canonical text; a position inside a
        removed note maps to where the note was."""
        if not self._cuts:
            return position
        index = bisect.bisect_right(self._ends, position) - 1
        removed = self._cuts[index][1] if index >= 0 else 0
        following = index + 1
        if following < len(self._cuts):
            at, total = self._cuts[following]
            note_start = at + (removed if index >= 0 else 0)
            if position > note_start:
                return at  # inside the next note
        return position - removed


def strip_annotations(text: str) -> Stripped:
    """The text without inline pronunciation notes, and the way back to real offsets."""
    if "(" not in text:
        return Stripped(text)
    parts: list[str] = []
    cuts: list[tuple[int, int]] = []
    position = 0
    removed = 0
    for m in _ANNOTATION.finditer(text):
        parts.append(text[position : m.start()])
        removed += m.end() - m.start()
        cuts.append((m.start() - (removed - (m.end() - m.start())), removed))
        position = m.end()
    if not cuts:
        return Stripped(text)
    parts.append(text[position:])
    return Stripped("".join(parts), tuple(cuts), tuple(at + total for at, total in cuts))
