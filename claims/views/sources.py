"""`/sources/<id>/`: the text as written (or as stored), every span highlighted and linked to its
prediction; a long text is read in pages of SOURCE_PAGE_CHARS code points, cut by the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from claims.display import render_source
from claims.highlight import highlight_text
from claims.models import Source, Span, Status
from claims.spans import splits_grapheme


@dataclass(frozen=True)
class _OnPage:
    """The part of a span on the page shown, in page offsets."""

    span: Span
    start: int
    end: int


@dataclass(frozen=True)
class TextPage:
    number: int  # from 0
    start: int
    end: int
    text: str
    last: bool


def page_cut(window: str, window_start: int, nominal: int, reach: int) -> int:
    """Where the page that nominally starts at `nominal` starts: just after the last line break in
    the `reach` code points before it, so pages end at a line where the text has lines."""
    if nominal <= 0:
        return 0
    left = max(nominal - reach, window_start)
    found = window.rfind("\n", left - window_start, nominal - window_start)
    if found != -1:
        return window_start + found + 1
    # No line to cut at: at least never cut a character (an emoji with its skin tone, a flag) in two.
    cut = nominal - window_start
    while cut > left - window_start and cut < len(window) and splits_grapheme(window, cut):
        cut -= 1
    return window_start + cut


def text_page(pk: int, number: int) -> tuple[Source, TextPage]:
    """Page `number` of the source's text: nominally [number, number + 1) × SOURCE_PAGE_CHARS, each
    end moved back to a line boundary, read in one query without loading the rest of the text."""
    size = settings.SOURCE_PAGE_CHARS
    reach = size // 5
    low, high = max(number * size - reach, 0), (number + 1) * size
    source = get_object_or_404(Source.objects.with_text_between(low, high), pk=pk)
    window: str = source.text_part  # type: ignore[attr-defined]  # with_text_between
    length: int = source.text_length
    start = page_cut(window, low, number * size, reach)
    last = high >= length
    end = length if last else page_cut(window, low, high, reach)
    return source, TextPage(number, start, end, window[start - low : end - low], last)


def page_of(pk: int, offset: int) -> int:
    """The page holding code point `offset` (it may sit just past a nominal page's start)."""
    number = max(offset, 0) // settings.SOURCE_PAGE_CHARS
    _, page = text_page(pk, number + 1)
    return number + 1 if page.start <= offset and page.start < page.end else number


def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        number = max(int(request.GET.get("page", "0")), 0)
    except ValueError:
        number = 0
    if "at" in request.GET and request.GET["at"].isdigit():
        number = page_of(pk, int(request.GET["at"]))
    source, page = text_page(pk, number)
    spans = list(
        Span.objects.filter(source=source)
        .exclude(prediction__status=Status.DRAFT)
        .select_related("prediction")
        .only(
            "id",
            "start",
            "end",
            "role",
            "source_id",
            "prediction__id",
            "prediction__statement",
            "prediction__status",
            "prediction__verdict",
            "prediction__due_latest",
            # The standing badge and the verdict line read these (no query per span).
            "prediction__next_look_on",
            "prediction__reviewers_required",
            "prediction__verdict_known_on",
            "prediction__verdict_reviewers",
            "prediction__verdict_adjudicated",
            "prediction__verdict_evidence_archived",
        )
        .order_by("start", "end", "id")
    )
    # ?as=stored shows the text exactly as stored: no Markdown, pinyin annotations visible.
    as_stored = request.GET.get("as") == "stored"
    # Spans crossing a page cut are marked on both pages, each up to the cut; anchored where they start.
    on_page = [
        _OnPage(span, max(span.start, page.start) - page.start, min(span.end, page.end) - page.start)
        for span in spans
        if span.start < page.end and page.start < span.end
    ]
    text = (highlight_text if as_stored else render_source)(
        page.text,
        on_page,
        link=lambda part: reverse("dashboard:prediction", args=[part.span.prediction_id]),
        label=lambda part: (
            f"#{part.span.prediction_id} ({part.span.get_role_display().lower()}): {part.span.prediction.statement}"
        ),
        anchor=lambda part: (
            f"span-{part.span.pk}" if part.span.start >= page.start else f"span-{part.span.pk}-cont"
        ),
    )
    # Each prediction once, with its first span in text order (spans are sorted by start).
    first_spans: list[Span] = []
    seen: set[int] = set()
    for span in spans:
        if span.prediction_id not in seen:
            seen.add(span.prediction_id)
            first_spans.append(span)
    context = {
        "source": source,
        "text": text,
        "as_stored": as_stored,
        "span_count": len(spans),
        "page": page,
        "paged": page.number > 0 or not page.last,
        "first_spans": first_spans,
        "today": timezone.localdate(),
    }
    return render(request, "dashboard/source_detail.html", context)
