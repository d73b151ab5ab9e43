from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Relation(models.TextChoices):
    RESTATEMENT = "restatement", _("Said again")
    REVISION = "revision", _("Revised")
    RETRACTION = "retraction", _("Retracted")


class PredictionLink(models.Model):
    """A later prediction linked to an earlier one by the same speaker.

    revision: the later one moves the deadline or changes the claim; a deadline moved later is a
    slipped deadline and counts against the original date as well as the new one.
    """

    prediction = models.ForeignKey(
        "claims.Prediction", on_delete=models.CASCADE, related_name="links", verbose_name=_("prediction")
    )
    earlier = models.ForeignKey(
        "claims.Prediction", on_delete=models.CASCADE, related_name="later_links", verbose_name=_("earlier")
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("prediction link")
        verbose_name_plural = _("prediction links")
        ordering = ["prediction", "earlier"]
        constraints = [
            models.UniqueConstraint(fields=["prediction", "earlier"], name="link_once_per_pair"),
            models.CheckConstraint(condition=~Q(prediction=F("earlier")), name="link_not_to_itself"),
            models.CheckConstraint(condition=Q(relation__in=Relation.values), name="link_relation_valid"),
        ]
        indexes = [models.Index(fields=["earlier"], name="link_earlier_idx")]

    def __str__(self) -> str:
        return f"#{self.prediction_id} {self.get_relation_display().lower()} #{self.earlier_id}"
