"""A view of the text without transcript markup, with a map back to the real offsets.

Sources carry markup in the words themselves: inline pronunciation notes ("我認(rèn)為",
"當(dāng)時"), HTML entities from a web page ("we&#39;ll", "won&#39;t", "AT&amp;T"), stray inline
tags ("<i>will</i>", "<br>"), Markdown emphasis ("我们**将在2025年**发布", "__will__") and escapes
("2月\\~3月"). They are
part of the canonical text (SPANS.md: keep them, spans count them), but they split the words the
cue and horizon patterns look for. Matching therefore runs on a derived view with the notes, tags
and emphasis markers taken out and each entity replaced by its character, and every offset found
there goes back to the canonical text through `View.original` / `View.original_end`, never the
other way round: spans are never stored against the view.

Headings (#), list markers and speaker labels stay in the view: they say where sentences and
turns start.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

from claims.regexes import guarded

__all__ = ["View", "matching_view"]

_HAN = r"\u3400-\u9fff\U00020000-\U0003134f"
_CUE_TIME = r"(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}"
_CUE_TIMING = rf"{_CUE_TIME}[ \t]+-->[ \t]+{_CUE_TIME}"
_MARKUP_PATTERN = (
    # A parenthesised pinyin syllable straight after a Han character: "認(rèn)".
    rf"(?P<note>(?<=[{_HAN}])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{{1,7}}\))"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,7});)"
    # A time code linked to its place in the recording ("[12:18](https://www.youtube.com/watch?v=…&t=738s) "):
    # where the words are, not words, and its address's "?" is no question.
    r"|(?P<stamp>\[(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?\]\((?:https?://|/)[^()\s]{1,500}\)[ \t]?)"
    r"|(?P<newline><br\s*/?>|</?p\b[^>\n]{0,200}>)"
    # ...a caption's voice and class tags too ("<v Jane Doe>", "<c.colorE5E5E5>") and the time
    # stamps inside its words ("<00:00:01.520>").
    r"|(?P<tag></?(?:i|b|u|em|strong|span|font|sup|sub|mark|a|c|v)\b[^>\n]{0,200}>|<(?:\d{1,2}:)?\d{2}:\d{2}\.\d{3}>)"
    # A caption file's cue break (WebVTT, SRT): the blank line, the cue's number and its timing
    # line read as one line break, so a sentence spoken across two cues is one sentence.
    rf"|(?P<cue>(?:\n[ \t]*\n(?:[^\n]{{1,60}}\n)?|(?<![^\n])(?:\d{{1,6}}[ \t]*\n)?){_CUE_TIMING}[^\n]*(?:\n|$))"
    r"|(?P<emphasis>\*{2,}|(?<![A-Za-z0-9_])_{2,}|_{2,}(?![A-Za-z0-9_]))"
    # A Markdown escape reads as the character it escapes: "（2023年2月\~3月初）" is a range of months.
    r"|(?P<escape>\\(?=[~*_\[\]()#+\-.!`|<>{}\\]))"
    # A Markdown link reads as its words: "[Microsoft](https://…)'s vice president" is
    # "Microsoft's vice president" (an address inside a sentence is not a link list's boilerplate).
    # Only inside running text: a line of links ("[3、[演讲总结…](http://…)") is a link list.
    r"|(?P<link>\[(?:(?<=\w \[)|(?<=[,;:，；] \[)|(?<=\w\[))"
    r"(?P<link_text>[^\[\]\n]{1,200})\]\((?:https?://|/)[^()\s]{1,500}\))"
)
_MARKUP = re.compile(guarded(_MARKUP_PATTERN, re.IGNORECASE), re.IGNORECASE)
_MAY_HAVE_MARKUP = re.compile(r"[(&<\[\\]|\*\*|__|-->")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _bmp_stand_in(m: re.Match[str]) -> str:
    # A Han character of the supplementary planes (𠮷) stays a Han character for the patterns.
    return "\u5b57" if "\U00020000" <= m.group() <= "\U0003134f" else "\ufffc"


@dataclass(frozen=True)
class View:
    text: str
    # For each removed run, (position in the view where it was, total length removed up to and
    # including it); empty when the text had no markup.
    _cuts: tuple[tuple[int, int], ...] = ()
    _ends: tuple[int, ...] = ()  # where each removed run ended, in the canonical text
    # View positions holding a character that stands for several (an entity): how many.
    _wide: dict[int, int] = field(default_factory=dict)

    def original(self, position: int) -> int:
        """The offset in the canonical text of `position` in the view."""
        if not self._cuts:
            return position
        index = bisect.bisect_right(self._cuts, (position, float("inf"))) - 1
        return position + (self._cuts[index][1] if index >= 0 else 0)

    def original_end(self, end: int) -> int:
        """The canonical end offset of a view range ending at `end`: just past the last
        character's source, so an entity at the end of a quote is quoted whole."""
        if end <= 0:
            return 0
        return self.original(end - 1) + self._wide.get(end - 1, 1)

    def view(self, position: int) -> int:
        """The offset in the view of `position` in the canonical text; a position inside a
        removed run maps to where the run was."""
        if not self._cuts:
            return position
        index = bisect.bisect_right(self._ends, position) - 1
        removed = self._cuts[index][1] if index >= 0 else 0
        following = index + 1
        if following < len(self._cuts):
            at, _ = self._cuts[following]
            run_start = at + removed
            if position > run_start:
                return at  # inside the next run
        return position - removed


def matching_view(text: str) -> View:
    """The text as the cue patterns should read it, and the way back to real offsets.

    Characters beyond the Basic Multilingual Plane (😀, 🌟, 𠮷) become one BMP character each, so
    the view keeps every offset but is stored two bytes a character instead of four: one emoji
    would otherwise double the memory of the whole view and slow every pattern over it.
    """
    if text and max(text) > "\uffff":
        text = _ASTRAL.sub(_bmp_stand_in, text)
    if _MAY_HAVE_MARKUP.search(text) is None:
        return View(text)
    parts: list[str] = []
    cuts: list[tuple[int, int]] = []
    ends: list[int] = []
    wide: dict[int, int] = {}
    position = 0  # in the canonical text
    at = 0  # in the view
    removed = 0
    for m in _MARKUP.finditer(text):
        parts.append(text[position : m.start()])
        at += m.start() - position
        kind = m.lastgroup
        if kind == "link":
            # "[" cut, the link's words kept, "](address)" cut.
            removed += 1
            cuts.append((at, removed))
            ends.append(m.start() + 1)
            words = m.group("link_text")
            parts.append(words)
            at += len(words)
            removed += m.end() - m.end("link_text")
            cuts.append((at, removed))
            ends.append(m.end())
            position = m.end()
            continue
        length = m.end() - m.start()
        keep = ""
        if kind == "entity":
            decoded = html.unescape(m.group())
            if decoded == m.group():  # not an entity ("&nope;"): plain text
                parts.append(decoded)
                at += length
                position = m.end()
                continue
            keep = decoded.replace("\u00a0", " ") if len(decoded) == 1 else ""
        elif kind in ("newline", "cue"):
            keep = "\n"
        if keep:
            parts.append(keep)
            wide[at] = length
            at += 1
            length -= 1
        removed += length
        cuts.append((at, removed))
        ends.append(m.end())
        position = m.end()
    if not cuts:
        return View(text)
    parts.append(text[position:])
    return View("".join(parts), tuple(cuts), tuple(ends), wide)
