from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Digest(models.Model):
    """One reviewer's digest email for one run: the outbox row that makes sending idempotent.

    Lifecycle: created pending (processed_at empty) -> claimed by one worker with a
    compare-and-set on claimed_at -> emailed after commit -> processed_at set. A claim older
    than the lease (see claims.services.digest) belongs to a dead worker and may be taken over.
    """

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests", verbose_name=_("reviewer")
    )
    run_on = models.DateField(_("run on"), help_text=_("The day of the digest run this email belongs to."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    emailed = models.BooleanField(
        _("emailed"), default=False, help_text=_("False when there was nothing to report.")
    )
    newly_due = models.PositiveIntegerField(_("newly due"), default=0)
    upcoming = models.PositiveIntegerField(_("upcoming"), default=0)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-run_on", "reviewer_id"]
        constraints = [
            # A retried or repeated run on the same day creates no second digest.
            models.UniqueConstraint(fields=["reviewer", "run_on"], name="digest_once_per_reviewer_per_run"),
            # A digest left pending by a crash is sent by the next run instead of a new one,
            # so a reviewer never gets two emails from one run.
            models.UniqueConstraint(
                fields=["reviewer"],
                condition=Q(processed_at__isnull=True),
                name="digest_one_pending_per_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"digest for {self.reviewer_id} on {self.run_on}"


class DigestItem(models.Model):
    """A due flag told to one reviewer, in one digest. Unique per reviewer: never told twice."""

    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, related_name="items", verbose_name=_("digest")
    )
    # Denormalized from digest.reviewer so the database can enforce "once per reviewer".
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reviewer")
    )
    due_flag = models.ForeignKey(
        "claims.DueFlag", on_delete=models.CASCADE, related_name="digest_items", verbose_name=_("due flag")
    )

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        ordering = ["digest", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "due_flag"], name="digestitem_once_per_reviewer"),
        ]

    def __str__(self) -> str:
        return f"flag {self.due_flag_id} in digest {self.digest_id}"
