"""`/sources/<id>/`: the full text as stored, every span highlighted and linked to its prediction."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from claims.display import render_source
from claims.highlight import highlight_text
from claims.models import Source, Span, Status


def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
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
    text = (highlight_text if as_stored else render_source)(
        source.text,
        spans,
        link=lambda span: reverse("dashboard:prediction", args=[span.prediction_id]),
        label=lambda span: (
            f"#{span.prediction_id} ({span.get_role_display().lower()}): {span.prediction.statement}"
        ),
        anchor=lambda span: f"span-{span.pk}",
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
        "first_spans": first_spans,
        "today": timezone.localdate(),
    }
    return render(request, "dashboard/source_detail.html", context)
