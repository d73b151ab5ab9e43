"""`/predictions/<id>/`: one prediction with its evidence, its history and, for reviewers, a verdict form."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from claims.forms import OutcomeForm
from claims.groups import is_reviewer
from claims.highlight import highlight_text
from claims.models import Prediction, Span
from claims.services.reviews import record_outcome

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
    html = highlight_text(text[left:right], [_Offsets(span.start - left, span.end - left)])
    url = reverse("dashboard:source", args=[span.source_id]) + f"#span-{span.pk}"
    return SpanInContext(span, html, cut_before, cut_after, url)


def prediction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk, form=None)


@require_POST
def prediction_record_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Reviewers only; CSRF is checked by the middleware before this runs."""
    prediction = get_object_or_404(Prediction.objects.public(), pk=pk)
    if not is_reviewer(request.user):
        raise PermissionDenied("Only reviewers record outcomes.")
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            outcome = record_outcome(
                prediction=prediction,
                verdict=form.cleaned_data["verdict"],
                known_on=form.cleaned_data["known_on"],
                evidence=form.cleaned_data["evidence"],
                note=form.cleaned_data["note"],
                reviewer=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"Recorded: {outcome.get_verdict_display()} (known on {outcome.known_on})."
            )
            return redirect(reverse("dashboard:prediction", args=[prediction.pk]) + "#outcomes")
    return _render_detail(request, pk, form=form, status=400)


def _render_detail(
    request: HttpRequest, pk: int, *, form: OutcomeForm | None, status: int = 200
) -> HttpResponse:
    prediction = get_object_or_404(Prediction.objects.public().select_related("speaker"), pk=pk)
    spans = prediction.spans.select_related("source").order_by("source_id", "start", "end")
    can_review = is_reviewer(request.user)
    if can_review and form is None:
        form = OutcomeForm()
    window = prediction.compute_window()
    context = {
        "prediction": prediction,
        "topics": list(prediction.topics.all()),
        "spans": [span_in_context(span) for span in spans],
        "outcomes": list(prediction.outcomes.select_related("reviewer").order_by("-recorded_at", "-id")),
        "computed_window": window,
        "can_review": can_review,
        "form": form if can_review else None,
        "today": timezone.localdate(),
    }
    return render(request, "dashboard/prediction_detail.html", context, status=status)
