"""The review desk on a prediction's admin page: a verdict review, "too early", adjudication,
undo and split, each a form that calls its service.

Who may use each form is checked here (403 otherwise): reviewers review, adjudicators adjudicate
and undo, curators split. Whether it may happen now (one vote per reviewer per round, only a
disputed prediction is adjudicated...) is the services' rule: a refusal comes back on the form
with the service's message, and the service has written nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminDateWidget
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from claims import forms as dashboard_forms
from claims.admin.display import agreement_text
from claims.admin.refusals import add_refusal
from claims.groups import Roles, roles_of
from claims.models import REVIEWABLE, Outcome, Prediction, Status, Verdict
from claims.models.outcomes import VOTES
from claims.reviews import TOO_EARLY
from claims.services.parts import PartInput, split_prediction
from claims.services.predictions import criteria_frozen_since
from claims.services.reviews import EvidenceInput, adjudicate, record_outcome, record_too_early, undo_verdict

# --- Who the user is, once per request -----------------------------------------------------


def request_roles(request: HttpRequest) -> Roles:
    """The user's roles, asked of the database once per request."""
    roles = getattr(request, "_hindsight_roles", None)
    if roles is None:
        roles = request._hindsight_roles = roles_of(request.user)
    return roles


def frozen_since(prediction: Prediction) -> dt.datetime | None:
    """criteria_frozen_since, asked once per prediction instance (the admin asks several times
    while building one page)."""
    if not hasattr(prediction, "_hindsight_frozen_since"):
        prediction._hindsight_frozen_since = criteria_frozen_since(prediction)
    return prediction._hindsight_frozen_since


def has_voted(prediction: Prediction, user: AbstractBaseUser) -> bool:
    """Whether the user gave a vote in the prediction's current round (asked once per instance)."""
    if not hasattr(prediction, "_hindsight_has_voted"):
        prediction._hindsight_has_voted = Outcome.objects.filter(
            prediction=prediction, round=prediction.review_round, reviewer=user, kind__in=VOTES
        ).exists()
    return prediction._hindsight_has_voted


# --- Forms -----------------------------------------------------------------------------------


class EvidenceForm(dashboard_forms.EvidenceForm):
    """The dashboard's evidence row (the same checks), with the admin's date picker."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["retrieved_on"].widget = AdminDateWidget()


EvidenceFormSet = forms.formset_factory(EvidenceForm, formset=dashboard_forms.BaseEvidenceFormSet, extra=3)


def _evidence(formset: dashboard_forms.BaseEvidenceFormSet | None) -> list[EvidenceInput]:
    return formset.evidence() if formset is not None else []


class VerdictReviewForm(forms.Form):
    # No verdict preselected: an independent review is a deliberate choice.
    verdict = forms.ChoiceField(choices=[("", "---------"), *Verdict.choices])
    known_on = forms.DateField(
        label="Known on",
        widget=AdminDateWidget,
        help_text="The day the outcome became publicly known (not the day you review it).",
    )
    note = forms.CharField(
        label="Reasoning",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="Why the evidence settles it under the resolution criteria. Required when you give no evidence.",
    )


class TooEarlyForm(forms.Form):
    next_look_on = forms.DateField(
        label="Look again on",
        widget=AdminDateWidget,
        help_text="The prediction stays open and is flagged for review again on this day.",
    )
    note = forms.CharField(
        label="Why it is too early",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


class AdjudicationForm(forms.Form):
    verdict = forms.ChoiceField(
        label="Decision",
        choices=[("", "---------"), *Verdict.choices, (TOO_EARLY, "Too early: look again later")],
        required=False,
    )
    known_on = forms.DateField(
        label="Known on",
        required=False,
        widget=AdminDateWidget,
        help_text="With a verdict: when it became known.",
    )
    next_look_on = forms.DateField(
        label="Look again on",
        required=False,
        widget=AdminDateWidget,
        help_text="With too early: the next look.",
    )
    reasoning = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text="Why you decided so, referring to the reviews. This decision is final.",
    )


class UndoForm(forms.Form):
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="Why the verdict is withdrawn. It stays in the record; a new round of reviews begins.",
    )


class SplitForm(forms.Form):
    """Nothing to fill in besides the parts; the service's refusals show above them."""


class PartForm(forms.Form):
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "cols": 50}), strip=False)
    statement_en = forms.CharField(label="English paraphrase", required=False)
    resolution_criteria = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 50})
    )
    horizon_text = forms.CharField(
        label="Horizon words", required=False, help_text="Empty: undated (no due window)."
    )

    def part(self) -> PartInput:
        data = self.cleaned_data
        return PartInput(
            statement=data["statement"].strip(),
            statement_en=data["statement_en"],
            resolution_criteria=data["resolution_criteria"],
            horizon_text=data["horizon_text"],
        )


PartFormSet = forms.formset_factory(PartForm, extra=3)


def _filled(formset: forms.BaseFormSet) -> list[tuple[int, forms.Form]]:
    return [(index, form) for index, form in enumerate(formset.forms) if form.has_changed()]


# --- What each form does -----------------------------------------------------------------------


def _after_vote(prediction: Prediction, round_before: int) -> str:
    """What the user's vote led to, read from the standing the service stored."""
    if prediction.status == Status.RESOLVED:
        return f"Review recorded. The verdict stands: {prediction.get_verdict_display()} ({agreement_text(prediction)})."
    if prediction.status == Status.DISPUTED:
        return "Review recorded. The reviewers disagree: the prediction goes to an adjudicator."
    if prediction.review_round != round_before:
        return f"Review recorded. The reviewers agree it is too early: it is flagged again on {prediction.next_look_on}."
    return (
        f"Review recorded. It waits for the other reviewers ({prediction.reviewers_required} must judge it); "
        "you will see their reviews once the round concludes."
    )


def _review(prediction: Prediction, user: AbstractBaseUser, form: forms.Form, formset) -> str:
    round_before = prediction.review_round
    record_outcome(
        prediction=prediction,
        reviewer=user,
        verdict=form.cleaned_data["verdict"],
        known_on=form.cleaned_data["known_on"],
        evidence=_evidence(formset),
        note=form.cleaned_data["note"],
        today=timezone.localdate(),
        now=timezone.now(),
    )
    return _after_vote(prediction, round_before)


def _too_early(prediction: Prediction, user: AbstractBaseUser, form: forms.Form, formset) -> str:
    round_before = prediction.review_round
    record_too_early(
        prediction=prediction,
        reviewer=user,
        next_look_on=form.cleaned_data["next_look_on"],
        today=timezone.localdate(),
        note=form.cleaned_data["note"],
        now=timezone.now(),
    )
    return _after_vote(prediction, round_before)


def _adjudicate(prediction: Prediction, user: AbstractBaseUser, form: forms.Form, formset) -> str:
    data = form.cleaned_data
    too_early = data["verdict"] == TOO_EARLY
    adjudicate(
        prediction=prediction,
        adjudicator=user,
        reasoning=data["reasoning"],
        today=timezone.localdate(),
        verdict="" if too_early else data["verdict"],
        known_on=None if too_early else data["known_on"],
        next_look_on=data["next_look_on"] if too_early else None,
        evidence=_evidence(formset),
        now=timezone.now(),
    )
    if prediction.status == Status.RESOLVED:
        return f"Adjudicated: {prediction.get_verdict_display()} ({agreement_text(prediction)})."
    return f"Adjudicated: too early. It is flagged again on {prediction.next_look_on}."


def _undo(prediction: Prediction, user: AbstractBaseUser, form: forms.Form, formset) -> str:
    undo_verdict(
        prediction=prediction,
        by=user,
        reason=form.cleaned_data["reason"],
        today=timezone.localdate(),
        now=timezone.now(),
    )
    return f"Verdict undone; it stays in the record. Round {prediction.review_round} of reviews begins."


def _split(prediction: Prediction, user: AbstractBaseUser, form: forms.Form, formset) -> str:
    parts = split_prediction(
        prediction=prediction, parts=[f.part() for _, f in _filled(formset)], by=user, now=timezone.now()
    )
    return f"Split into {len(parts)} parts: " + ", ".join(f"#{part.pk}" for part in parts) + "."


_PART_KEY = re.compile(r"parts\[(\d+)\]\.(\w+)")


def _refuse_split(error: ValidationError, form: forms.Form, formset) -> None:
    """parts[n].field errors go on the n-th filled part's field; the rest above the parts."""
    filled = _filled(formset)
    for key, messages_ in error.message_dict.items():
        match = _PART_KEY.fullmatch(key)
        if match and 1 <= int(match[1]) <= len(filled):
            part_form = filled[int(match[1]) - 1][1]
            name = match[2]
            part_form.add_error(name if name in part_form.fields else None, messages_)
        else:
            form.add_error(None, messages_)


def _refuse(error: ValidationError, form: forms.Form, formset) -> None:
    add_refusal(form, error)


# --- The actions and their views -------------------------------------------------------------


@dataclass(frozen=True)
class ReviewAction:
    name: str  # the URL segment and URL name (admin:claims_prediction_<name>)
    label: str  # the button on the prediction page
    role: str  # the Roles attribute the user needs
    form_class: type[forms.Form]
    perform: Callable[[Prediction, AbstractBaseUser, forms.Form, forms.BaseFormSet | None], str]
    offered: Callable[[Prediction, AbstractBaseUser], bool]  # show the button now?
    intro: str
    submit: str
    formset_class: type[forms.BaseFormSet] | None = None
    formset_title: str = ""
    refuse: Callable[[ValidationError, forms.Form, forms.BaseFormSet | None], None] = _refuse

    @property
    def url_name(self) -> str:
        return f"claims_prediction_{self.name.replace('-', '_')}"

    def initial_formset(self, prediction: Prediction) -> list[dict] | None:
        if self.formset_class is PartFormSet:
            # Each part keeps the horizon words unless the curator changes them.
            return [{"horizon_text": prediction.horizon_text}] * 3
        return None


def _votable(prediction: Prediction, user: AbstractBaseUser) -> bool:
    return prediction.status in REVIEWABLE and not has_voted(prediction, user)


ACTIONS = [
    ReviewAction(
        name="review",
        label="Review: give a verdict",
        role="reviewer",
        form_class=VerdictReviewForm,
        formset_class=EvidenceFormSet,
        formset_title="Evidence, as it reads today",
        perform=_review,
        offered=_votable,
        intro="Judge it against its resolution criteria and clarifications. Your review is blind: you "
        "see the other reviewers' verdicts once you have given yours and the round concludes.",
        submit="Record my review",
    ),
    ReviewAction(
        name="too-early",
        label="Review: too early",
        role="reviewer",
        form_class=TooEarlyForm,
        perform=_too_early,
        offered=_votable,
        intro="Not a verdict: your vote that the outcome is not knowable yet, and the day to look again.",
        submit="Record too early",
    ),
    ReviewAction(
        name="adjudicate",
        label="Adjudicate",
        role="adjudicator",
        form_class=AdjudicationForm,
        formset_class=EvidenceFormSet,
        formset_title="Evidence, as it reads today",
        perform=_adjudicate,
        offered=lambda prediction, user: prediction.status == Status.DISPUTED,
        intro="Its reviewers disagreed. Decide a verdict or too early, with your reasoning: the decision is final.",
        submit="Record the decision",
    ),
    ReviewAction(
        name="undo",
        label="Undo the verdict",
        role="adjudicator",
        form_class=UndoForm,
        perform=_undo,
        offered=lambda prediction, user: (
            prediction.status == Status.RESOLVED and not prediction.verdict_adjudicated
        ),
        intro="Withdraw the standing verdict. Nothing is deleted: the undo is recorded with your reason.",
        submit="Undo the verdict",
    ),
    ReviewAction(
        name="split",
        label="Split into parts",
        role="curator",
        form_class=SplitForm,
        formset_class=PartFormSet,
        formset_title="Parts (at least two), each reviewed separately and keeping the original spans",
        perform=_split,
        refuse=_refuse_split,
        offered=lambda prediction, user: (
            prediction.status in (Status.DRAFT, Status.OPEN, Status.DUE) and frozen_since(prediction) is None
        ),
        intro="A compound statement becomes its parts; the compound prediction is kept, marked split, "
        "and is no longer reviewed itself. Only before its first review.",
        submit="Split",
    ),
]


class ReviewActionsMixin:
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

    def review_actions_for(self, request: HttpRequest, prediction: Prediction) -> list[dict[str, str]]:
        """The buttons this user may press on this prediction now."""
        roles = request_roles(request)
        return [
            {"label": action.label, "url": reverse(f"admin:{action.url_name}", args=[prediction.pk])}
            for action in ACTIONS
            if getattr(roles, action.role) and action.offered(prediction, request.user)
        ]

    def review_action_view(self, request: HttpRequest, object_id: str, action: ReviewAction) -> HttpResponse:
        prediction = self.get_object(request, unquote(object_id))
        if prediction is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, prediction) or not getattr(
            request_roles(request), action.role
        ):
            raise PermissionDenied
        formset = None
        if request.method == "POST":
            form = action.form_class(request.POST)
            if action.formset_class is not None:
                # The same initial values as the page had, so untouched rows count as unchanged.
                formset = action.formset_class(
                    request.POST, prefix="items", initial=action.initial_formset(prediction)
                )
            if form.is_valid() and (formset is None or formset.is_valid()):
                try:
                    message = action.perform(prediction, request.user, form, formset)
                except ValidationError as refused:
                    action.refuse(refused, form, formset)
                else:
                    self.message_user(request, message, messages.SUCCESS)
                    return HttpResponseRedirect(
                        reverse("admin:claims_prediction_change", args=[prediction.pk])
                    )
        else:
            form = action.form_class()
            if action.formset_class is not None:
                formset = action.formset_class(prefix="items", initial=action.initial_formset(prediction))
        return TemplateResponse(
            request,
            "admin/claims/prediction/review_action.html",
            self._action_context(request, prediction, action, form, formset),
        )

    def _action_context(self, request, prediction, action, form, formset) -> dict:
        adminform = (
            helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}) if form.fields else None
        )
        media = self.media + form.media + (formset.media if formset is not None else forms.Media())
        record = Outcome.objects.review_record(prediction, request.user)
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": prediction,
            "title": f"{action.label}: prediction #{prediction.pk}",
            "action": action,
            "adminform": adminform,
            "form": form,
            "formset": formset,
            "errors": form.errors or (formset is not None and not formset.is_valid() and formset.is_bound),
            "record": list(record),
            "clarifications": list(
                prediction.clarifications.select_related("author").order_by("added_at", "id")
            ),
            "frozen_since": frozen_since(prediction),
            "agreement": agreement_text(prediction),
            "media": media,
            "has_view_permission": True,
        }
