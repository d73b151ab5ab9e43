"""The forms of the review desk and the prediction page: one class per action, used by the
admin's review desk (claims/admin/reviews.py) and the dashboard (claims/views/prediction.py)
alike. A face may present them its own way (layout, help text around them) but never validates
differently: what a form accepts is what both faces accept. (The filter form comes from
claims.filters.PredictionFilter.)

They only parse what a person typed (the link form also offers the predictions one may link
to); the rules (who may vote when, what a decision needs, what may be split or linked) are
checked by the services their `save` calls, whose refusals `add_refusal` puts on the form.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from claims.filters import DayInput
from claims.models import (
    Clarification,
    Correction,
    Face,
    Outcome,
    Prediction,
    PredictionLink,
    Relation,
    Speaker,
    Verdict,
)
from claims.models.predictions import JUDGED_FIELDS
from claims.models.reviewers import DISPLAY_NAME_MAX
from claims.reviews import TOO_EARLY
from claims.services.corrections import correct_prediction
from claims.services.criteria import add_clarification
from claims.services.lineage import link_predictions
from claims.services.parts import PartInput, split_prediction
from claims.services.reviews import EvidenceInput, adjudicate, record_outcome, record_too_early, undo_verdict

# Blank evidence rows on a form: there is no script to add one, so offer enough for the usual
# case (the page, and a second source that confirms it) and one spare.
EVIDENCE_ROWS = 3
EVIDENCE_MAX = 10


# The mixins below are mixed into forms; to the type checker they are forms already.
if TYPE_CHECKING:
    _Form = forms.Form
else:
    _Form = object


class ActionForm(forms.Form):
    """An action's form as both faces use it: bound to the POST and validated, then `save` calls
    the action's service and returns what the service made. `face` is the one saving (admin or
    dashboard): the actions that edit a curated object (split, link) keep it in the edit history;
    the review record needs no face, its rows are the record."""

    def save(self, *, prediction: Prediction, by: User, now: dt.datetime, face: Face) -> Any:
        raise NotImplementedError


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _not_after(day: dt.date, today: dt.date, what: StrOrPromise) -> None:
    if day > today:
        raise ValidationError(
            _("%(day)s is in the future: give %(what)s (today at the latest).") % {"day": day, "what": what}
        )


class _TodayMixin(_Form):
    def __init__(self, *args, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()


class EvidenceForm(_TodayMixin, forms.Form):
    """One piece of evidence as the reviewer saw it; a row left blank is skipped."""

    url = forms.CharField(label=_("URL"), max_length=2000, required=False)
    title = forms.CharField(label=_("Page title"), max_length=300, required=False)
    passage = forms.CharField(
        label=_("Quoted passage"),
        widget=_textarea(2),
        required=False,
        help_text=_("The words on the page that support the verdict, copied exactly."),
    )
    retrieved_on = forms.DateField(label=_("Read on"), widget=DayInput(), required=False)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise ValidationError(
                    _("«%(url)s» is not a URL (it must start with http:// or https://).") % {"url": url}
                ) from None
        return url

    def clean_retrieved_on(self) -> dt.date | None:
        day = self.cleaned_data["retrieved_on"]
        if day is not None:
            _not_after(day, self.today, _("the day you read the page"))
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        filled = any(data.get(name) for name in ("title", "passage", "retrieved_on"))
        if filled and not data.get("url") and "url" not in self.errors:
            self.add_error("url", "Give the page's URL, or clear this row.")
        if data.get("passage") and not data.get("retrieved_on") and "retrieved_on" not in self.errors:
            # Mirrors the database constraint evidence_passage_has_retrieval_date.
            self.add_error(
                "retrieved_on", "Give the day you read the passage: a quote is worth as much as its date."
            )
        return data

    def evidence(self) -> EvidenceInput | None:
        data = self.cleaned_data
        if not data.get("url"):
            return None
        return EvidenceInput(
            url=data["url"], title=data["title"], passage=data["passage"], retrieved_on=data["retrieved_on"]
        )


class BaseEvidenceFormSet(BaseFormSet):
    def __init__(self, *args, today: dt.date | None = None, **kwargs) -> None:
        self.today = today
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict:
        return {**super().get_form_kwargs(index), "today": self.today}

    def evidence(self) -> list[EvidenceInput]:
        """The filled rows (call after is_valid()); rows left blank are skipped."""
        items = (form.evidence() for form in self.forms)
        return [item for item in items if item is not None]


# The stubs' formset_factory forgets the formset= class it was given.
EvidenceFormSet = cast(
    type[BaseEvidenceFormSet],
    formset_factory(
        EvidenceForm,
        formset=BaseEvidenceFormSet,
        extra=EVIDENCE_ROWS,
        max_num=EVIDENCE_MAX,
        absolute_max=EVIDENCE_MAX,
        validate_max=True,
    ),
)


class _WithRows(_Form):
    """A form with rows under it: a formset, in `rows`, that its __init__ makes."""

    rows: BaseFormSet

    def is_valid(self) -> bool:
        # Both, always: a mistake in a row shows along with the form's own.
        own = super().is_valid()
        return self.rows.is_valid() and own


class _WithEvidence(_WithRows, _TodayMixin):
    """A form with rows of evidence under it (a formset prefixed "evidence")."""

    rows: BaseEvidenceFormSet

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        # A form's auto_id may be False (no ids), which a formset takes as well as its stubs' str.
        auto_id: Any = self.auto_id
        self.rows = EvidenceFormSet(data, prefix="evidence", auto_id=auto_id, today=self.today)

    @property
    def evidence_rows(self) -> BaseEvidenceFormSet:
        return self.rows

    @property
    def evidence(self) -> list[EvidenceInput]:
        return self.evidence_rows.evidence()


# Not prefilled with today: the day a reviewer reviews is the mistake this field invites.
KNOWN_ON_HELP = _("The day the outcome became publicly known (not the day you review it).")


class ReviewForm(_WithEvidence, ActionForm):
    """A reviewer's verdict: one vote in the current round (claims.services.reviews.record_outcome)."""

    # No verdict preselected: an independent review is a deliberate choice.
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect)
    known_on = forms.DateField(label=_("Known on"), widget=DayInput(), help_text=KNOWN_ON_HELP)
    note = forms.CharField(
        label=_("Reasoning"),
        widget=_textarea(),
        required=False,
        help_text=_(
            "Why the evidence settles it under the resolution criteria. Required when you give no evidence."
        ),
    )

    def clean_known_on(self) -> dt.date:
        known_on = self.cleaned_data["known_on"]
        _not_after(known_on, self.today, _("the day the outcome became known"))
        return known_on

    def save(self, *, prediction: Prediction, by: User, now: dt.datetime, face: Face) -> Outcome:
        data = self.cleaned_data
        return record_outcome(
            prediction=prediction,
            reviewer=by,
            verdict=data["verdict"],
            known_on=data["known_on"],
            evidence=self.evidence,
            note=data["note"],
            today=self.today,
            now=now,
        )


class TooEarlyForm(_TodayMixin, ActionForm):
    """A reviewer's "too early to judge" (claims.services.reviews.record_too_early)."""

    next_look_on = forms.DateField(
        label=_("Look again on"),
        widget=DayInput(),
        help_text=_("It stays open and is flagged for review again on this day."),
    )
    note = forms.CharField(label=_("Why it cannot be judged yet"), widget=_textarea(2), required=False)

    def save(self, *, prediction: Prediction, by: User, now: dt.datetime, face: Face) -> Outcome:
        return record_too_early(
            prediction=prediction,
            reviewer=by,
            next_look_on=self.cleaned_data["next_look_on"],
            today=self.today,
            note=self.cleaned_data["note"],
            now=now,
        )


class AdjudicationForm(_WithEvidence, ActionForm):
    """An adjudicator's final decision on a disputed round (claims.services.reviews.adjudicate)."""

    verdict = forms.ChoiceField(
        label=_("Decision"),
        choices=[*Verdict.choices, (TOO_EARLY, _("Too early to judge"))],
        widget=forms.RadioSelect,
    )
    known_on = forms.DateField(
        label=_("Known on"),
        widget=DayInput(),
        required=False,
        help_text=_("For a verdict: the day the outcome became publicly known (not the day you decide)."),
    )
    next_look_on = forms.DateField(
        label=_("Look again on"),
        widget=DayInput(),
        required=False,
        help_text=_("For “too early”: when to review it again."),
    )
    reasoning = forms.CharField(
        label=_("Reasoning"),
        widget=_textarea(),
        help_text=_(
            "Why you decided so, with reference to the reviews that disagreed. This decision is final."
        ),
    )

    def clean_known_on(self) -> dt.date | None:
        known_on = self.cleaned_data["known_on"]
        if known_on is not None:
            _not_after(known_on, self.today, _("the day the outcome became known"))
        return known_on

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("verdict") == TOO_EARLY:
            if not data.get("next_look_on") and "next_look_on" not in self.errors:
                self.add_error("next_look_on", "Give the day to look again.")
        elif data.get("verdict") and not data.get("known_on") and "known_on" not in self.errors:
            self.add_error("known_on", "Give the day the outcome became known.")
        return data

    def decision(self) -> dict:
        """The keyword arguments of adjudicate() that carry the decision."""
        data = self.cleaned_data
        if data["verdict"] == TOO_EARLY:
            return {"verdict": "", "known_on": None, "next_look_on": data["next_look_on"]}
        return {"verdict": data["verdict"], "known_on": data["known_on"], "next_look_on": None}

    def save(self, *, prediction: Prediction, by: User, now: dt.datetime, face: Face) -> Outcome:
        return adjudicate(
            prediction=prediction,
            adjudicator=by,
            reasoning=self.cleaned_data["reasoning"],
            today=self.today,
            evidence=self.evidence,
            **self.decision(),
            now=now,
        )


class UndoForm(_TodayMixin, ActionForm):
    """Withdraw a standing verdict (claims.services.reviews.undo_verdict)."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=_textarea(2),
        help_text=_(
            "Why the verdict is withdrawn (entered in error, evidence retracted). Recorded with the "
            "undo for everyone to read; nothing is deleted, and a new round of reviews begins."
        ),
    )

    def save(self, *, prediction: Prediction, by: User, now: dt.datetime, face: Face) -> Outcome:
        return undo_verdict(
            prediction=prediction, by=by, reason=self.cleaned_data["reason"], today=self.today, now=now
        )


class ClarificationForm(ActionForm):
    """A curator's note appended to frozen criteria (claims.services.criteria.add_clarification)."""

    text = forms.CharField(
        label=_("Clarification"),
        widget=_textarea(2),
        help_text=_(
            "Appended with your name and today's date; the criteria themselves stay as reviewers read them."
        ),
    )

    def save(self, *, prediction: Prediction, by: User, now: dt.datetime, face: Face) -> Clarification:
        return add_clarification(prediction=prediction, author=by, text=self.cleaned_data["text"], now=now)


# Part rows on the split form: the two a split needs and a spare (there is no script to add one).
PART_ROWS = 3
PART_MAX = 10
# How a split_prediction error names the field of a part: "parts[2].resolution_criteria".
_PART_ERROR_KEY = re.compile(r"parts\[(\d+)\]\.(\w+)")


class PartForm(forms.Form):
    """One part of a compound prediction; a row left blank is skipped."""

    statement = forms.CharField(
        label=_("Statement"),
        widget=_textarea(2),
        help_text=_("This part alone, in the words and language of the original."),
    )
    statement_en = forms.CharField(label=_("English paraphrase"), widget=_textarea(2), required=False)
    # Not required here: a draft's parts are drafts, which may wait for criteria (the service
    # asks for them on the parts of an open prediction).
    resolution_criteria = forms.CharField(
        label=_("Resolution criteria"),
        widget=_textarea(2),
        required=False,
        help_text=_("What would make this part come true, checkable by a reviewer."),
    )
    horizon_text = forms.CharField(
        label=_("Horizon words"),
        max_length=Prediction._meta.get_field("horizon_text").max_length,
        required=False,
        help_text=_("Only if this part has its own; empty keeps the compound prediction's."),
    )

    def part(self) -> PartInput:
        data = self.cleaned_data
        return PartInput(
            statement=data["statement"],
            resolution_criteria=data["resolution_criteria"],
            statement_en=data["statement_en"],
            horizon_text=data["horizon_text"] or None,
        )


class BasePartFormSet(BaseFormSet):
    def filled(self) -> list[PartForm]:
        """The rows someone typed in, in order (call after is_valid()): the parts, numbered from 1
        as split_prediction numbers them in its errors."""
        return [form for form in self.forms if form.has_changed()]

    def clean(self) -> None:
        if any(self.errors):
            return
        if len(self.filled()) < 2:
            raise ValidationError(_("Fill in at least two parts: a split makes two predictions or more."))


PartFormSet = cast(
    type[BasePartFormSet],
    formset_factory(
        PartForm,
        formset=BasePartFormSet,
        extra=PART_ROWS,
        max_num=PART_MAX,
        absolute_max=PART_MAX,
        validate_max=True,
    ),
)


class SplitForm(_WithRows, ActionForm):
    """A curator splits a compound prediction into parts (claims.services.parts.split_prediction).
    The form has no fields of its own: its rows are the parts (a formset prefixed "parts")."""

    rows: BasePartFormSet

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        auto_id: Any = self.auto_id  # as in _WithEvidence
        self.rows = PartFormSet(data, prefix="parts", auto_id=auto_id)

    @property
    def parts(self) -> list[PartInput]:
        return [form.part() for form in self.rows.filled()]

    def add_row_error(self, key: str, errors: list[ValidationError]) -> bool:
        """Show a service error keyed "parts[N].field" on the Nth part; False when `key` names no part."""
        match = _PART_ERROR_KEY.fullmatch(key)
        filled = self.rows.filled()
        if not match or not 1 <= int(match[1]) <= len(filled):
            return False
        row, field = filled[int(match[1]) - 1], match[2]
        row.add_error(field if field in row.fields else None, errors)
        return True

    def save(self, *, prediction: Prediction, by: User, now: dt.datetime, face: Face) -> list[Prediction]:
        return split_prediction(prediction=prediction, parts=self.parts, by=by, face=face, now=now)


class ForPrediction(ActionForm):
    """A form whose choices depend on the prediction it acts on: it takes `prediction=`."""

    def __init__(self, *args, prediction: Prediction, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.prediction = prediction


class LinkForm(ForPrediction):
    """A curator links this prediction to an earlier one of its speaker's
    (claims.services.lineage.link_predictions)."""

    earlier = forms.TypedChoiceField(
        label=_("Earlier prediction"),
        coerce=int,
        empty_value=None,
        help_text=_("Said by the same speaker on or before this one; newest first."),
    )
    relation = forms.ChoiceField(
        label=_("This prediction…"),
        choices=Relation.choices,
        help_text=_(
            "Said again: the same claim repeated. Revised: the claim or its deadline changed "
            "(a deadline moved later counts against the original date too). Retracted: taken back."
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=_textarea(2),
        required=False,
        help_text=_("Shown with the link in the lineage."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One query, on the page and on the POST alike; the chosen one is taken from these.
        self.candidates = {
            candidate.pk: candidate for candidate in Prediction.objects.public().linkable_to(self.prediction)
        }
        cast(forms.TypedChoiceField, self.fields["earlier"]).choices = [
            ("", "— choose one —"),
            *((pk, _choice_label(candidate)) for pk, candidate in self.candidates.items()),
        ]

    def clean_earlier(self) -> Prediction:
        return self.candidates[self.cleaned_data["earlier"]]

    def save(self, *, prediction: Prediction, by: User, now: dt.datetime, face: Face) -> PredictionLink:
        data = self.cleaned_data
        return link_predictions(
            prediction=prediction,
            earlier=data["earlier"],
            relation=data["relation"],
            note=data["note"],
            by=by,
            face=face,
            now=now,
        )


class CorrectionForm(_TodayMixin, ForPrediction):
    """A curator corrects a judged prediction (claims.services.corrections.correct_prediction):
    what was wrong, and the fields as they should be, shown as they are now. The spans are
    corrected through the API (POST /api/predictions/<id>/corrections/ with spans)."""

    what_was_wrong = forms.CharField(
        label=_("What was wrong"),
        widget=_textarea(2),
        help_text=_("Shown with the prediction to every reader, with your name and today's date."),
    )
    typo = forms.BooleanField(
        label=_("Only a typo in the statement"),
        required=False,
        help_text=_(
            "The verdict stands. Any other correction reopens review: the verdict or the votes so far "
            "stay on record and a new round judges the corrected prediction."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fields = forms.models.fields_for_model(Prediction, fields=JUDGED_FIELDS)
        fields["speaker"].queryset = Speaker.objects.order_by("name")
        for name, field in fields.items():
            field.initial = getattr(self.prediction, name if name != "speaker" else "speaker_id")
            field.required = name in ("statement", "speaker", "said_on")
            self.fields[name] = field
        self.fields["horizon_text"].help_text = "The window follows these words again unless set by hand."

    def changes(self) -> dict[str, Any]:
        """The fields whose value the curator changed."""
        return {
            name: self.cleaned_data[name]
            for name in JUDGED_FIELDS
            if self.cleaned_data.get(name) != getattr(self.prediction, name)
        }

    def save(self, *, prediction: Prediction, by: User, now: dt.datetime, face: Face) -> Correction:
        return correct_prediction(
            prediction=prediction,
            by=by,
            what_was_wrong=self.cleaned_data["what_was_wrong"],
            typo=self.cleaned_data["typo"],
            today=self.today,
            now=now,
            face=face,
            **self.changes(),
        )


def _choice_label(prediction: Prediction) -> str:
    return (
        f"#{prediction.pk} · said {prediction.said_on:%Y-%m-%d} · {Truncator(prediction.statement).chars(70)}"
    )


class DisplayNameForm(forms.Form):
    """A signed-in user's public name (claims.services.reviewers.set_display_name)."""

    display_name = forms.CharField(
        max_length=DISPLAY_NAME_MAX,
        required=False,
        label=_("Public name"),
        help_text=_(
            "Shown to everyone beside your reviews instead of your username. Leave it blank to "
            'be shown as "Reviewer #<number>".'
        ),
    )


def add_refusal(
    form: forms.BaseForm, error: ValidationError, field_names: dict[str, str] | None = None
) -> None:
    """Put a service's refusal on the form that asked for the write: each message on the field the
    service named when the form has it (field_names maps a service's key to the form's field),
    on the row it names ("parts[2].statement") when the form has rows, else above the form (a
    rule's refusal names "prediction")."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    add_row_error = getattr(form, "add_row_error", None)
    for key, messages in error.message_dict.items():
        name = (field_names or {}).get(key, key)
        if name in form.fields:
            form.add_error(name, messages)
        elif add_row_error is None or not add_row_error(name, messages):
            form.add_error(NON_FIELD_ERRORS, messages)
