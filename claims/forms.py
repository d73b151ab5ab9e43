"""Forms of the dashboard pages (the filter form comes from claims.filters.PredictionFilter).

They only parse what a person typed (the link form also offers the predictions one may link
to); the rules (who may vote when, what a decision needs, what may be split or linked) are
checked by the services they feed, whose ValidationErrors the views show on these forms.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.text import Truncator

from claims.filters import DayInput
from claims.models import Prediction, Relation, Verdict
from claims.reviews import TOO_EARLY
from claims.services.parts import PartInput
from claims.services.reviews import EvidenceInput

# Blank evidence rows on a form: there is no script to add one, so offer enough for the usual
# case (the page, and a second source that confirms it) and one spare.
EVIDENCE_ROWS = 3
EVIDENCE_MAX = 10


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _not_after(day: dt.date, today: dt.date, what: str) -> None:
    if day > today:
        raise ValidationError(f"{day} is in the future: give {what} (today at the latest).")


class _TodayMixin:
    def __init__(self, *args, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()


class EvidenceForm(_TodayMixin, forms.Form):
    """One piece of evidence as the reviewer saw it; a row left blank is skipped."""

    url = forms.CharField(label="URL", max_length=2000, required=False)
    title = forms.CharField(label="Page title", max_length=300, required=False)
    passage = forms.CharField(
        label="Quoted passage",
        widget=_textarea(2),
        required=False,
        help_text="The words on the page that support the verdict, copied exactly.",
    )
    retrieved_on = forms.DateField(label="Read on", widget=DayInput(), required=False)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise ValidationError(
                    f"«{url}» is not a URL (it must start with http:// or https://)."
                ) from None
        return url

    def clean_retrieved_on(self) -> dt.date | None:
        day = self.cleaned_data["retrieved_on"]
        if day is not None:
            _not_after(day, self.today, "the day you read the page")
        return day

    def clean(self) -> dict:
        data = super().clean()
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


EvidenceFormSet = formset_factory(
    EvidenceForm,
    formset=BaseEvidenceFormSet,
    extra=EVIDENCE_ROWS,
    max_num=EVIDENCE_MAX,
    absolute_max=EVIDENCE_MAX,
    validate_max=True,
)


class _WithRows:
    """A form with rows under it: a formset, in `rows`, that its __init__ makes."""

    rows: BaseFormSet

    def is_valid(self) -> bool:
        # Both, always: a mistake in a row shows along with the form's own.
        own = super().is_valid()
        return self.rows.is_valid() and own


class _WithEvidence(_WithRows, _TodayMixin):
    """A form with rows of evidence under it (a formset prefixed "evidence")."""

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.rows = EvidenceFormSet(data, prefix="evidence", auto_id=self.auto_id, today=self.today)

    @property
    def evidence_rows(self) -> BaseEvidenceFormSet:
        return self.rows

    @property
    def evidence(self) -> list[EvidenceInput]:
        return self.evidence_rows.evidence()


class ReviewForm(_WithEvidence, forms.Form):
    """A reviewer's verdict: one vote in the current round (claims.services.reviews.record_outcome)."""

    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.RadioSelect)
    known_on = forms.DateField(
        label="Known on", widget=DayInput(), help_text="The day the outcome became publicly known."
    )
    note = forms.CharField(label="Reasoning", widget=_textarea(), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["known_on"].initial = self.today

    def clean_known_on(self) -> dt.date:
        known_on = self.cleaned_data["known_on"]
        _not_after(known_on, self.today, "the day the outcome became known")
        return known_on


class TooEarlyForm(_TodayMixin, forms.Form):
    """A reviewer's "too early to judge" (claims.services.reviews.record_too_early)."""

    next_look_on = forms.DateField(
        label="Look again on", widget=DayInput(), help_text="It is flagged for review again on this day."
    )
    note = forms.CharField(label="Why it cannot be judged yet", widget=_textarea(2), required=False)


class AdjudicationForm(_WithEvidence, forms.Form):
    """An adjudicator's final decision on a disputed round (claims.services.reviews.adjudicate)."""

    verdict = forms.ChoiceField(
        label="Decision",
        choices=[*Verdict.choices, (TOO_EARLY, "Too early to judge")],
        widget=forms.RadioSelect,
    )
    known_on = forms.DateField(
        label="Known on",
        widget=DayInput(),
        required=False,
        help_text="For a verdict: when the outcome became known.",
    )
    next_look_on = forms.DateField(
        label="Look again on",
        widget=DayInput(),
        required=False,
        help_text="For “too early”: when to review it again.",
    )
    reasoning = forms.CharField(
        widget=_textarea(), help_text="Why you decided so, with reference to the reviews that disagreed."
    )

    def clean_known_on(self) -> dt.date | None:
        known_on = self.cleaned_data["known_on"]
        if known_on is not None:
            _not_after(known_on, self.today, "the day the outcome became known")
        return known_on

    def clean(self) -> dict:
        data = super().clean()
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


class UndoForm(forms.Form):
    """Withdraw a standing verdict (claims.services.reviews.undo_verdict)."""

    reason = forms.CharField(
        widget=_textarea(2), help_text="Recorded with the undo for everyone to read; nothing is deleted."
    )


class ClarificationForm(forms.Form):
    """A curator's note appended to frozen criteria (claims.services.criteria.add_clarification)."""

    text = forms.CharField(
        label="Clarification",
        widget=_textarea(2),
        help_text="Appended with your name and today's date; the criteria themselves stay as reviewers read them.",
    )


# Part rows on the split form: the two a split needs and a spare (there is no script to add one).
PART_ROWS = 3
PART_MAX = 10
# How a split_prediction error names the field of a part: "parts[2].resolution_criteria".
_PART_ERROR_KEY = re.compile(r"parts\[(\d+)\]\.(\w+)")


class PartForm(forms.Form):
    """One part of a compound prediction; a row left blank is skipped."""

    statement = forms.CharField(
        widget=_textarea(2), help_text="This part alone, in the words and language of the original."
    )
    statement_en = forms.CharField(label="English paraphrase", widget=_textarea(2), required=False)
    resolution_criteria = forms.CharField(
        widget=_textarea(2), help_text="What would make this part come true, checkable by a reviewer."
    )
    horizon_text = forms.CharField(
        label="Horizon words",
        max_length=Prediction._meta.get_field("horizon_text").max_length,
        required=False,
        help_text="Only if this part has its own; empty keeps the compound prediction's.",
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
            raise ValidationError("Fill in at least two parts: a split makes two predictions or more.")


PartFormSet = formset_factory(
    PartForm,
    formset=BasePartFormSet,
    extra=PART_ROWS,
    max_num=PART_MAX,
    absolute_max=PART_MAX,
    validate_max=True,
)


class SplitForm(_WithRows, forms.Form):
    """A curator splits a compound prediction into parts (claims.services.parts.split_prediction).
    The form has no fields of its own: its rows are the parts (a formset prefixed "parts")."""

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.rows = PartFormSet(data, prefix="parts", auto_id=self.auto_id)

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


class ForPrediction(forms.Form):
    """A form whose choices depend on the prediction it acts on: it takes `prediction=`."""

    def __init__(self, *args, prediction: Prediction, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.prediction = prediction


class LinkForm(ForPrediction):
    """A curator links this prediction to an earlier one of its speaker's
    (claims.services.lineage.link_predictions)."""

    earlier = forms.TypedChoiceField(
        label="Earlier prediction",
        coerce=int,
        empty_value=None,
        help_text="Said by the same speaker on or before this one; newest first.",
    )
    relation = forms.ChoiceField(
        label="This prediction…",
        choices=Relation.choices,
        help_text="Said again: the same claim repeated. Revised: the claim or its deadline changed "
        "(a deadline moved later counts against the original date too). Retracted: taken back.",
    )
    note = forms.CharField(
        widget=_textarea(2), required=False, help_text="Shown with the link in the lineage."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One query, on the page and on the POST alike; the chosen one is taken from these.
        self.candidates = {
            candidate.pk: candidate for candidate in Prediction.objects.public().linkable_to(self.prediction)
        }
        self.fields["earlier"].choices = [
            ("", "— choose one —"),
            *((pk, _choice_label(candidate)) for pk, candidate in self.candidates.items()),
        ]

    def clean_earlier(self) -> Prediction:
        return self.candidates[self.cleaned_data["earlier"]]


def _choice_label(prediction: Prediction) -> str:
    return (
        f"#{prediction.pk} · said {prediction.said_on:%Y-%m-%d} · {Truncator(prediction.statement).chars(70)}"
    )
