from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from claims import horizons
from claims.dates import implausible, validate_plausible_date
from claims.models.outcomes import Verdict
from claims.querysets import PredictionQuerySet
from claims.status import Status


class Kind(models.TextChoices):
    PREDICTION = "prediction", _("Prediction")
    CLAIM = "claim", _("Claim")


# The statuses a review can be given in: not a draft, not resolved (undo first), not
# withdrawn, not split (its parts are reviewed instead), not disputed (adjudication next).
REVIEWABLE = [Status.OPEN, Status.DUE]
# The statuses a judged prediction can be corrected in: not withdrawn (nothing is judged any
# more) and not split (its parts are corrected instead).
CORRECTABLE = [Status.OPEN, Status.DUE, Status.DISPUTED, Status.RESOLVED]
# What reviewers judged: frozen from the first review on, changed only by a correction
# (claims.services.corrections), in the services and by a database trigger (migration 0017).
JUDGED_FIELDS = (
    "statement",
    "speaker",
    "kind",
    "confidence",
    "said_on",
    "horizon_text",
    "window_overridden",
    "due_earliest",
    "due_latest",
)
# The statuses a prediction can be split in (and only before its first review): a draft's parts
# are drafts, an open or due one's are open.
SPLITTABLE = [Status.DRAFT, Status.OPEN, Status.DUE]


class Confidence(models.TextChoices):
    UNKNOWN = "", _("Not expressed")
    CERTAIN = "certain", _("Certain")
    EXPECTS = "expects", _("Expects")
    LIKELY = "likely", _("Thinks likely")
    MAYBE = "maybe", _("Maybe")


# The probability each expressed confidence stands for in Brier scores.
CONFIDENCE_PROBABILITY: dict[str, float] = {
    Confidence.CERTAIN: 0.95,
    Confidence.EXPECTS: 0.8,
    Confidence.LIKELY: 0.65,
    Confidence.MAYBE: 0.5,
}


class Topic(models.Model):
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


def reviewers_required_setting() -> int:
    return settings.REVIEWERS_REQUIRED


class Prediction(models.Model):
    key = models.SlugField(
        _("key"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable identifier from an import file, so re-imports update nothing twice."),
    )
    statement = models.TextField(_("statement"), help_text=_("As said, in the original language."))
    statement_en = models.TextField(_("English paraphrase"), blank=True)
    speaker = models.ForeignKey(
        "claims.Speaker", on_delete=models.PROTECT, related_name="predictions", verbose_name=_("speaker")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PREDICTION)
    said_on = models.DateField(
        _("said on"),
        help_text=_("The day the words were said; defaults from the source."),
        validators=[validate_plausible_date],
    )
    horizon_text = models.CharField(
        _("horizon words"), max_length=200, blank=True, help_text=_("Empty when the speaker gave no horizon.")
    )
    due_earliest = models.DateField(
        _("due earliest"), null=True, blank=True, validators=[validate_plausible_date]
    )
    due_latest = models.DateField(
        _("due latest"),
        null=True,
        blank=True,
        help_text=_("Empty = undated: never flagged due, reviewable any time."),
        validators=[validate_plausible_date],
    )
    vague = models.BooleanField(_("vague"), default=False)
    boundary_ambiguous = models.BooleanField(_("boundary ambiguous"), default=False)
    rules_version = models.CharField(
        _("rules version"),
        max_length=20,
        blank=True,
        help_text=_("Version of the horizon conventions that computed the window."),
    )
    window_overridden = models.BooleanField(
        _("window set by hand"),
        default=False,
        help_text=_("Keep the due dates as entered instead of computing them from the horizon words."),
    )
    confidence = models.CharField(
        _("confidence"), max_length=20, choices=Confidence.choices, blank=True, default=Confidence.UNKNOWN
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="predictions", verbose_name=_("topics"))
    resolution_criteria = models.TextField(
        _("resolution criteria"),
        blank=True,
        help_text=_(
            "What settles it, written before the prediction is open. Frozen once a first review "
            "exists; add clarifications after that."
        ),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        help_text=_("The compound prediction this one was split from."),
        verbose_name=_("parent"),
    )
    reviewers_required = models.PositiveSmallIntegerField(
        _("reviewers required"),
        default=reviewers_required_setting,
        help_text=_(
            "Independent reviewers who must judge it before a verdict stands (REVIEWERS_REQUIRED "
            "when it was created)."
        ),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    # The standing below is derived from the review record (claims.reviews.derive_standing) and
    # denormalized by the review services in the same transaction, so that filtering 100k
    # predictions by verdict, or showing the agreement behind it, needs no subquery.
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True)
    review_round = models.PositiveIntegerField(_("review round"), default=1)
    next_look_on = models.DateField(
        _("next look on"),
        null=True,
        blank=True,
        help_text=_("Set by a 'too early' review: flagged for review again on this day."),
    )
    verdict_known_on = models.DateField(_("verdict known on"), null=True, blank=True)
    verdict_reviewers = models.PositiveSmallIntegerField(
        _("verdict reviewers"),
        default=0,
        help_text=_("How many of the round's reviewers gave the standing verdict."),
    )
    verdict_adjudicated = models.BooleanField(_("verdict adjudicated"), default=False)
    verdict_evidence_archived = models.BooleanField(_("verdict evidence archived"), default=False)
    correction_count = models.PositiveIntegerField(
        _("correction count"),
        default=0,
        help_text=_(
            "Corrections appended since its first review (claims.Correction), the one way its judged "
            "fields change."
        ),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Bumped on every update (optimistic locking).")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PredictionQuerySet.as_manager()

    if TYPE_CHECKING:
        # Set on some instances only, for the type checker: a page of the API's list
        # (api.relations.attach_relations) and the admin's answers kept per instance
        # (claims.admin.reviews).
        api_topics: list[str]
        api_spans: list[dict[str, Any]]
        api_clarifications: list[tuple[str, str | None, dt.datetime]]
        api_parts: list[int]
        api_corrections: list[dict[str, Any]]
        _hindsight_frozen_since: dt.datetime | None
        _hindsight_has_voted: bool

    class Meta:
        verbose_name = _("prediction")
        verbose_name_plural = _("predictions")
        ordering = ["due_latest", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_earliest__isnull=True)
                | Q(due_latest__isnull=True)
                | Q(due_earliest__lte=F("due_latest")),
                name="prediction_window_ordered",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="prediction_status_valid"),
            models.CheckConstraint(
                condition=Q(verdict__in=[*Verdict.values, ""]), name="prediction_verdict_valid"
            ),
            models.CheckConstraint(
                # A resolved prediction always has a verdict, and only a resolved one does.
                condition=Q(status=Status.RESOLVED, verdict__gt="")
                | (~Q(status=Status.RESOLVED) & Q(verdict="")),
                name="prediction_verdict_iff_resolved",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.RESOLVED, verdict_known_on__isnull=False)
                | (
                    ~Q(status=Status.RESOLVED)
                    & Q(
                        verdict_known_on__isnull=True,
                        verdict_reviewers=0,
                        verdict_adjudicated=False,
                        verdict_evidence_archived=False,
                    )
                ),
                name="prediction_verdict_basis_iff_resolved",
            ),
            models.CheckConstraint(
                # Criteria are written before a prediction goes public, not after its review.
                condition=Q(status__in=[Status.DRAFT, Status.WITHDRAWN]) | ~Q(resolution_criteria=""),
                name="prediction_criteria_before_open",
            ),
            models.CheckConstraint(
                condition=Q(reviewers_required__gte=1), name="prediction_reviewers_required_positive"
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="prediction_not_its_own_part"),
        ]
        indexes = [
            # flag_due_predictions: open predictions whose due_latest has passed. With id, also the
            # overview's first ten coming due and first ten open past their day, read in order
            # (due_latest, id) and stopped at the LIMIT.
            models.Index(
                fields=["due_latest", "id"],
                name="prediction_open_due_idx",
                condition=Q(status=Status.OPEN, due_latest__isnull=False),
            ),
            # flag_due_predictions: undated predictions a "too early" review set a next look for.
            models.Index(
                fields=["next_look_on"],
                name="prediction_open_next_look_idx",
                condition=Q(status=Status.OPEN, next_look_on__isnull=False),
            ),
            # The review backlog's oldest next look, among the few predictions that have one.
            models.Index(
                fields=["next_look_on"],
                name="prediction_next_look_idx",
                condition=Q(next_look_on__isnull=False),
            ),
            # The dashboard's recently resolved: newest known verdicts first.
            models.Index(
                F("verdict_known_on").desc(),
                F("id").desc(),
                name="prediction_recent_verdict_idx",
                condition=Q(status=Status.RESOLVED),
            ),
            # The overview's first ten flagged due or disputed by due date, read in index order
            # (prediction_status_due_idx gives one status at a time: all of them were sorted).
            models.Index(
                fields=["due_latest", "id"],
                name="prediction_flagged_due_idx",
                condition=Q(status__in=[Status.DUE, Status.DISPUTED]),
            ),
            # The overview's newest undated predictions, in index order.
            models.Index(
                F("said_on").desc(),
                F("id").desc(),
                name="prediction_undated_said_idx",
                condition=Q(due_latest__isnull=True),
            ),
            # Dashboard and API lists filter by status and sort by due date.
            models.Index(fields=["status", "due_latest"], name="prediction_status_due_idx"),
            models.Index(fields=["speaker", "status"], name="prediction_speaker_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.statement[:60]}"

    def save(self, *args, **kwargs) -> None:
        self.apply_horizon_window()
        super().save(*args, **kwargs)

    @property
    def verdict_agreement(self) -> str:
        """The agreement behind the standing verdict, from this row alone (lists show it with no
        query): "2/2 reviewers · evidence archived · known 2025-04-05", or "adjudicated (1/2
        reviewers agreed) · known 2025-07-17", in the active language. Empty when no verdict stands."""
        if self.status != Status.RESOLVED or not self.verdict:
            return ""
        agreed, required = self.verdict_reviewers, self.reviewers_required
        values = {"agreed": agreed, "required": required}
        if self.verdict_adjudicated:
            parts = [
                ngettext(
                    "adjudicated (%(agreed)s/%(required)s reviewer agreed)",
                    "adjudicated (%(agreed)s/%(required)s reviewers agreed)",
                    required,
                )
                % values
            ]
        else:
            parts = [
                ngettext("%(agreed)s/%(required)s reviewer", "%(agreed)s/%(required)s reviewers", required)
                % values
            ]
        if self.verdict_evidence_archived:
            parts.append(gettext("evidence archived"))
        if self.verdict_known_on:
            parts.append(gettext("known %(day)s") % {"day": f"{self.verdict_known_on:%Y-%m-%d}"})
        return " · ".join(parts)

    @property
    def probability(self) -> float | None:
        """The probability the speaker's expressed confidence stands for; None when none was expressed."""
        return CONFIDENCE_PROBABILITY.get(self.confidence)

    def compute_window(self) -> horizons.Window:
        return horizons.compute_window(self.horizon_text, self.said_on)

    def apply_horizon_window(self) -> None:
        """Set the due window from the horizon words, unless a curator set it by hand.

        Horizon words whose date leaves the calendar, or lands outside the plausible dates
        (claims.dates), are a ValidationError on horizon_text: never a silently undated prediction.
        """
        if self.window_overridden or self.said_on is None or implausible(self.said_on):
            return
        window = self.compute_window()
        if window.overflowed:
            raise ValidationError(
                {
                    "horizon_text": gettext(
                        "«%(words)s» puts the due date past the end of the calendar: check the number, or "
                        "set the due window by hand."
                    )
                    % {"words": window.overflowed}
                }
            )
        problem = implausible(window.due_latest) or implausible(window.due_earliest)
        if problem:
            raise ValidationError(
                {
                    "horizon_text": gettext(
                        "«%(words)s» gives a due window outside the plausible dates: %(problem)s Set the due "
                        "window by hand if the words mean it."
                    )
                    % {"words": window.matched, "problem": problem}
                }
            )
        self.due_earliest = window.due_earliest
        self.due_latest = window.due_latest
        self.vague = window.vague
        self.boundary_ambiguous = window.boundary_ambiguous
        self.rules_version = horizons.RULES_VERSION

    def clean(self) -> None:
        self.apply_horizon_window()
        if self.due_earliest and self.due_latest and self.due_earliest > self.due_latest:
            raise ValidationError(
                {
                    "due_earliest": gettext(
                        "The window starts (%(earliest)s) after it ends (%(latest)s); make due_earliest on or "
                        "before due_latest."
                    )
                    % {"earliest": self.due_earliest, "latest": self.due_latest}
                }
            )
        if self.status == Status.RESOLVED and not self.verdict:
            raise ValidationError(
                {"status": gettext("A prediction becomes resolved by recording an outcome, not by hand.")}
            )
        if self.status not in (Status.DRAFT, Status.WITHDRAWN) and not self.resolution_criteria.strip():
            raise ValidationError(
                {
                    "resolution_criteria": gettext(
                        "Write the resolution criteria (what would make it come true) before the prediction "
                        "is open; keep it a draft until then."
                    )
                }
            )
