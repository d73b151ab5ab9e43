"""Prediction counts kept current by database triggers (claims.tallies), so the overview,
/api/stats/ and track records sum a few small rows instead of grouping the whole table."""

from __future__ import annotations

from django.db import models


class TallyGrain(models.TextChoices):
    # Per speaker, status, verdict and confidence: track records, status and verdict counts.
    SPEAKER = "s", "per speaker"
    # Per due year (0: undated), status and verdict: the overview's timeline.
    DUE_YEAR = "y", "per due year"


class Tally(models.Model):
    """How many predictions share one key. Written only by the triggers and recount_tallies();
    rows whose count fell to 0 stay (readers skip them)."""

    grain = models.CharField(max_length=1, choices=TallyGrain.choices)
    speaker_id = models.BigIntegerField(default=0)  # 0 on DUE_YEAR rows; no FK: triggers write it
    status = models.CharField(max_length=20)
    verdict = models.CharField(max_length=20, blank=True)
    confidence = models.CharField(max_length=20, blank=True)  # "" on DUE_YEAR rows
    due_year = models.IntegerField(default=0)  # 0 on SPEAKER rows and for undated predictions
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "speaker_id", "status", "verdict", "confidence", "due_year"],
                name="tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_grain_display()} {self.speaker_id} {self.status} {self.verdict} {self.due_year}: {self.n}"
