"""A corpus run: many transcripts imported and extracted by however many Celery workers run.

One CorpusFile row per file is the claim ticket (healthchecks' Flip): a worker takes a file with a
conditional UPDATE of claimed_at, and the claim is a lease, so a file whose worker died is taken
again by a resume once the lease has run out. A file is finished (done or failed) in the same
transaction that imports and extracts it, so it is imported at most once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _


class CorpusFileState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# Longer than the task's hard time limit (claims.extraction.tasks), so a live worker never loses
# its file to a resume; a dead worker's file is free again after this long.
CLAIM_LEASE = dt.timedelta(minutes=10)


class CorpusRunQuerySet(models.QuerySet["CorpusRun"]):
    def with_progress(self) -> CorpusRunQuerySet:
        """Each run with files_total, files_done and files_failed: one grouped query."""
        return self.annotate(
            files_total=Count("files"),
            files_done=Count("files", filter=Q(files__state=CorpusFileState.DONE)),
            files_failed=Count("files", filter=Q(files__state=CorpusFileState.FAILED)),
        )


class CorpusRun(models.Model):
    label = models.CharField(_("label"), max_length=500, help_text=_("The paths the run was started with."))
    said_on = models.DateField(
        _("said on"),
        null=True,
        blank=True,
        help_text=_("For sources with no date of their own: windows count from it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"))

    objects = CorpusRunQuerySet.as_manager()

    if TYPE_CHECKING:
        # Set by CorpusRunQuerySet.with_progress() and by the API's answer, for the type checker.
        files_total: int
        files_done: int
        files_failed: int
        queued: int

    class Meta:
        verbose_name = _("corpus run")
        verbose_name_plural = _("corpus runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Corpus run #{self.pk}: {self.label}"

    def progress(self) -> Progress:
        """The run's figures: from with_progress() annotations when present, else one query."""
        if hasattr(self, "files_total"):
            return Progress(self.files_total, self.files_done, self.files_failed)
        counts = self.files.aggregate(
            total=Count("id"),
            done=Count("id", filter=Q(state=CorpusFileState.DONE)),
            failed=Count("id", filter=Q(state=CorpusFileState.FAILED)),
        )
        return Progress(counts["total"], counts["done"], counts["failed"])


class Progress:
    __slots__ = ("done", "failed", "total")

    def __init__(self, total: int, done: int, failed: int) -> None:
        self.total, self.done, self.failed = total, done, failed

    @property
    def finished(self) -> int:
        return self.done + self.failed

    @property
    def pending(self) -> int:
        return self.total - self.finished

    @property
    def percent(self) -> int:
        """Finished files (done or failed) as a whole percentage, rounded down so 100 means all;
        100 for a run with no files."""
        return 100 * self.finished // self.total if self.total else 100

    def __str__(self) -> str:
        return (
            f"{self.percent}% ({self.done} done, {self.failed} failed, {self.pending} to go, of {self.total})"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Progress) and (self.total, self.done, self.failed) == (
            other.total,
            other.done,
            other.failed,
        )


class CorpusFileQuerySet(models.QuerySet):
    def claimable(self, now: dt.datetime) -> CorpusFileQuerySet:
        """Pending files nobody holds: never claimed, or claimed longer ago than CLAIM_LEASE
        (the worker died). The claim and a resume both filter with this."""
        return self.filter(state=CorpusFileState.PENDING).filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
        )


class CorpusFile(models.Model):
    run = models.ForeignKey(CorpusRun, on_delete=models.CASCADE, related_name="files", verbose_name=_("run"))
    path = models.CharField(_("path"), max_length=1000)
    checksum = models.CharField(
        _("checksum"), max_length=64, help_text=_("SHA-256 of the file's bytes when the run started.")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CorpusFileState.choices, default=CorpusFileState.PENDING
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    source = models.ForeignKey(
        "claims.Source",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corpus_files",
        verbose_name=_("source"),
    )
    candidates_created = models.PositiveIntegerField(_("candidates created"), default=0)

    objects = CorpusFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("corpus file")
        verbose_name_plural = _("corpus files")
        ordering = ["run_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "path"], name="corpus_file_once_per_run"),
            models.CheckConstraint(
                condition=Q(state=CorpusFileState.PENDING, finished_at__isnull=True)
                | Q(~Q(state=CorpusFileState.PENDING), finished_at__isnull=False),
                name="corpus_file_finished_when_not_pending",
            ),
            models.CheckConstraint(
                condition=~Q(state=CorpusFileState.FAILED) | ~Q(error=""),
                name="corpus_file_failed_says_why",
            ),
        ]
        indexes = [
            # The claim and a resume's claimable(): a run's pending files.
            models.Index(
                fields=["run", "claimed_at"],
                condition=Q(state=CorpusFileState.PENDING),
                name="corpus_file_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.path
