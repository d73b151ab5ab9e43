"""A source's text as written: its Markdown structure rendered, pinyin annotations hidden, and every
span still marking exactly its words.

`display_pieces` is the one mapping from stored code-point offsets to displayed text: it turns the
stored text into block events and `Text(start, end)` runs of stored offsets that are shown as they
are. Markup (`#`, `**`, list markers, a link's `](url)`) and hidden pinyin fall between runs, so a
span's displayed text is the stored characters of the runs inside it, and `render_source` marks
exactly those. Nothing from the source is trusted as HTML (markdown-it runs with `html=False`,
everything is escaped) and links are kept only for http(s) addresses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import regex
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from claims.highlight import S

# Tone-marked pinyin in ASCII or full-width parentheses right after a Han character, e.g.
# `認(rèn)為`, `發（fā）布`: an annotation for readers of Simplified Chinese, not the speaker's words.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = regex.compile(
    rf"(?<=\p{{Han}})[(（][a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*(?:[ '][a-zü{_TONED}]+)*[)）]",
    regex.IGNORECASE,
)
# What may stand between a line's start and its first shown character: indentation and block
# markers (`#`, `>`, `-`, `*`, `+`, `1.`, `1)`).
_MARKER_CHARS = frozenset(" \t>#*+-.)0123456789")
_BLOCK_TAGS = {
    "heading": None,  # h1..h6, from the token's tag
    "paragraph": "p",
    "bullet_list": "ul",
    "ordered_list": "ol",
    "list_item": "li",
    "blockquote": "blockquote",
}
_EMPHASIS_TAGS = {"strong": "strong", "em": "em"}
_INLINE_TAGS = {"strong", "em", "a"}


@dataclass(frozen=True)
class Text:
    """Stored text[start:end], shown as it is."""

    start: int
    end: int


@dataclass(frozen=True)
class Open:
    tag: str
    href: str = ""
    start: int = 1  # an ordered list's first number


@dataclass(frozen=True)
class Close:
    tag: str


@dataclass(frozen=True)
class Break:
    """A line break inside a block (transcripts break lines inside paragraphs)."""


Piece = Text | Open | Close | Break


def _strong(state: StateInline, silent: bool) -> bool:
    """`**…**` on one line is bold whatever surrounds it. CommonMark's flanking rules refuse to
    close `**名字：**他說` (punctuation before the closing run, a letter after), which is how
    transcripts label speakers."""
    src, pos = state.src, state.pos
    if not src.startswith("**", pos):
        return False
    end = src.find("**", pos + 2)
    line_end = src.find("\n", pos)
    if end == -1 or (line_end != -1 and line_end < end) or end == pos + 2:
        return False
    inner = src[pos + 2 : end]
    # `** _合作请联系…_**`: a whole line in `**`, spaces inside the markers and all, is bold (how
    # converted articles bold a styled line); elsewhere a space inside `** x **` is no emphasis.
    opens_line = not src[src.rfind("\n", 0, pos) + 1 : pos].strip(" \t")
    closes_line = not src[end + 2 : len(src) if line_end == -1 else line_end].strip(" \t")
    if not (opens_line and closes_line and inner.strip()) and (inner[0].isspace() or inner[-1].isspace()):
        return False
    if inner.lstrip().startswith("*") or inner.rstrip().endswith("*"):
        return False
    if not silent:
        state.push("strong_open", "strong", 1).markup = "**"
        old_max = state.posMax
        state.pos, state.posMax = pos + 2, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("strong_close", "strong", -1).markup = "**"
    state.pos = end + 2
    return True


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    # Every rule left on shows its content as a literal slice of the source, which is what lets
    # display_pieces find each shown run's stored offsets. Off: rules that decode (entities,
    # backslash escapes), rewrite (code spans, indented and fenced code), or hide text in
    # attributes (autolinks, link reference definitions). Images stay on so that they are left out
    # whole: the page loads nothing from a source, and `![](…)` is not the speaker's words.
    md.disable(
        ["entity", "escape", "backticks", "autolink", "html_inline", "html_block"]
        + ["code", "fence", "reference"]
    )
    md.inline.ruler.before("emphasis", "strong_on_a_line", _strong)
    md.block.ruler.before(
        "paragraph", "outdented_line_ends_item", _outdented_line_ends_item, {"alt": ["paragraph"]}
    )
    return md


def _outdented_line_ends_item(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
    """A line less indented than its list item's text ends the item: texts written one paragraph a
    line (no blank lines between) have `1. 第一點` followed by the next paragraph, which
    CommonMark would make a lazy continuation of the item, and with it every line after.
    Only ever a paragraph's terminator (`silent`): as a block rule of its own it matches nothing."""
    return silent and state.sCount[line] < state.blkIndent


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [i + 1 for i, char in enumerate(text) if char == "\n"]
    return starts


def _at_line_start(text: str, content: str, line_start: int) -> int:
    """Where `content` starts on the line, past indentation and block markers only."""
    pos = line_start
    while True:
        if text.startswith(content, pos):
            return pos
        if pos >= len(text) or text[pos] not in _MARKER_CHARS:
            return text.find(content, line_start)
        pos += 1


def _past_link_tail(text: str, pos: int) -> int:
    """The offset after a link's `](destination "title")`, from the `]`."""
    pos = text.find("](", pos)
    if pos == -1:
        return len(text)
    depth, pos = 0, pos + 1
    while pos < len(text):
        if text[pos] == "(":
            depth += 1
        elif text[pos] == ")":
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return pos


def _safe_href(token: Token) -> str:
    href = str(token.attrs.get("href", ""))
    return href if re.match(r"https?://", href, re.IGNORECASE) else ""


def _inline_pieces(text: str, inline: Token, line_starts: list[int]) -> Iterator[Piece]:
    assert inline.map is not None
    line = inline.map[0]
    cursor, fresh_line = line_starts[line], True
    for child in inline.children or []:
        if child.type == "text":
            if not child.content:
                continue
            start = (
                _at_line_start(text, child.content, cursor)
                if fresh_line
                else text.find(child.content, cursor)
            )
            if start == -1:  # cannot happen for the rules left on; shown nothing rather than wrong offsets
                continue
            cursor, fresh_line = start + len(child.content), False
            yield Text(start, cursor)
        elif child.type == "image":
            cursor, fresh_line = _past_link_tail(text, text.find("![", cursor)), False
        elif child.type in ("softbreak", "hardbreak"):
            newline = text.find("\n", cursor)
            cursor, fresh_line = (len(text) if newline == -1 else newline + 1), True
            yield Break()
        elif child.type.endswith(("_open", "_close")):
            kind, _, side = child.type.rpartition("_")
            if kind == "link":
                if side == "open":
                    cursor = text.find("[", cursor) + 1
                    yield Open("a", _safe_href(child))
                else:
                    cursor = _past_link_tail(text, cursor)
                    yield Close("a")
                fresh_line = False
            elif kind in _EMPHASIS_TAGS:
                found = text.find(child.markup, cursor)
                if found != -1:
                    cursor = found + len(child.markup)
                fresh_line = False
                yield (Open if side == "open" else Close)(_EMPHASIS_TAGS[kind])


def display_pieces(text: str, *, hide_pinyin: bool = True) -> list[Piece]:
    """The stored text as shown: block and inline structure, and the runs of stored offsets shown.

    Runs are in text order and never overlap; a stored character is shown iff a run covers it.
    """
    line_starts = _line_starts(text)
    pieces: list[Piece] = []
    for token in _parser().parse(text):
        kind = token.type.rpartition("_")[0] if token.type.endswith(("_open", "_close")) else token.type
        if kind in _BLOCK_TAGS and not token.hidden:  # tight lists hide their paragraphs
            tag = _BLOCK_TAGS[kind] or token.tag
            start = int(token.attrs.get("start", 1))  # `9. …` after a blank line is a list from 9
            pieces.append(Open(tag, start=start) if token.nesting == 1 else Close(tag))
        elif token.type == "hr":
            pieces.append(Open("hr"))
        elif token.type == "inline":
            pieces.extend(_inline_pieces(text, token, line_starts))
    if hide_pinyin:
        pieces = list(_without(pieces, [(m.start(), m.end()) for m in _PINYIN.finditer(text)]))
    return _without_empty_blocks(pieces)


def _without_empty_blocks(pieces: list[Piece]) -> list[Piece]:
    """The pieces without blocks that show nothing (a line holding only an image leaves an empty
    paragraph, and a list of such items an empty list), without breaks that start or end a block or
    follow another break (the lines around an image-only line), and one of two rules that meet."""
    kept: list[Piece] = []
    # For each open block: where its Open is in `kept`, and whether a run was shown since.
    blocks: list[tuple[int, bool]] = []
    shown_since_break = False
    for piece in pieces:
        if isinstance(piece, Open) and piece.tag not in _INLINE_TAGS | {"hr"}:
            blocks.append((len(kept), False))
            kept.append(piece)
            shown_since_break = False
        elif isinstance(piece, Open) and piece.tag == "hr":  # a rule shows, and opens no block
            if kept and kept[-1] == piece:  # two rules left meeting (an image between): one says it
                continue
            kept.append(piece)
            if blocks:
                blocks[-1] = (blocks[-1][0], True)
        elif isinstance(piece, Close) and piece.tag not in _INLINE_TAGS:
            opened_at, shown = blocks.pop()
            while isinstance(kept[-1], Break):
                kept.pop()
            if shown:
                kept.append(piece)
                if blocks:
                    blocks[-1] = (blocks[-1][0], True)
            else:
                del kept[opened_at:]
            shown_since_break = False
        elif isinstance(piece, Break):
            if shown_since_break:
                kept.append(piece)
            shown_since_break = False
        else:
            if isinstance(piece, Text):
                shown_since_break = True
                if blocks:
                    blocks[-1] = (blocks[-1][0], True)
            kept.append(piece)
    return kept


def _without(pieces: list[Piece], hidden: list[tuple[int, int]]) -> Iterator[Piece]:
    """The pieces with the `hidden` ranges (sorted, disjoint) cut out of their runs."""
    index = 0
    for piece in pieces:
        if not isinstance(piece, Text):
            yield piece
            continue
        start = piece.start
        while index < len(hidden) and hidden[index][1] <= start:
            index += 1
        probe = index
        while probe < len(hidden) and hidden[probe][0] < piece.end:
            left, right = hidden[probe]
            if left > start:
                yield Text(start, left)
            start = max(start, right)
            probe += 1
        if start < piece.end:
            yield Text(start, piece.end)


def without_pinyin(text: str) -> str:
    """`text` as a reader sees it outside a source page: a statement copied from a source with
    its pinyin annotations (`我認(rèn)為`) reads `我認為`, as the source page shows it."""
    return _PINYIN.sub("", text)


def shown_text(text: str, start: int, end: int, *, hide_pinyin: bool = True) -> str:
    """What a reader sees of text[start:end]: its shown characters, markup and pinyin left out."""
    return "".join(
        text[max(p.start, start) : min(p.end, end)]
        for p in display_pieces(text, hide_pinyin=hide_pinyin)
        if isinstance(p, Text) and p.start < end and start < p.end
    )


def render_source(
    text: str,
    spans: Iterable[S],
    *,
    hide_pinyin: bool = True,
    link: Callable[[S], str] | None = None,
    label: Callable[[S], str] | None = None,
    anchor: Callable[[S], str] | None = None,
) -> SafeString:
    """HTML of the text as written, each span's shown characters in a <mark>, as highlight_text
    marks them in the text as stored (same classes, titles, links and anchors)."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    bounds = sorted({b for s in ordered for b in (s.start, s.end)})
    anchors_left = list(ordered) if anchor else []
    parts: list[str] = []
    in_link = False

    def place_anchors(upto: int) -> None:
        # An anchor goes before the first shown character at or after its span's start.
        while anchor and anchors_left and anchors_left[0].start <= upto:
            parts.append(
                format_html('<span class="span-anchor" id="{}"></span>', anchor(anchors_left.pop(0)))
            )

    for piece in display_pieces(text, hide_pinyin=hide_pinyin):
        if isinstance(piece, Break):
            parts.append("<br>\n")
        elif isinstance(piece, Open):
            if piece.tag == "a":
                in_link = bool(piece.href)
                if in_link:
                    parts.append(format_html('<a href="{}" rel="noopener noreferrer nofollow">', piece.href))
            elif piece.tag == "hr":
                parts.append("<hr>")
            elif piece.start != 1:
                parts.append(f'<{piece.tag} start="{piece.start}">')
            else:
                parts.append(f"<{piece.tag}>")
        elif isinstance(piece, Close):
            if piece.tag == "a":
                if in_link:
                    parts.append("</a>")
                in_link = False
            else:
                parts.append(f"</{piece.tag}>\n" if piece.tag not in ("strong", "em") else f"</{piece.tag}>")
        else:
            cuts = [piece.start, *(b for b in bounds if piece.start < b < piece.end), piece.end]
            for left, right in zip(cuts, cuts[1:], strict=False):
                place_anchors(left)
                chunk = escape(text[left:right])
                covering = [s for s in ordered if s.start <= left and right <= s.end]
                if not covering:
                    parts.append(chunk)
                    continue
                first = covering[0]
                mark = format_html(
                    '<mark class="span{}" title="{}">{}</mark>',
                    " span-overlap" if len(covering) > 1 else "",
                    label(first) if label else "",
                    mark_safe(chunk),
                )
                if link and not in_link:  # no link inside a link
                    mark = format_html('<a href="{}">{}</a>', link(first), mark)
                parts.append(mark)
    place_anchors(len(text))
    return mark_safe("".join(parts))
