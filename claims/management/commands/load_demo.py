from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from claims.demo.loader import DEMO_USERS, load_demo
from claims.models import Outcome, Prediction, Source, Status


class Command(BaseCommand):
    help = "Load the demo corpus (five seed articles, curated predictions) and demo logins. Safe to re-run."

    def add_arguments(self, parser) -> None:
        logins = parser.add_mutually_exclusive_group()
        logins.add_argument("--no-logins", action="store_true", help="load without printing the logins")
        logins.add_argument(
            "--logins-only",
            action="store_true",
            help="print where the demo is served (SITE_URL) and its logins, and load nothing",
        )

    def handle(self, *args, no_logins: bool = False, logins_only: bool = False, **options) -> None:
        if logins_only:
            self._print_logins()
            return
        summary = load_demo(today=timezone.localdate(), now=timezone.now())
        self.stdout.write(
            f"demo: {summary.sources_created} sources, {summary.predictions_created} predictions, "
            f"{summary.outcomes_created} reviews, {summary.links_created} lineage links created; "
            f"{summary.flagged} flagged due"
        )
        dated = Prediction.objects.dated().count()
        self.stdout.write(
            f"now stored: {Source.objects.count()} sources, {Prediction.objects.count()} predictions "
            f"({dated} dated, {Prediction.objects.undated().count()} undated), "
            f"{Outcome.objects.count()} review events, "
            f"{Prediction.objects.filter(status=Status.RESOLVED).count()} verdicts standing"
        )
        if not no_logins:
            self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(f"Hindsight demo: {settings.SITE_URL}/ (admin: {settings.SITE_URL}/admin/)")
        for username, (password, group) in DEMO_USERS.items():
            self.stdout.write(f"login ({group}): {username} / {password}")
