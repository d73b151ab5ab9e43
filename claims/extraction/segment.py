"""Sentences and clauses as code-point offsets into the canonical text, never as copies.

Common splitters return strings (so the offsets are lost) and cut after a full stop even when a
closing quote follows it (so ”, 」 or ) starts the next sentence). Here a sentence is a half-open
range [start, end) into the very text that was given, trimmed of surrounding whitespace and
markup, with its closing quotes and brackets kept. Astral characters (😀, 𠮷) are one code point
each, so nothing special is needed for them; the text is expected to be canonical (LF only, see
claims.text), and a lone CR is treated like LF anyway.

A line break ends a sentence only when it has to: after a terminator, before a blank line, or
before a line that starts something new (a heading, a list item, a link, a speaker label, a
"key: value" line). Otherwise it is a soft wrap, as the seed articles have in mid-sentence
("O1\\n模型"). In a subtitle transcript, whose lines each open with a time stamp, a line goes on
into the next unless that one starts a new sentence (see _subtitle_goes_on).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claims.extraction.speakers import STAMPED_LINE, SUBTITLE_STAMP, is_header_key

__all__ = ["Sentence", "split_clauses", "split_sentences"]


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    # The sentence ended at a blank line, a structural line break or the end of the text rather
    # than at a terminator (a heading, a list item, a title).
    unterminated: bool = False


# Terminators: Chinese and ASCII full stops, question and exclamation marks (ASCII '.' only
# before whitespace or the end, closing marks aside, so 2.5, GPT-4.5 and example.com stay whole).
# A run of ASCII question marks inside a word is mojibake (characters lost to a bad encoding,
# "非??斓"), not a question: it ends a sentence only before a space, a closer or the end.
_TERMINATOR = (
    r"[。！？!｡]+\??|(?<!\?)\?(?!\?)|\?{2,}(?=[\s”’」』)]|$)"
    r"|\.(?=[\"'”’)\]]*(?:\s|$))|…{2,}(?=[\s”’」』]|$)"
)
# What a sentence keeps after its terminator: closing quotes, brackets and emphasis markers.
_CLOSERS = "”’」』》〉）)]】*"
# A line that starts something new, so the line break before it ends the sentence.
_STRUCTURAL_LINE = re.compile(
    r"[ \t]*(?:"
    r"#|>|\*|[-+·•▪●](?=\s|\S)|\d{1,2}[.、)](?!\d)|[(（]\d{1,2}[)）]"  # headings, quotes, lists
    r"|!?\["  # links and images
    r"|[^\s:：。，,；;!?？！]{1,14}[ \t]*[:：]"  # "key: value" lines and speaker labels
    r"|[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,3}[ \t]*[:：]"  # "Sam Altman:"
    r")"
)
_BREAK = re.compile(rf"(?P<term>{_TERMINATOR})|(?P<nl>\n[ \t]*(?:\n[ \t]*)*)|\r")
# A time stamp opening a line ("(35:25) 謝謝"), as subtitle transcripts have on every line, is the
# line's markup: the words after it are the sentence.
_LEADING_MARKUP = re.compile(
    rf"(?:[\s*#>·•▪●_]+|[-+](?=\s)|\d{{1,2}}[.、](?!\d)\s*|(?<![^\n]){SUBTITLE_STAMP}[ \t]*)+"
)
_TRAILING_MARKUP = re.compile(r"[\s*_]+$")


def split_sentences(text: str, *, separators: Iterable[tuple[int, int]] = ()) -> list[Sentence]:
    """Every sentence of `text`, in order, as offsets.

    `separators` are ranges that belong to no sentence and end the one before them (speaker
    labels such as "**Sam Altman：**"). Empty sentences (markup only) are dropped.
    """
    cuts = sorted(separators)
    sentences: list[Sentence] = []
    position = 0
    for cut_start, cut_end in cuts:
        if cut_start < position:
            continue  # overlapping separators: the first one wins
        _split_range(text, position, cut_start, sentences)
        position = cut_end
    _split_range(text, position, len(text), sentences)
    return sentences


def _split_range(text: str, lo: int, hi: int, out: list[Sentence]) -> None:
    start = lo
    for m in _BREAK.finditer(text, lo, hi):
        if m.start() < start:
            continue  # inside closers already consumed
        if m.group("term") is not None:
            end = _after_closers(text, m.end(), hi, start)
            _emit(text, start, end, False, out)
            start = end
            continue
        # A line break: a sentence boundary only when the text says so.
        blank = (m.group(0).count("\n") > 1 and not _broken_paragraph(text, m, hi)) or m.group(0) == "\r"
        if not blank and m.end() < hi and _subtitle_goes_on(text, m, hi):
            continue
        if (
            blank
            or m.end() >= hi
            or _STRUCTURAL_LINE.match(text, m.end(), hi)
            or _title_line_ends(text, m, hi)
            or _closed_line_ends(text, m, lo)
            or _headline_ends(text, m, lo, hi)
            or _stage_marker_around(text, m, hi)
        ):
            _emit(text, start, m.start(), True, out)
            start = m.end()
    _emit(text, start, hi, True, out)


# A line in title case ("The Next Five Years of Artificial Intelligence", "Major Challenges"):
# every word but the short function words capitalised, no comma. A soft wrap ends mid-phrase,
# so before a line that starts with a capital such a line is a title, not half a sentence.
_TITLE_CASE_LINE = re.compile(
    r"[ \t]*[A-Z0-9][\w'’.&-]*(?:[ \t]+(?:[A-Z0-9&–—:-][\w'’.&-]*"
    r"|(?:a|an|the|of|to|for|and|or|in|on|at|by|with|from|as|vs\.?)(?![\w'’])))+[ \t]*$"
)
_CAPITAL_START = re.compile(r"[ \t]*[\"“‘'(]?[A-Z]")


def _title_line_ends(text: str, m: re.Match[str], hi: int) -> bool:
    line_start = text.rfind("\n", 0, m.start()) + 1
    return bool(
        m.start() - line_start <= 80
        and _CAPITAL_START.match(text, m.end(), hi)
        and _TITLE_CASE_LINE.fullmatch(text, line_start, m.start())
    )


# A headline or section title in sentence case ("Here’s what experts expect from AI in 2026", "The
# bubble won’t pop"): a short line that starts a paragraph, ends on a word with no terminator and
# is followed by a line starting with a capital. A soft wrap ends mid-phrase (on "the", "of", a
# comma) and follows on from the line before it, which did not end a sentence.
_HEADLINE = re.compile(r"[ \t]*[\"“‘'(]?[A-Z0-9][^\n.!?]{1,68}[A-Za-z0-9”\"’')]")
_OPEN_END = re.compile(
    r"(?<![\w'’])(?:a|an|the|of|to|for|and|or|but|nor|in|on|at|by|with|from|as|that|which|who|than|if|is|are|was"
    r"|were|be|will|would|can|could|this|these|those|its|their|our|my|his|her|your|not)[ \t]*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)\]]*[ \t]*$")


def _headline_ends(text: str, m: re.Match[str], lo: int, hi: int) -> bool:
    line_start = text.rfind("\n", 0, m.start()) + 1
    if line_start < lo or not _CAPITAL_START.match(text, m.end(), hi):
        return False
    if not _HEADLINE.fullmatch(text, line_start, m.start()) or _OPEN_END.search(text, line_start, m.start()):
        return False
    before = text[max(lo, line_start - 200) : line_start].rstrip()
    return line_start == lo or not before or _SENTENCE_END.search(before) is not None


# A line the next one never continues ends at its line break: a Markdown heading ("### 未来展望",
# "### 朱军"), a header's "key: value" ("来源：云头条", "摘要：…", "数据来源：爱立信"): the line after
# it starts a paragraph of its own. (A line all in bold is one too: bold_line_ends.)
_MARKDOWN_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]")
_HEADER_LINE = re.compile(r"[ \t]*(?P<key>[^\s:：*#]{1,12}?)[ \t]*[:：]")


def _closed_line_ends(text: str, m: re.Match[str], lo: int) -> bool:
    line_start = text.rfind("\n", 0, m.start()) + 1
    if line_start < lo:
        return False
    if _MARKDOWN_HEADING.match(text, line_start, m.start()):
        return True
    header = _HEADER_LINE.match(text, line_start, m.start())
    return header is not None and is_header_key(header.group("key"))


def bold_line_ends(text: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """The ends of the lines of `text[lo:hi]` that are all in Markdown bold ("**不同机构的定义**"), a
    heading the next line never continues. Found in the canonical text: the matching view drops
    the markers, so split_sentences gets these as separators."""
    hi = len(text) if hi is None else hi
    if text.find("**", lo, hi) < 0:  # most blocks: no copy of the block to find out
        return []
    return [m.end() for m in _BOLD_LINE.finditer(text, lo, hi)]


_BOLD_LINE = re.compile(r"^[ \t]*\*\*[^*\n]+\*\*[ \t]*(?=\n)", re.MULTILINE)


# A broadcast transcript's stage direction on its own line: "(BEGIN VIDEOTAPE)", "(CROSSTALK)",
# "(COMMERCIAL BREAK)", "[13:00:00]". It belongs to no sentence on either side of it.
_STAGE_MARKER = re.compile(r"[ \t]*(?:\([A-Z][A-Z0-9 ,.'’/-]{2,40}\)|\[\d{1,2}:\d{2}(?::\d{2})?\])[ \t]*")


def _stage_marker_around(text: str, m: re.Match[str], hi: int) -> bool:
    line_start = text.rfind("\n", 0, m.start()) + 1
    next_end = text.find("\n", m.end(), hi)
    return bool(
        _STAGE_MARKER.fullmatch(text, line_start, m.start())
        or _STAGE_MARKER.fullmatch(text, m.end(), next_end if next_end >= 0 else hi)
    )


# A subtitle transcript: every line one segment of speech opened by its time stamp
# ("(36:19) 目前有一些調研機構的數字"), and a machine transcript puts no punctuation in. A statement
# runs over several lines, so a line goes on into the next one unless that one opens a new
# sentence with the words spoken Chinese starts one with (那, 所以, 我想, 其實, 但是…); with
# punctuation, the terminators end the sentences as anywhere else.
_SPOKEN_OPENER = re.compile(
    rf"[ \t]*{SUBTITLE_STAMP}[ \t]*(?:那|所以|我想|其[實实]|但是|不[過过]|因[為为]|因此|另外|[當当]然|然[後后]|首先|最[後后]|"
    r"好的|好[ \t]|[謝谢][謝谢]|想?[請请]問|[對对]於)"
)


def _subtitle_goes_on(text: str, m: re.Match[str], hi: int) -> bool:
    if not STAMPED_LINE.match(text, m.end(), hi):
        return False  # the common case, decided on the next line's first character
    line_start = text.rfind("\n", 0, m.start()) + 1
    return bool(
        STAMPED_LINE.match(text, line_start, m.start()) and not _SPOKEN_OPENER.match(text, m.end(), hi)
    )


def _broken_paragraph(text: str, m: re.Match[str], hi: int) -> bool:
    """A blank line in mid-sentence, as scraped transcripts have ("And we're\\n\\ngoing to be…"):
    a word or comma before it, a lower-case word after it. A paragraph never starts lower-case."""
    before = text[m.start() - 1] if m.start() > 0 else ""
    after = text[m.end()] if m.end() < hi else ""
    return bool(before) and (before.isascii() and (before.isalpha() or before == ",")) and "a" <= after <= "z"


def _after_closers(text: str, pos: int, hi: int, sentence_start: int) -> int:
    """Move past the closing quotes and brackets that belong to the sentence ending at `pos`."""
    while pos < hi:
        ch = text[pos]
        if ch in _CLOSERS:
            pos += 1
        elif ch in "\"'" and text.count(ch, sentence_start, pos) % 2 == 1:
            pos += 1  # an ASCII quote closes one opened earlier in the sentence
        else:
            break
    return pos


def _emit(text: str, start: int, end: int, unterminated: bool, out: list[Sentence]) -> None:
    lead = _LEADING_MARKUP.match(text, start, end)
    if lead:
        start = lead.end()
    trail = _TRAILING_MARKUP.search(text, start, end)
    if trail and trail.start() >= start:
        # Keep a closing emphasis that pairs with one inside the sentence ("**注意**").
        end = trail.start()
    if end > start:
        out.append(Sentence(start, end, unterminated))


_CLAUSE_BREAK = re.compile(r"[,，;；:：、]|——|--")


def split_clauses(text: str, sentence: Sentence | tuple[int, int]) -> Sequence[tuple[int, int]]:
    """The clauses of one sentence as (start, end) offsets, split at commas, semicolons, colons
    and dashes. The punctuation stays with the clause before it, so the clauses tile the sentence."""
    start, end = (sentence.start, sentence.end) if isinstance(sentence, Sentence) else sentence
    clauses: list[tuple[int, int]] = []
    position = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        clauses.append((position, m.end()))
        position = m.end()
    if position < end:
        clauses.append((position, end))
    return clauses
