from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from claims.management.commands.flag_due import parse_day
from claims.services.digest import send_reviewer_digests


class Command(BaseCommand):
    help = (
        "Email every reviewer and adjudicator their digest (what the daily task does): the review backlog "
        "first, then newly due and upcoming predictions for reviewers, and what awaits adjudication for "
        "adjudicators. Safe to re-run: one digest per person per day, and no due prediction told twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", type=str, help="run as if today were YYYY-MM-DD (default: today)")

    def handle(self, *args, today: str | None, **options) -> None:
        day = parse_day(today) if today else timezone.localdate()
        run = send_reviewer_digests(day, clock=timezone.now)
        self.stdout.write(
            f"{day}: {run.emailed} digest(s) emailed, {run.empty} with nothing to report, "
            f"{run.busy} being sent by another worker, {run.failed} failed"
            + (f"; written to {settings.EMAIL_FILE_PATH}" if run.emailed and _to_files() else "")
        )
        if run.failed:
            raise CommandError(
                f"{run.failed} digest(s) were not accepted by the mail server; run again to retry"
            )


def _to_files() -> bool:
    return settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend"
