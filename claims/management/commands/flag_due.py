from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from claims.services.due import flag_due_predictions


def parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today {value!r}: give a date as YYYY-MM-DD, e.g. 2026-01-31") from None


class Command(BaseCommand):
    help = (
        "Flag open predictions whose review day has passed as due: the due window closed before today, or "
        "the next look a 'too early' review asked for has come (what the hourly task does). "
        "Safe to re-run: nothing is flagged twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", type=str, help="run as if today were YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="count what would change, write nothing")

    def handle(self, *args, today: str | None, dry_run: bool, **options) -> None:
        day = parse_day(today) if today else timezone.localdate()
        result = flag_due_predictions(day, now=timezone.now(), dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"dry run for {day}: would flag {result.flagged} and reopen {result.reopened}; nothing written"
            )
        else:
            self.stdout.write(f"{day}: flagged {result.flagged} due, reopened {result.reopened}")
