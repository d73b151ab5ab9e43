from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _


class CandidateState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class CandidateQuerySet(models.QuerySet["ExtractionCandidate"]):
    def review_queue(self, source_id: int | None = None) -> CandidateQuerySet:
        """Proposed candidates in text order: what a curator still has to decide."""
        queryset = self.filter(state=CandidateState.PROPOSED)
        if source_id is not None:
            queryset = queryset.filter(source_id=source_id)
        return queryset.order_by("source_id", "start", "end")

    def in_text_order(self) -> CandidateQuerySet:
        return self.order_by("source_id", "start", "end")

    def in_score_band(self, band: str) -> CandidateQuerySet:
        """Candidates whose score falls in SCORE_BANDS[band] (low bound included, high excluded)."""
        low, high = SCORE_BANDS[band][1:]
        return self.filter(score__gte=low, score__lt=high)

    def with_horizon(self, present: bool = True) -> CandidateQuerySet:
        """Candidates with (or without) horizon words: the ones a window can be computed for."""
        return self.exclude(horizon_text="") if present else self.filter(horizon_text="")


# The review queue's confidence bands over the extractor's score: band -> (label, low, high).
SCORE_BANDS: dict[str, tuple[str, float, float]] = {
    "high": ("High (0.7 and over)", 0.7, float("inf")),
    "medium": ("Medium (0.4 to 0.7)", 0.4, 0.7),
    "low": ("Low (under 0.4)", float("-inf"), 0.4),
}


class ExtractionCandidate(models.Model):
    """A passage of a source that the extractor proposes as a prediction, and the curator's decision.

    Rows are never deleted when a curator decides: the (source, start, end) unique constraint is
    what stops a re-run of the extractor from proposing again what was accepted or rejected.
    """

    source = models.ForeignKey(
        "claims.Source", on_delete=models.CASCADE, related_name="candidates", verbose_name=_("source")
    )
    start = models.PositiveIntegerField(_("start"), help_text=_("Code-point offset of the first character."))
    end = models.PositiveIntegerField(
        _("end"), help_text=_("Code-point offset just past the last character.")
    )
    quote = models.TextField(_("quote"))
    # Up to 32 code points either side, so the review queue shows the context without loading the
    # source's text (tens of kilobytes) for every row.
    prefix = models.CharField(_("prefix"), max_length=32, blank=True)
    suffix = models.CharField(_("suffix"), max_length=32, blank=True)
    horizon_text = models.CharField(_("horizon words"), max_length=200, blank=True)
    due_earliest = models.DateField(_("due earliest"), null=True, blank=True)
    due_latest = models.DateField(_("due latest"), null=True, blank=True, help_text=_("Empty = undated."))
    score = models.FloatField(
        _("score"), help_text=_("0 to 1: how likely the passage is a checkable prediction.")
    )
    speaker_label = models.CharField(
        _("speaker label"),
        max_length=200,
        blank=True,
        help_text=_("Who speaks, as the transcript's label says."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="restatements",
        help_text=_("The candidate this one probably restates (e.g. an article's summary)."),
        verbose_name=_("duplicate of"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CandidateState.choices, default=CandidateState.PROPOSED
    )
    prediction = models.ForeignKey(
        "claims.Prediction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
        verbose_name=_("prediction"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["source_id", "start", "end"]
        constraints = [
            # Re-running extraction inserts with ON CONFLICT DO NOTHING against this.
            models.UniqueConstraint(fields=["source", "start", "end"], name="candidate_once_per_span"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="candidate_end_after_start"),
            models.CheckConstraint(
                condition=Exact(Length("quote"), F("end") - F("start")), name="candidate_quote_length"
            ),
            models.CheckConstraint(
                condition=Q(state__in=CandidateState.values), name="candidate_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=CandidateState.ACCEPTED) | Q(prediction__isnull=True),
                name="candidate_prediction_only_when_accepted",
            ),
        ]
        indexes = [
            # The review queue: one source's candidates in a state, in text order.
            models.Index(fields=["source", "state", "start"], name="candidate_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"[{self.start}, {self.end}) «{self.quote[:40]}»"

    @property
    def is_dated(self) -> bool:
        return self.due_latest is not None
