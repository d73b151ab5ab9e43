"""Corrections: the one way a judged prediction's words, speaker or window change.

From its first review on, what reviewers judged (claims.models.predictions.JUDGED_FIELDS and the
spans) is frozen, by the services and by database triggers. A curator who finds it wrong appends
a Correction: what was wrong, the fields before and after, who and when. A correction that
changes what was judged reopens review (a new round, claims.reviews.REOPEN); one that only fixes
a typo in the statement does not. Append-only, and part of the public record's hash chain.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.models.history import Face, FieldChange, value_text


class Correction(models.Model):
    prediction = models.ForeignKey(
        "claims.Prediction",
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("prediction"),
    )
    number = models.PositiveIntegerField(
        _("number"), help_text=_("1 for a prediction's first correction, then 2, 3…")
    )
    what_was_wrong = models.TextField(
        _("what was wrong"), help_text=_("What was wrong, for every reader of the prediction.")
    )
    changes = models.JSONField(
        _("changes"), help_text=_('{"field": [before, after]}; "spans": [the spans before, the spans after].')
    )
    reopened_review = models.BooleanField(
        _("reopened review"),
        help_text=_("It changed what was judged: the verdict was set aside and a new round began."),
    )
    # PROTECT: deleting its author would rewrite the public record (deactivate them instead).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    face = models.CharField(_("face"), max_length=20, choices=Face.choices)
    made_at = models.DateTimeField(_("made at"))

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["prediction", "number"]
        constraints = [
            models.UniqueConstraint(fields=["prediction", "number"], name="correction_numbered_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="correction_number_positive"),
            models.CheckConstraint(condition=~Q(what_was_wrong=""), name="correction_says_what_was_wrong"),
        ]

    def __str__(self) -> str:
        return f"Correction {self.number} of #{self.prediction_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(
                gettext("Corrections are append-only: append a new one instead of editing this one.")
            )
        super().save(*args, **kwargs)

    def field_changes(self) -> list[FieldChange]:
        """Each field with its value before and after, as text (spans by their quotes), as the
        edit history shows its changes."""
        rows = []
        for name, (before, after) in self.changes.items():
            if name == "spans":
                before, after = ([span["quote"] for span in spans] for spans in (before, after))
            rows.append(FieldChange(name, value_text(before), value_text(after)))
        return rows
