"""Forms of the dashboard pages (the filter form comes from claims.filters.PredictionFilter)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from claims.filters import DayInput
from claims.models import Verdict


class OutcomeForm(forms.Form):
    """What a reviewer records from a prediction page; claims.services.reviews does the writing."""

    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.RadioSelect)
    known_on = forms.DateField(
        label="Known on",
        widget=DayInput(),
        help_text="The day the outcome became publicly known.",
    )
    evidence = forms.CharField(
        label="Evidence URLs",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One URL per line.",
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["known_on"].initial = self.today

    def clean_known_on(self) -> dt.date:
        known_on = self.cleaned_data["known_on"]
        if known_on > self.today:
            raise ValidationError(
                f"{known_on} is in the future: give the day the outcome became known (today at the latest)."
            )
        return known_on

    def clean_evidence(self) -> list[str]:
        urls = [line.strip() for line in self.cleaned_data["evidence"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for url in urls:
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(
                    f"«{url}» is not a URL (one URL per line, starting with http:// or https://)."
                ) from None
        return urls

    def clean(self) -> dict:
        data = super().clean()
        if "evidence" in data and not data["evidence"] and not data.get("note", "").strip():
            raise ValidationError("Give evidence: at least one URL or a note.")
        return data
