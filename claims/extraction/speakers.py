"""Who is speaking, from the transcript's own labels.

Transcripts mark turns in many ways: `**Sam Altman：**`, `****Sam Altman：****`, `SA:`,
`主持人：`, `**主持人Kevin Wheel：**`, `Kevin Wheel：`, `Sam Altman:`, and sometimes a label
wrapped over two lines (`Sam\\nAltman：`). A label starts a line; everything after it, up to the
next label or the next Markdown heading, is that speaker's. Text before any label (an article's
introduction) and texts without labels have no speaker: nothing is guessed.

A bare "word:" at the start of a line is only a label when the word looks like a name (capitalised
Latin words, initials such as SA) or a role (主持人, 嘉宾, 观众1); anything between ** ** counts.
That keeps header lines such as "发布时间: 2024-10-07" and "原文链接: http://…" out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Label", "find_labels", "speaker_at"]

_ROLE = r"(?:主持人|嘉宾|主讲人|记者|观众|提问者|听众|问|答|Q|A)"
_LATIN_NAME = r"[A-Z][A-Za-z.'’-]+(?:[ \t]*\n?[ \t]*[A-Z][A-Za-z.'’-]+){0,3}|[A-Z]{2,4}"
_LABEL = re.compile(
    r"^[ \t]*(?:"
    # Bold: anything short and colon-free between the asterisks.
    r"(?P<bold>\*{2,4})[ \t]*(?P<bold_name>[^\n*:：]{1,30}?)[ \t]*[:：][ \t]*\*{2,4}"
    # Plain: a role (optionally followed by a number or a name), or a Latin name.
    rf"|(?P<plain_name>{_ROLE}[ \t]*\d{{0,3}}(?:[ \t]*{_LATIN_NAME})?|{_LATIN_NAME})[ \t]*[:：](?!//)"
    r")[ \t]*",
    re.MULTILINE,
)
_ROLE_PREFIX = re.compile(rf"^{_ROLE}(?=[ \t]*[A-Za-z])")
_HEADING = re.compile(r"^[ \t]*#", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Label:
    start: int
    end: int  # just past the label and the spaces after it: the turn's text starts here
    name: str | None  # None marks a heading, which ends the previous speaker's turn


def find_labels(text: str) -> list[Label]:
    """Speaker labels and headings of `text`, in order of position."""
    labels = [Label(m.start(), m.start(), None) for m in _HEADING.finditer(text)]
    for m in _LABEL.finditer(text):
        raw = m.group("bold_name") if m.group("bold") else m.group("plain_name")
        name = " ".join(raw.split())
        if m.group("bold") and name.startswith(("http", "www")):
            continue
        name = _ROLE_PREFIX.sub("", name).strip() or name
        labels.append(Label(m.start(), m.end(), name))
    labels.sort(key=lambda label: (label.start, label.name is not None))
    return labels


def speaker_at(labels: Sequence[Label], position: int, *, starts: Sequence[int] | None = None) -> str | None:
    """The speaker of the text at `position`: the last label at or before it, None after a heading.

    `starts` is `[label.start for label in labels]`, passed in when called in a loop.
    """
    if starts is None:
        starts = [label.start for label in labels]
    index = bisect.bisect_right(starts, position) - 1
    return labels[index].name if index >= 0 else None
