from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Verdict(models.TextChoices):
    CAME_TRUE = "came_true", "Came true"
    CAME_FALSE = "came_false", "Came false"
    PARTLY_TRUE = "partly_true", "Partly true"
    AMBIGUOUS = "ambiguous", "Ambiguous"
    UNRESOLVABLE = "unresolvable", "Unresolvable"


class Outcome(models.Model):
    """What happened, as a reviewer judged it. Append-only: the newest row is the current verdict."""

    prediction = models.ForeignKey("claims.Prediction", on_delete=models.CASCADE, related_name="outcomes")
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    known_on = models.DateField(help_text="The day the outcome became publicly known.")
    evidence_urls = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="outcomes"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["prediction", "recorded_at", "id"]
        get_latest_by = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(verdict__in=Verdict.values), name="outcome_verdict_valid"),
        ]
        indexes = [models.Index(fields=["prediction", "-recorded_at"], name="outcome_history_idx")]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} ({self.known_on})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(
                "Outcomes are append-only: record a new outcome instead of editing this one."
            )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.evidence_urls and not self.note.strip():
            raise ValidationError({"note": "Give evidence: at least one URL or a note."})
