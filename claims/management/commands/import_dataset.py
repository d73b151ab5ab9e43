from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims import horizons
from claims.services.dataset import MANIFEST, DatasetError, import_dataset


class Command(BaseCommand):
    help = (
        f"Restore a backup made by export_dataset into an empty database: checks {MANIFEST}, loads "
        "everything in one transaction keeping the ids, and verifies the public record."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the directory export_dataset wrote")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            result = import_dataset(path=path)
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"imported {result.total} rows from {path}; the record is intact: "
            f"{result.head.entries} entries, head {result.head.hash}, as the manifest says"
        )
        if result.rules_version != horizons.RULES_VERSION:
            self.stdout.write(
                f"the export's windows were computed by horizon rules {result.rules_version or '(none)'}, "
                f"this version has {horizons.RULES_VERSION}: run recompute_windows --dry-run to see what "
                "would move"
            )
