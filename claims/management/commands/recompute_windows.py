from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from claims import horizons
from claims.models import Face
from claims.services.windows import recompute_windows


def _window(window) -> str:
    earliest, latest = window
    return f"{earliest or '-'}..{latest or 'undated'}"


class Command(BaseCommand):
    help = (
        f"Recompute, with the current horizon rules ({horizons.RULES_VERSION}), the due windows of "
        "predictions computed by older rules that nobody has judged, and list what moved. Windows set "
        "by hand and predictions with any review keep their window. All or nothing; safe to re-run."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list what would move, write nothing")

    def handle(self, *args, dry_run: bool, **options) -> None:
        result = recompute_windows(dry_run=dry_run, now=timezone.now(), by=None, face=Face.COMMAND)
        for change in result.moved:
            self.stdout.write(
                f"#{change.prediction_id} «{change.horizon_text}» ({change.old_rules or 'no version'}): "
                f"{_window(change.old)} -> {_window(change.new)}"
            )
        verb = "would move" if dry_run else "moved"
        self.stdout.write(
            f"{verb} {len(result.moved)} window(s); {result.unchanged} unchanged"
            f"{' would be' if dry_run else ''} marked {horizons.RULES_VERSION}; kept {result.kept_by_hand} "
            f"set by hand and {result.kept_judged} already judged"
            + ("; dry run: nothing written" if dry_run else "")
        )
