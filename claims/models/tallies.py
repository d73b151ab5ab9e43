"""Prediction counts kept current by database triggers (claims.tallies), so the overview,
/api/stats/ and track records sum a few small rows instead of grouping the whole table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TallyGrain(models.TextChoices):
    # Per speaker, status, verdict and confidence: track records, status and verdict counts.
    SPEAKER = "s", "per speaker"
    # Per due year (0: undated), status and verdict: the overview's timeline.
    DUE_YEAR = "y", "per due year"
    # Open dated predictions per due day: the overview's "coming due within 90 days", a sum of at
    # most 91 rows (a day grain keeps a count over any window of days exact).
    DUE_DAY = "d", "open, per due day"
    # The same two per speaker (upper case: the speaker's own "y" and "d"): a speaker page's
    # timeline reads its speaker's rows of these, not its speaker's predictions.
    SPEAKER_DUE_YEAR = "Y", "per speaker and due year"
    SPEAKER_DUE_DAY = "D", "open, per speaker and due day"


class Tally(models.Model):
    """How many predictions share one key. Written only by the triggers and recount_tallies();
    rows whose count fell to 0 stay (readers skip them)."""

    grain = models.CharField(_("grain"), max_length=1, choices=TallyGrain.choices)
    # 0 on DUE_YEAR, DUE_DAY rows; no FK: triggers write it
    speaker_id = models.BigIntegerField(_("speaker id"), default=0)
    status = models.CharField(_("status"), max_length=20)
    verdict = models.CharField(_("verdict"), max_length=20, blank=True)
    confidence = models.CharField(_("confidence"), max_length=20, blank=True)  # "" on all but SPEAKER rows
    # On the *DUE_YEAR rows; 0 for undated predictions.
    due_year = models.IntegerField(_("due year"), default=0)
    # The due day as YYYYMMDD on the *DUE_DAY rows (ordered like the dates), 0 on the others: an integer,
    # not a nullable date, because the key's columns must compare equal for the upserts.
    due_day = models.IntegerField(_("due day"), default=0)
    n = models.BigIntegerField(_("n"), default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(
                # Also the index of the DUE_DAY range sum (stats.open_due_between): all but
                # the last column fixed, a range on due_day.
                fields=["grain", "speaker_id", "status", "verdict", "confidence", "due_year", "due_day"],
                name="tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_grain_display()} {self.speaker_id} {self.status} {self.verdict} {self.due_year} {self.due_day}: {self.n}"
