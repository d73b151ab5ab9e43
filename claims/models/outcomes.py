"""The review record: every review, "too early", adjudication and undo, as append-only rows.

A prediction's current standing (resolved with a verdict, disputed, or awaiting review, perhaps
with a next-look date) is derived from these rows by claims.reviews.derive_standing and
denormalized onto the prediction by the review services in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import reviews as rules
from claims.status import Status


class Verdict(models.TextChoices):
    CAME_TRUE = "came_true", _("Came true")
    CAME_FALSE = "came_false", _("Came false")
    PARTLY_TRUE = "partly_true", _("Partly true")
    AMBIGUOUS = "ambiguous", _("Ambiguous")
    UNRESOLVABLE = "unresolvable", _("Unresolvable")


class OutcomeKind(models.TextChoices):
    REVIEW = rules.REVIEW, _("Review")
    TOO_EARLY = rules.TOO_EARLY, _("Too early")
    ADJUDICATION = rules.ADJUDICATION, _("Adjudication")
    UNDO = rules.UNDO, _("Undo")
    REOPEN = rules.REOPEN, _("Reopened by a correction")


# Reviews and "too early" are the independent reviewers' votes; one per reviewer per round.
VOTES = [OutcomeKind.REVIEW, OutcomeKind.TOO_EARLY]

_verdict = Q(verdict__gt="", known_on__isnull=False, next_look_on__isnull=True)
_too_early = Q(verdict="", known_on__isnull=True, next_look_on__isnull=False)
_nothing = Q(verdict="", known_on__isnull=True, next_look_on__isnull=True)
_reasoned = ~Q(note="")


class OutcomeQuerySet(models.QuerySet["Outcome"]):
    def history(self) -> OutcomeQuerySet:
        return self.order_by("recorded_at", "id")

    def with_evidence(self) -> OutcomeQuerySet:
        """Reviewer and evidence loaded (two queries in all), as every view of the record shows them."""
        evidence = models.Prefetch("evidence", queryset=Evidence.objects.order_by("id"))
        return self.select_related("reviewer__reviewer_profile").prefetch_related(evidence)

    def review_record(self, prediction, user) -> OutcomeQuerySet:
        """The prediction's review record as `user` may see it (blind), oldest first."""
        return self.visible_to(user).filter(prediction=prediction).with_evidence().history()

    def visible_to(self, user) -> OutcomeQuerySet:
        """Blind review: a vote in a round still under way is hidden from everyone who has not
        voted in that round themselves, except adjudicators once the round is disputed.

        Concluded rounds (an earlier round, or the current one once resolved) are public.
        """
        from claims.groups import is_adjudicator

        concluded = Q(round__lt=models.F("prediction__review_round")) | Q(prediction__status=Status.RESOLVED)
        if not user.is_authenticated:
            return self.filter(concluded)
        voted_in_round = Outcome.objects.filter(
            prediction=models.OuterRef("prediction"),
            round=models.OuterRef("round"),
            reviewer=user,
            kind__in=VOTES,
        )
        visible = concluded | Q(reviewer=user) | Q(models.Exists(voted_in_round))
        if is_adjudicator(user):
            visible |= Q(prediction__status=Status.DISPUTED)
        return self.filter(visible)


class Outcome(models.Model):
    """One event in a prediction's review record. Append-only: rows are never edited or deleted.

    kind = review: a reviewer's verdict, with when the outcome became known and the evidence.
    kind = too_early: a reviewer's "not yet knowable", with the date to look again.
    kind = adjudication: a staff member's final decision on a disputed round (a verdict or
        "too early"), with the reasoning in note.
    kind = undo: withdraws the standing verdict, with the reason in note; a new round begins.
    kind = reopen: a correction changed what was judged (what was wrong in note); a new round.
    """

    prediction = models.ForeignKey(
        "claims.Prediction", on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("prediction")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices, default=OutcomeKind.REVIEW)
    round = models.PositiveIntegerField(
        _("round"),
        default=1,
        help_text=_("The review round: a 'too early' conclusion or an undo starts the next."),
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True)
    known_on = models.DateField(
        _("known on"),
        null=True,
        blank=True,
        help_text=_("The day the outcome became publicly known (not when it was entered)."),
    )
    next_look_on = models.DateField(
        _("next look on"),
        null=True,
        blank=True,
        help_text=_("Too early: the day the prediction is flagged for review again."),
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("Reasoning; required for adjudications and undos.")
    )
    # PROTECT: deleting a user who voted would rewrite the public record (deactivate them instead).
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name=_("reviewer"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["prediction", "recorded_at", "id"]
        get_latest_by = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict__in=[*Verdict.values, ""]), name="outcome_verdict_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=OutcomeKind.values), name="outcome_kind_valid"),
            models.CheckConstraint(
                # What each kind carries: a verdict with its known date, a next look, or a reason.
                condition=Q(kind=OutcomeKind.REVIEW) & _verdict
                | Q(kind=OutcomeKind.TOO_EARLY) & _too_early
                | Q(kind=OutcomeKind.ADJUDICATION) & (_verdict | _too_early) & _reasoned
                | Q(kind__in=[OutcomeKind.UNDO, OutcomeKind.REOPEN]) & _nothing & _reasoned,
                name="outcome_fields_match_kind",
            ),
            models.UniqueConstraint(
                fields=["prediction", "round", "reviewer"],
                condition=Q(kind__in=VOTES),
                name="outcome_one_vote_per_reviewer_per_round",
            ),
            models.UniqueConstraint(
                fields=["prediction", "round"],
                condition=Q(kind=OutcomeKind.ADJUDICATION),
                name="outcome_one_adjudication_per_round",
            ),
            models.UniqueConstraint(
                fields=["prediction", "round"],
                condition=Q(kind=OutcomeKind.UNDO),
                name="outcome_one_undo_per_round",
            ),
            models.UniqueConstraint(
                fields=["prediction", "round"],
                condition=Q(kind=OutcomeKind.REOPEN),
                name="outcome_one_reopen_per_round",
            ),
        ]
        indexes = [models.Index(fields=["prediction", "-recorded_at"], name="outcome_history_idx")]
        # What the roles do, which add_outcome cannot tell apart (claims.groups grants them).
        permissions = [
            ("review_prediction", "Can review a prediction (a verdict or too early)"),
            ("adjudicate_prediction", "Can adjudicate a disputed prediction"),
            ("undo_verdict", "Can undo a standing verdict"),
        ]

    def __str__(self) -> str:
        if self.kind == OutcomeKind.TOO_EARLY or (self.kind == OutcomeKind.ADJUDICATION and not self.verdict):
            return f"{self.get_kind_display()}: look again {self.next_look_on}"
        if self.kind in (OutcomeKind.UNDO, OutcomeKind.REOPEN):
            return self.get_kind_display()
        return f"{self.get_verdict_display()} ({self.known_on})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(
                gettext("The review record is append-only: record a new event instead of editing this one.")
            )
        super().save(*args, **kwargs)


class Evidence(models.Model):
    """A piece of evidence as it was when the verdict was given, so a later edit of the page
    does not change what the reviewer saw."""

    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("outcome")
    )
    url = models.URLField(_("url"), max_length=2000)
    title = models.CharField(_("title"), max_length=300, blank=True)
    passage = models.TextField(
        _("passage"), blank=True, help_text=_("The passage quoted from the page that supports the verdict.")
    )
    retrieved_on = models.DateField(_("retrieved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["outcome", "id"]
        constraints = [
            models.CheckConstraint(
                # A quoted passage is only worth as much as the date it was read.
                condition=Q(passage="") | Q(retrieved_on__isnull=False),
                name="evidence_passage_has_retrieval_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def archived(self) -> bool:
        return bool(self.passage and self.retrieved_on)
