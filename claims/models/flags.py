from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DueFlag(models.Model):
    """The event of a prediction coming due for review on one particular date.

    due_on is the prediction's due_latest when its window closed, or the next-look date a "too
    early" review set. The unique constraint is what makes flagging idempotent: a retry, a
    second worker or a crash-and-rerun inserts nothing twice. A curator moving due_latest
    earlier, or a "too early" review, gets a new flag.
    """

    # No index of its own: the unique (prediction, due_on) index below serves lookups by
    # prediction, and flagging 250,000 predictions at once pays for every extra index.
    prediction = models.ForeignKey(
        "claims.Prediction",
        on_delete=models.CASCADE,
        related_name="due_flags",
        db_index=False,
        verbose_name=_("prediction"),
    )
    due_on = models.DateField(_("due on"))
    flagged_at = models.DateTimeField(_("flagged at"))

    class Meta:
        verbose_name = _("due flag")
        verbose_name_plural = _("due flags")
        ordering = ["-flagged_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["prediction", "due_on"], name="dueflag_once_per_due_date"),
        ]

    def __str__(self) -> str:
        return f"#{self.prediction_id} due {self.due_on}"
