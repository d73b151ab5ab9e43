from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from claims.services.dataset import MANIFEST, DatasetError, export_dataset


class Command(BaseCommand):
    help = (
        "Back up the whole dataset into a new directory: one JSON Lines file per table (users "
        f"without passwords) and {MANIFEST} with each file's rows and SHA-256 and the record's head."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a directory that does not exist yet, or an empty one")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            result = export_dataset(path=path, now=timezone.now())
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"exported {result.rows} rows in {len(result.files)} files to {result.path}; "
            f"record head {result.head.entries}:{result.head.hash}"
        )
