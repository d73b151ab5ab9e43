"""Render a source's text with its spans marked, for the admin and the reader pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from claims.models import Span


class SpanLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


# The callbacks are given the spans as passed: a Span's link may read its prediction.
S = TypeVar("S", bound=SpanLike)


def highlight_text(
    text: str,
    spans: Iterable[S],
    *,
    link: Callable[[S], str] | None = None,
    label: Callable[[S], str] | None = None,
    anchor: Callable[[S], str] | None = None,
) -> SafeString:
    """HTML of `text` with each span in a <mark>; overlapping spans split into segments.

    Each segment is marked by the spans covering it; `link` turns the first of them into
    an anchor's href, `label` into its title. `anchor` gives each span an empty element with
    that id where it starts, so a page can link to #that-id. Offsets are code points, as stored.
    """
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    bounds = sorted({0, len(text), *(b for s in ordered for b in (s.start, s.end))})
    parts: list[str] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        if anchor:
            parts += [
                format_html('<span class="span-anchor" id="{}"></span>', anchor(s))
                for s in ordered
                if s.start == left
            ]
        piece = escape(text[left:right])
        covering = [s for s in ordered if s.start <= left and right <= s.end]
        if not covering:
            parts.append(piece)
            continue
        first = covering[0]
        title = label(first) if label else ""
        mark = format_html(
            '<mark class="span{}" title="{}">{}</mark>',
            " span-overlap" if len(covering) > 1 else "",
            title,
            mark_safe(piece),
        )
        if link:
            mark = format_html('<a href="{}">{}</a>', link(first), mark)
        parts.append(mark)
    return mark_safe("".join(parts))


def quote_in_context(prefix: str, quote: str, suffix: str) -> SafeString:
    return format_html("…{}<mark>{}</mark>{}…", prefix, quote, suffix)


# A span in its source, as the dashboard's prediction page and the admin's review desk show it.
# How far a span's context reaches on each side, in code points, within its paragraph
# (up to a blank line: transcripts break lines inside paragraphs).
CONTEXT_REACH = 240


@dataclass(frozen=True)
class _Offsets:
    start: int
    end: int


@dataclass(frozen=True)
class SpanInContext:
    span: Span
    html: SafeString
    cut_before: bool
    cut_after: bool
    reader_url: str


def span_in_context(span: Span, *, reach: int = CONTEXT_REACH) -> SpanInContext:
    """The span's paragraph (at most `reach` code points either side) with the quote highlighted."""
    text = span.source.text
    left = text.rfind("\n\n", 0, span.start)
    left = 0 if left == -1 else left + 2
    right = text.find("\n\n", span.end)
    right = len(text) if right == -1 else right
    cut_before, cut_after = span.start - left > reach, right - span.end > reach
    if cut_before:
        left = span.start - reach
    if cut_after:
        right = span.end + reach
    # claims.display builds on this module's highlighting, so it is imported here.
    from claims.display import render_source

    html = render_source(text[left:right], [_Offsets(span.start - left, span.end - left)])
    # A long source is read in pages: ?at= opens the one holding the span.
    page = f"?at={span.start}" if len(text) > settings.SOURCE_PAGE_CHARS else ""
    url = reverse("dashboard:source", args=[span.source_id]) + f"{page}#span-{span.pk}"
    return SpanInContext(span, html, cut_before, cut_after, url)
