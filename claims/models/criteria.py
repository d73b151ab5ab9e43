from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Clarification(models.Model):
    """A note appended to a prediction's resolution criteria once they are frozen (after the
    first review). Append-only, so what reviewers judged against can always be reconstructed."""

    prediction = models.ForeignKey(
        "claims.Prediction",
        on_delete=models.CASCADE,
        related_name="clarifications",
        verbose_name=_("prediction"),
    )
    text = models.TextField(_("text"))
    # PROTECT: deleting its author would rewrite the public record (deactivate them instead).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["prediction", "added_at", "id"]
        constraints = [models.CheckConstraint(condition=~models.Q(text=""), name="clarification_not_empty")]

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(
                gettext("Clarifications are append-only: add a new one instead of editing this one.")
            )
        super().save(*args, **kwargs)
