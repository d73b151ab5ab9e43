from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from claims.demo.loader import DEMO_USERS, load_demo
from claims.models import Outcome, Prediction, Source, Status


class Command(BaseCommand):
    help = "Load the demo corpus (five seed articles, curated predictions) and demo logins. Safe to re-run."

    def handle(self, *args, **options) -> None:
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
        for username, (password, group) in DEMO_USERS.items():
            self.stdout.write(f"login ({group}): {username} / {password}")
