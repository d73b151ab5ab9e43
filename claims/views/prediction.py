"""`/predictions/<id>/`: one prediction with its criteria, its sources, its lineage and its review
record, and the forms of whoever may act on it: reviewers vote, adjudicators decide disputes and
undo verdicts, curators clarify criteria, split compound predictions and link predictions into a
lineage. Every POST calls a service; the services check the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from claims.forms import (
    AdjudicationForm,
    ClarificationForm,
    ForPrediction,
    LinkForm,
    ReviewForm,
    SplitForm,
    TooEarlyForm,
    UndoForm,
)
from claims.groups import Roles, is_adjudicator, is_curator, is_reviewer, roles_of
from claims.highlight import highlight_text
from claims.models import Outcome, Prediction, Span, Status
from claims.models.outcomes import VOTES
from claims.models.predictions import REVIEWABLE
from claims.services.criteria import add_clarification
from claims.services.lineage import lineage, link_predictions
from claims.services.parts import split_prediction
from claims.services.predictions import criteria_frozen_since
from claims.services.reviews import adjudicate, record_outcome, record_too_early, undo_verdict
from claims.templatetags.dashboard import link_summary

FORMS: dict[str, type[forms.Form]] = {
    "review": ReviewForm,
    "too_early": TooEarlyForm,
    "adjudication": AdjudicationForm,
    "undo": UndoForm,
    "clarification": ClarificationForm,
    "split": SplitForm,
    "link": LinkForm,
}

# What split_prediction accepts, for showing its form (drafts never reach this page); it also
# wants no review yet, which the page knows from when the criteria froze.
SPLITTABLE = (Status.OPEN, Status.DUE)

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


@dataclass(frozen=True)
class RoundState:
    """The current review round as this viewer may know it: how many votes are in (a count
    reveals no verdict), and whether the viewer is one of the voters."""

    votes: int
    required: int
    voted: bool
    # Votes of the round the viewer may not see yet (blind review).
    hidden: int

    @property
    def under_way(self) -> bool:
        return self.votes > 0


def prediction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk)


@require_POST
def prediction_record_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewer's verdict. CSRF is checked by the middleware before any of these views run."""

    def act(prediction: Prediction, form: ReviewForm) -> str:
        record_outcome(
            prediction=prediction,
            reviewer=request.user,
            verdict=form.cleaned_data["verdict"],
            known_on=form.cleaned_data["known_on"],
            evidence=form.evidence,
            note=form.cleaned_data["note"],
            today=form.today,
            now=timezone.now(),
        )
        verdict = dict(ReviewForm.base_fields["verdict"].choices)[form.cleaned_data["verdict"]]
        return f"Recorded your review: {verdict} (known on {form.cleaned_data['known_on']})."

    return _act(
        request, pk, "review", ReviewForm, act, allowed=is_reviewer, refusal="Only reviewers record outcomes."
    )


@require_POST
def prediction_too_early(request: HttpRequest, pk: int) -> HttpResponse:
    def act(prediction: Prediction, form: TooEarlyForm) -> str:
        record_too_early(
            prediction=prediction,
            reviewer=request.user,
            next_look_on=form.cleaned_data["next_look_on"],
            today=form.today,
            note=form.cleaned_data["note"],
            now=timezone.now(),
        )
        return f"Recorded your review: too early, look again on {form.cleaned_data['next_look_on']}."

    return _act(
        request,
        pk,
        "too_early",
        TooEarlyForm,
        act,
        allowed=is_reviewer,
        refusal="Only reviewers review predictions.",
    )


@require_POST
def prediction_adjudicate(request: HttpRequest, pk: int) -> HttpResponse:
    def act(prediction: Prediction, form: AdjudicationForm) -> str:
        adjudicate(
            prediction=prediction,
            adjudicator=request.user,
            reasoning=form.cleaned_data["reasoning"],
            today=form.today,
            evidence=form.evidence,
            **form.decision(),
            now=timezone.now(),
        )
        return "Recorded your decision; it is final."

    return _act(
        request,
        pk,
        "adjudication",
        AdjudicationForm,
        act,
        allowed=is_adjudicator,
        refusal="Only adjudicators decide disputed reviews.",
    )


@require_POST
def prediction_undo(request: HttpRequest, pk: int) -> HttpResponse:
    def act(prediction: Prediction, form: UndoForm) -> str:
        undo_verdict(
            prediction=prediction,
            by=request.user,
            reason=form.cleaned_data["reason"],
            today=timezone.localdate(),
            now=timezone.now(),
        )
        return "The verdict is undone and a new review round has begun. The undo is in the record."

    return _act(
        request, pk, "undo", UndoForm, act, allowed=is_adjudicator, refusal="Only adjudicators undo verdicts."
    )


@require_POST
def prediction_add_clarification(request: HttpRequest, pk: int) -> HttpResponse:
    def act(prediction: Prediction, form: ClarificationForm) -> str:
        add_clarification(
            prediction=prediction, author=request.user, text=form.cleaned_data["text"], now=timezone.now()
        )
        return "Clarification added."

    return _act(
        request,
        pk,
        "clarification",
        ClarificationForm,
        act,
        allowed=is_curator,
        refusal="Only curators clarify resolution criteria.",
        anchor="criteria",
    )


@require_POST
def prediction_split(request: HttpRequest, pk: int) -> HttpResponse:
    def act(prediction: Prediction, form: SplitForm) -> str:
        parts = split_prediction(prediction=prediction, parts=form.parts, by=request.user, now=timezone.now())
        listed = "; ".join(f"#{part.pk} {Truncator(part.statement).chars(60)}" for part in parts)
        return f"Split into {len(parts)} parts, each reviewed on its own: {listed}."

    return _act(
        request,
        pk,
        "split",
        SplitForm,
        act,
        allowed=is_curator,
        refusal="Only curators split predictions.",
        anchor="parts",
    )


@require_POST
def prediction_link(request: HttpRequest, pk: int) -> HttpResponse:
    def act(prediction: Prediction, form: LinkForm) -> str:
        earlier = form.cleaned_data["earlier"]
        link = link_predictions(
            prediction=prediction,
            earlier=earlier,
            relation=form.cleaned_data["relation"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
        return f"Linked to #{earlier.pk}: {link_summary(link)}."

    return _act(
        request,
        pk,
        "link",
        LinkForm,
        act,
        allowed=is_curator,
        refusal="Only curators link predictions.",
        anchor="lineage",
    )


def _act(
    request: HttpRequest,
    pk: int,
    name: str,
    form_class: type[forms.Form],
    act: Callable[[Prediction, forms.Form], str],
    *,
    allowed: Callable[[AbstractBaseUser | AnonymousUser], bool],
    refusal: str,
    anchor: str = "reviews",
) -> HttpResponse:
    """The shape of every POST: 404 unless public, 403 for the wrong role, then the form, then
    the service; a form or service error re-renders the page with the form and its errors (400)."""
    prediction = get_object_or_404(Prediction.objects.public(), pk=pk)
    if not allowed(request.user):
        raise PermissionDenied(refusal)
    form = _form(name, form_class, prediction, request.POST)
    if form.is_valid():
        try:
            message = act(prediction, form)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(reverse("dashboard:prediction", args=[prediction.pk]) + f"#{anchor}")
    return _render_detail(request, pk, bound={name: form}, status=400)


def _add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's errors on the fields they name; on the form as a whole when it has no such
    field ("prediction", for a rule refusal)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    # A form with rows places the errors a service keys by row ("parts[2].statement").
    add_row_error = getattr(form, "add_row_error", None)
    for field, errors in exc.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif add_row_error is None or not add_row_error(field, errors):
            form.add_error(NON_FIELD_ERRORS, errors)


def _render_detail(
    request: HttpRequest, pk: int, *, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    prediction = get_object_or_404(Prediction.objects.public().select_related("speaker", "parent"), pk=pk)
    user = request.user
    roles = roles_of(user)
    today = timezone.localdate()
    spans = prediction.spans.select_related("source").order_by("source_id", "start", "end")
    # Blind review: only what this viewer may see, newest first.
    outcomes = list(Outcome.objects.review_record(prediction, user).reverse())
    round_state = _round_state(prediction, outcomes, user)
    steps = lineage(prediction)
    frozen_since = criteria_frozen_since(prediction)
    context = {
        "prediction": prediction,
        "today": today,
        "topics": list(prediction.topics.all()),
        "spans": [span_in_context(span) for span in spans],
        "criteria_frozen_since": frozen_since,
        "clarifications": list(prediction.clarifications.select_related("author").order_by("added_at", "id")),
        "parts": list(prediction.parts.public().order_by("id")) if prediction.status == Status.SPLIT else [],
        "lineage": steps if len(steps) > 1 else [],
        "outcomes": outcomes,
        "round": round_state,
        "roles": roles,
        "computed_window": prediction.compute_window(),
        "forms": {**_forms_for(prediction, roles, round_state, frozen_since), **(bound or {})},
    }
    return render(request, "dashboard/prediction_detail.html", context, status=status)


def _round_state(prediction: Prediction, visible: list[Outcome], user) -> RoundState:
    """One COUNT while a round is under way (open, due or disputed); none otherwise."""
    if prediction.status not in (*REVIEWABLE, Status.DISPUTED):
        return RoundState(0, prediction.reviewers_required, voted=False, hidden=0)
    current = prediction.review_round
    # Votes are never hidden from their own reviewer, so the viewer's vote is among `visible`.
    voted = user.is_authenticated and any(
        outcome.round == current and outcome.kind in VOTES and outcome.reviewer_id == user.pk
        for outcome in visible
    )
    votes = Outcome.objects.filter(prediction=prediction, round=current, kind__in=VOTES).count()
    shown = sum(1 for outcome in visible if outcome.round == current and outcome.kind in VOTES)
    return RoundState(votes, prediction.reviewers_required, voted=voted, hidden=votes - shown)


def _forms_for(
    prediction: Prediction, roles: Roles, round_state: RoundState, frozen_since: dt.datetime | None
) -> dict[str, forms.Form]:
    """The unbound forms this viewer may use on this prediction now."""
    names = []
    if roles.reviewer and prediction.status in REVIEWABLE and not round_state.voted:
        names += ["review", "too_early"]
    if roles.adjudicator and prediction.status == Status.DISPUTED and not round_state.voted:
        names.append("adjudication")
    if roles.adjudicator and prediction.status == Status.RESOLVED:
        names.append("undo")
    if roles.curator and prediction.resolution_criteria:
        names.append("clarification")
    if roles.curator and prediction.status in SPLITTABLE and frozen_since is None:
        names.append("split")
    if roles.curator:
        names.append("link")  # one query: the earlier predictions to choose from
    return {name: _form(name, FORMS[name], prediction) for name in names}


def _form(name: str, form_class: type[forms.Form], prediction: Prediction, data=None) -> forms.Form:
    """Several forms share field names: each gets its own element ids. A form whose choices
    depend on the prediction gets it."""
    extra = {"prediction": prediction} if issubclass(form_class, ForPrediction) else {}
    return form_class(data, auto_id=f"{name}-%s", **extra)
