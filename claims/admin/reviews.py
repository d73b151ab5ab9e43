"""The review desk on a prediction's admin page: a verdict review, "too early", adjudication,
undo and split, each the form of claims.forms that the dashboard uses too, saved by its service;
and which of these (and of the clarification and lineage inlines) the page offers, decided by
claims.actions.offered_actions, the rule the dashboard renders from as well.

Who may use each form is a permission (claims.groups.ACTION_PERMISSIONS; 403 otherwise): reviewers
review, adjudicators adjudicate and undo, curators split. Whether it may happen now (one vote
per reviewer per round, only a disputed prediction is adjudicated, nobody who voted in a round
decides it or undoes its verdict...) is the services' rule: a refusal comes back on the form
with the service's message, and the service has written nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django_stubs_ext import StrOrPromise

from claims.actions import Action, PredictionState, offered_actions, voting_matters
from claims.admin.display import agreement_text
from claims.forms import (
    ActionForm,
    AdjudicationForm,
    CorrectionForm,
    ForPrediction,
    ReviewForm,
    SplitForm,
    TooEarlyForm,
    UndoForm,
    add_refusal,
)
from claims.groups import ACTION_PERMISSIONS, roles_of, signed_in
from claims.highlight import span_in_context
from claims.models import Face, Outcome, Prediction, Status
from claims.models.outcomes import VOTES
from claims.services.predictions import criteria_frozen_since

# --- What the user may do here, asked once per prediction instance -----------------------------


def frozen_since(prediction: Prediction) -> dt.datetime | None:
    """criteria_frozen_since, asked once per prediction instance (the admin asks several times
    while building one page)."""
    if not hasattr(prediction, "_hindsight_frozen_since"):
        prediction._hindsight_frozen_since = criteria_frozen_since(prediction)
    return prediction._hindsight_frozen_since


def has_voted(prediction: Prediction, user: User) -> bool:
    """Whether the user gave a vote in the prediction's current round (asked once per instance)."""
    if not hasattr(prediction, "_hindsight_has_voted"):
        prediction._hindsight_has_voted = Outcome.objects.filter(
            prediction=prediction, round=prediction.review_round, reviewer=user, kind__in=VOTES
        ).exists()
    return prediction._hindsight_has_voted


def offered(request: HttpRequest, prediction: Prediction) -> frozenset[Action]:
    """What this user is offered on this prediction now (claims.actions.offered_actions)."""
    allowed = roles_of(request.user).actions
    state = PredictionState(
        status=prediction.status,
        reviewed=frozen_since(prediction) is not None,
        has_criteria=bool(prediction.resolution_criteria),
    )
    # Whether the user voted costs a query: asked only when the answer can change the offer.
    voted = voting_matters(state, allowed) and has_voted(prediction, signed_in(request.user))
    return offered_actions(state, allowed, voted=voted)


# --- What each form's save led to ----------------------------------------------------------------


def _after_vote(prediction: Prediction, round_before: int) -> str:
    """What the user's vote led to, read from the standing the service stored."""
    if prediction.status == Status.RESOLVED:
        return gettext("Review recorded. The verdict stands: %(verdict)s (%(agreement)s).") % {
            "verdict": prediction.get_verdict_display(),
            "agreement": agreement_text(prediction),
        }
    if prediction.status == Status.DISPUTED:
        return gettext("Review recorded. The reviewers disagree: the prediction goes to an adjudicator.")
    if prediction.review_round != round_before:
        return gettext(
            "Review recorded. The reviewers agree it is too early: it is flagged again on %(day)s."
        ) % {"day": prediction.next_look_on}
    return gettext(
        "Review recorded. It waits for the other reviewers (%(n)s must judge it); you will see "
        "their reviews once the round concludes."
    ) % {"n": prediction.reviewers_required}


def _adjudicated(prediction: Prediction, round_before: int, result: object) -> str:
    if prediction.status == Status.RESOLVED:
        return gettext("Adjudicated: %(verdict)s (%(agreement)s).") % {
            "verdict": prediction.get_verdict_display(),
            "agreement": agreement_text(prediction),
        }
    return gettext("Adjudicated: too early. It is flagged again on %(day)s.") % {
        "day": prediction.next_look_on
    }


def _undone(prediction: Prediction, round_before: int, result: object) -> str:
    return gettext("Verdict undone; it stays in the record. Round %(round)s of reviews begins.") % {
        "round": prediction.review_round
    }


def _corrected(prediction: Prediction, round_before: int, correction: object) -> str:
    if prediction.review_round != round_before:
        return gettext("Corrected; it is shown with the prediction. Round %(round)s of reviews begins.") % {
            "round": prediction.review_round
        }
    return gettext("Corrected (a typo fix: the verdict stands); it is shown with the prediction.")


def _split(prediction: Prediction, round_before: int, parts: list[Prediction]) -> str:
    return gettext("Split into %(n)s parts: %(parts)s.") % {
        "n": len(parts),
        "parts": ", ".join(f"#{part.pk}" for part in parts),
    }


# --- The actions and their views -------------------------------------------------------------


@dataclass(frozen=True)
class ReviewAction:
    action: Action
    name: str  # the URL segment and URL name (admin:claims_prediction_<name>)
    label: StrOrPromise  # the button on the prediction page
    form_class: type[ActionForm]
    done: Callable[[Prediction, int, Any], str]  # the message after the save (given what it returned)
    intro: StrOrPromise
    submit: StrOrPromise
    rows_title: StrOrPromise = ""  # over the form's rows (evidence or parts), if it has any

    @property
    def url_name(self) -> str:
        return f"claims_prediction_{self.name.replace('-', '_')}"


ACTIONS = [
    ReviewAction(
        action=Action.REVIEW,
        name="review",
        label=gettext_lazy("Review: give a verdict"),
        form_class=ReviewForm,
        rows_title=gettext_lazy("Evidence, as it reads today"),
        done=lambda prediction, round_before, result: _after_vote(prediction, round_before),
        intro=gettext_lazy(
            "Judge it against its resolution criteria and clarifications. Your review is blind: you "
            "see the other reviewers' verdicts once you have given yours and the round concludes."
        ),
        submit=gettext_lazy("Record my review"),
    ),
    ReviewAction(
        action=Action.TOO_EARLY,
        name="too-early",
        label=gettext_lazy("Review: too early"),
        form_class=TooEarlyForm,
        done=lambda prediction, round_before, result: _after_vote(prediction, round_before),
        intro=gettext_lazy(
            "Not a verdict: your vote that the outcome is not knowable yet, and the day to look again."
        ),
        submit=gettext_lazy("Record too early"),
    ),
    ReviewAction(
        action=Action.ADJUDICATE,
        name="adjudicate",
        label=gettext_lazy("Adjudicate"),
        form_class=AdjudicationForm,
        rows_title=gettext_lazy("Evidence, as it reads today"),
        done=_adjudicated,
        intro=gettext_lazy(
            "Its reviewers disagreed. Decide a verdict or too early, with your reasoning: the decision is final."
        ),
        submit=gettext_lazy("Record the decision"),
    ),
    ReviewAction(
        action=Action.UNDO,
        name="undo",
        label=gettext_lazy("Undo the verdict"),
        form_class=UndoForm,
        done=_undone,
        intro=gettext_lazy(
            "Withdraw the standing verdict. Nothing is deleted: the undo is recorded with your reason."
        ),
        submit=gettext_lazy("Undo the verdict"),
    ),
    ReviewAction(
        action=Action.CORRECT,
        name="correct",
        label=gettext_lazy("Correct what was judged"),
        form_class=CorrectionForm,
        done=_corrected,
        intro=gettext_lazy(
            "It was judged as it stands, so its words, speaker, kind, confidence and window are frozen. A "
            "correction changes them and stays on record with what was wrong, your name and the date."
        ),
        submit=gettext_lazy("Append the correction"),
    ),
    ReviewAction(
        action=Action.SPLIT,
        name="split",
        label=gettext_lazy("Split into parts"),
        form_class=SplitForm,
        rows_title=gettext_lazy(
            "Parts (at least two), each reviewed separately and keeping the original spans; "
            "horizon words left empty stay the compound prediction's"
        ),
        done=_split,
        intro=gettext_lazy(
            "A compound statement becomes its parts; the compound prediction is kept, marked split, "
            "and is no longer reviewed itself. Only before its first review."
        ),
        submit=gettext_lazy("Split"),
    ),
]

# The offered actions the change page itself carries, as inlines: their buttons lead there.
INLINE_ACTIONS = {
    Action.CLARIFY: (gettext_lazy("Add a clarification"), "clarifications"),
    Action.LINK: (gettext_lazy("Link an earlier prediction"), "links"),
}


# Mixed into the prediction's ModelAdmin; to the type checker it is one already.
if TYPE_CHECKING:
    _PredictionAdmin = admin.ModelAdmin[Prediction]
else:
    _PredictionAdmin = object


class ReviewActionsMixin(_PredictionAdmin):
    """Adds ACTIONS to a Prediction ModelAdmin: URLs, views and the buttons on the change page."""

    def get_urls(self) -> list[URLPattern]:
        return [
            path(f"<path:object_id>/{action.name}/", self._action_view(action), name=action.url_name)
            for action in ACTIONS
        ] + super().get_urls()

    def _action_view(self, action: ReviewAction):
        def view(request: HttpRequest, object_id: str) -> HttpResponse:
            return self.review_action_view(request, object_id, action)

        return self.admin_site.admin_view(view)

    def review_actions_for(
        self, request: HttpRequest, prediction: Prediction
    ) -> list[dict[str, StrOrPromise]]:
        """The buttons for what this user is offered on this prediction now: the review desk's
        forms, and the inlines of this page that add a clarification or a lineage link."""
        actions = offered(request, prediction)
        buttons = [
            {
                "action": action.action,
                "label": action.label,
                "url": reverse(f"admin:{action.url_name}", args=[prediction.pk]),
            }
            for action in ACTIONS
            if action.action in actions
        ]
        return buttons + [
            {"action": action, "label": label, "url": f"#{prefix}-group"}
            for action, (label, prefix) in INLINE_ACTIONS.items()
            if action in actions
        ]

    def review_action_view(self, request: HttpRequest, object_id: str, action: ReviewAction) -> HttpResponse:
        prediction = self.get_object(request, unquote(object_id))
        if prediction is None:
            # What the admin's own views answer; private, so the stubs leave it out.
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)  # type: ignore[attr-defined]
        permitted = request.user.has_perms(ACTION_PERMISSIONS[action.action])
        if not self.has_view_permission(request, prediction) or not permitted:
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = (
            action.form_class(data, prediction=prediction)
            if issubclass(action.form_class, ForPrediction)
            else action.form_class(data)
        )
        if form.is_bound and form.is_valid():
            round_before = prediction.review_round
            try:
                result = form.save(
                    prediction=prediction, by=signed_in(request.user), now=timezone.now(), face=Face.ADMIN
                )
            except ValidationError as refused:
                add_refusal(form, refused)
            else:
                self.message_user(request, action.done(prediction, round_before, result), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:claims_prediction_change", args=[prediction.pk]))
        return TemplateResponse(
            request,
            "admin/claims/prediction/review_action.html",
            self._action_context(request, prediction, action, form),
        )

    def _action_context(self, request, prediction, action, form) -> dict:
        adminform = (
            helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}) if form.fields else None
        )
        rows = getattr(form, "rows", None)
        media = self.media + form.media + (rows.media if rows is not None else forms.Media())
        record = Outcome.objects.review_record(prediction, request.user)
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": prediction,
            "title": gettext("%(action)s: prediction #%(id)s")
            % {"action": action.label, "id": prediction.pk},
            "action": action,
            "adminform": adminform,
            "form": form,
            "formset": rows,
            "errors": form.is_bound and bool(form.errors or (rows is not None and not rows.is_valid())),
            "record": list(record),
            "clarifications": list(
                prediction.clarifications.select_related("author").order_by("added_at", "id")
            ),
            # The words as they were said, in their paragraph (as the dashboard shows them).
            "spans": [
                span_in_context(span)
                for span in prediction.spans.select_related("source").order_by("source_id", "start", "end")
            ],
            "frozen_since": frozen_since(prediction),
            "agreement": agreement_text(prediction),
            "media": media,
            "has_view_permission": True,
        }
