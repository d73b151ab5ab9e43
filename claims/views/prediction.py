"""`/predictions/<id>/`: one prediction with its criteria, its sources, its lineage and its review
record, and the forms of whoever may act on it: reviewers vote, adjudicators decide disputes and
undo verdicts, curators clarify criteria, split compound predictions and link predictions into a
lineage. Which forms show is claims.actions.offered_actions, the rule the admin's review desk
renders from too; the forms are claims.forms', shared with the admin. Every POST calls a
service; the services check the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from claims.actions import Action, PredictionState, offered_actions
from claims.claimreview import as_script_content, claim_review
from claims.forms import (
    ActionForm,
    AdjudicationForm,
    ClarificationForm,
    CorrectionForm,
    ForPrediction,
    LinkForm,
    ReviewForm,
    SplitForm,
    TooEarlyForm,
    UndoForm,
    add_refusal,
)
from claims.groups import ACTION_PERMISSIONS, roles_of, signed_in
from claims.highlight import span_in_context
from claims.models import EditRecord, Face, Outcome, Prediction, Span, Status, Verdict
from claims.models.outcomes import VOTES
from claims.models.predictions import REVIEWABLE
from claims.services.lineage import lineage
from claims.services.predictions import criteria_frozen_since
from claims.templatetags.dashboard import link_summary


@dataclass(frozen=True)
class PageAction:
    """One action of the page: its form (named in the page's `forms`, and prefixing the form's
    element ids), the 403 message for a user without its permission, the message once saved,
    and where on the page to go back to."""

    action: Action
    name: str
    form_class: type[ActionForm]
    refusal: StrOrPromise
    done: Callable[[ActionForm, Any], str]  # given the form and what its save returned
    anchor: str = "reviews"


def _reviewed(form: forms.Form, outcome: object) -> str:
    verdict = Verdict(form.cleaned_data["verdict"]).label
    return gettext("Recorded your review: %(verdict)s (known on %(known_on)s).") % {
        "verdict": verdict,
        "known_on": form.cleaned_data["known_on"],
    }


def _split(form: forms.Form, parts: list[Prediction]) -> str:
    listed = "; ".join(f"#{part.pk} {Truncator(part.statement).chars(60)}" for part in parts)
    return gettext("Split into %(count)d parts, each reviewed on its own: %(listed)s.") % {
        "count": len(parts),
        "listed": listed,
    }


# In the order the page shows them.
PAGE_ACTIONS = {
    page_action.action: page_action
    for page_action in [
        PageAction(Action.REVIEW, "review", ReviewForm, _("Only reviewers record outcomes."), _reviewed),
        PageAction(
            Action.TOO_EARLY,
            "too_early",
            TooEarlyForm,
            _("Only reviewers review predictions."),
            lambda form, outcome: (
                gettext("Recorded your review: too early, look again on %(day)s.")
                % {"day": form.cleaned_data["next_look_on"]}
            ),
        ),
        PageAction(
            Action.ADJUDICATE,
            "adjudication",
            AdjudicationForm,
            _("Only adjudicators decide disputed reviews."),
            lambda form, outcome: gettext("Recorded your decision; it is final."),
        ),
        PageAction(
            Action.UNDO,
            "undo",
            UndoForm,
            _("Only adjudicators undo verdicts."),
            lambda form, outcome: gettext(
                "The verdict is undone and a new review round has begun. The undo is in the record."
            ),
        ),
        PageAction(
            Action.CLARIFY,
            "clarification",
            ClarificationForm,
            _("Only curators clarify resolution criteria."),
            lambda form, clarification: gettext("Clarification added."),
            anchor="criteria",
        ),
        PageAction(
            Action.CORRECT,
            "correction",
            CorrectionForm,
            _("Only curators correct predictions."),
            lambda form, correction: (
                (
                    gettext("Correction %(number)s appended; a new review round has begun.")
                    if correction.reopened_review
                    else gettext("Correction %(number)s appended; the verdict stands.")
                )
                % {"number": correction.number}
            ),
            anchor="corrections",
        ),
        PageAction(
            Action.SPLIT, "split", SplitForm, _("Only curators split predictions."), _split, anchor="parts"
        ),
        PageAction(
            Action.LINK,
            "link",
            LinkForm,
            _("Only curators link predictions."),
            lambda form, link: (
                gettext("Linked to #%(earlier)s: %(summary)s.")
                % {"earlier": link.earlier_id, "summary": link_summary(link)}
            ),
            anchor="lineage",
        ),
    ]
}


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


def _action_view(action: Action) -> Callable[[HttpRequest, int], HttpResponse]:
    page_action = PAGE_ACTIONS[action]

    # CSRF is checked by the middleware before any of these views run.
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _act(request, pk, page_action)

    view.__name__ = f"prediction_{page_action.name}"
    return view


prediction_record_outcome = _action_view(Action.REVIEW)
prediction_too_early = _action_view(Action.TOO_EARLY)
prediction_adjudicate = _action_view(Action.ADJUDICATE)
prediction_undo = _action_view(Action.UNDO)
prediction_add_clarification = _action_view(Action.CLARIFY)
prediction_correct = _action_view(Action.CORRECT)
prediction_split = _action_view(Action.SPLIT)
prediction_link = _action_view(Action.LINK)


def _act(request: HttpRequest, pk: int, page_action: PageAction) -> HttpResponse:
    """The shape of every POST: 404 unless public, 403 without the action's permission, then the
    form, then the service its save calls; a form or service error re-renders the page with the
    form and its errors (400)."""
    prediction = get_object_or_404(Prediction.objects.public(), pk=pk)
    if not request.user.has_perms(ACTION_PERMISSIONS[page_action.action]):
        raise PermissionDenied(page_action.refusal)
    form = _form(page_action, prediction, request.POST)
    if form.is_valid():
        try:
            result = form.save(
                prediction=prediction, by=signed_in(request.user), now=timezone.now(), face=Face.DASHBOARD
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, page_action.done(form, result))
            return redirect(reverse("dashboard:prediction", args=[prediction.pk]) + f"#{page_action.anchor}")
    return _render_detail(request, pk, bound={page_action.name: form}, status=400)


def _render_detail(
    request: HttpRequest, pk: int, *, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    prediction = get_object_or_404(Prediction.objects.public().select_related("speaker", "parent"), pk=pk)
    user = request.user
    roles = roles_of(user)
    today = timezone.localdate()
    spans = list(prediction.spans.select_related("source").order_by("source_id", "start", "end"))
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
        "clarifications": list(
            prediction.clarifications.select_related("author__reviewer_profile").order_by("added_at", "id")
        ),
        # correction_count says whether there are any: no query for the many never corrected.
        "corrections": list(
            prediction.corrections.select_related("author__reviewer_profile").order_by("number")
        )
        if prediction.correction_count
        else [],
        "parts": list(prediction.parts.public().order_by("id")) if prediction.status == Status.SPLIT else [],
        "lineage": steps if len(steps) > 1 else [],
        "outcomes": outcomes,
        "edits": list(EditRecord.objects.of_prediction(prediction.pk)),
        "round": round_state,
        "roles": roles,
        "computed_window": prediction.compute_window(),
        "forms": {**_forms_for(prediction, roles.actions, round_state, frozen_since), **(bound or {})},
        "claim_review": _claim_review(prediction, spans, outcomes),
    }
    return render(request, "dashboard/prediction_detail.html", context, status=status)


def _claim_review(prediction: Prediction, spans: list[Span], outcomes: list[Outcome]) -> str:
    """The page's schema.org ClaimReview as script content, or "" before a verdict stands."""
    if not outcomes:
        return ""
    sources = list({span.source_id: span.source for span in spans}.values())
    review = claim_review(
        prediction,
        # The canonical address, not the request's Host header.
        page_url=settings.SITE_URL + reverse("dashboard:prediction", args=[prediction.pk]),
        site_url=settings.SITE_URL,
        sources=sources,
        # Newest first: a resolved prediction's newest event is the one its verdict stood by.
        reviewed_on=timezone.localdate(outcomes[0].recorded_at),
    )
    return as_script_content(review) if review else ""


def _round_state(prediction: Prediction, visible: list[Outcome], user) -> RoundState:
    """One COUNT while a round is under way (open, due or disputed); none otherwise."""
    current = prediction.review_round
    # Votes are never hidden from their own reviewer, so the viewer's vote is among `visible`
    # (for a resolved prediction: a vote in the round whose verdict stands).
    voted = user.is_authenticated and any(
        outcome.round == current and outcome.kind in VOTES and outcome.reviewer_id == user.pk
        for outcome in visible
    )
    if prediction.status not in (*REVIEWABLE, Status.DISPUTED):
        return RoundState(0, prediction.reviewers_required, voted=voted, hidden=0)
    votes = Outcome.objects.filter(prediction=prediction, round=current, kind__in=VOTES).count()
    shown = sum(1 for outcome in visible if outcome.round == current and outcome.kind in VOTES)
    return RoundState(votes, prediction.reviewers_required, voted=voted, hidden=votes - shown)


def _forms_for(
    prediction: Prediction,
    actions: frozenset[Action],
    round_state: RoundState,
    frozen_since: dt.datetime | None,
) -> dict[str, forms.Form]:
    """The unbound forms of what this viewer is offered on this prediction now (claims.actions)."""
    state = PredictionState(
        status=prediction.status,
        reviewed=frozen_since is not None,
        has_criteria=bool(prediction.resolution_criteria),
    )
    offered = offered_actions(state, actions, voted=round_state.voted)
    # The link form costs one query: the earlier predictions to choose from.
    return {
        page_action.name: _form(page_action, prediction)
        for action, page_action in PAGE_ACTIONS.items()
        if action in offered
    }


def _form(page_action: PageAction, prediction: Prediction, data: QueryDict | None = None) -> ActionForm:
    """Several forms share field names: each gets its own element ids. A form whose choices
    depend on the prediction gets it."""
    form_class = page_action.form_class
    auto_id = f"{page_action.name}-%s"
    if issubclass(form_class, ForPrediction):
        return form_class(data, auto_id=auto_id, prediction=prediction)
    return form_class(data, auto_id=auto_id)
