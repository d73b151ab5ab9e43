from __future__ import annotations

from typing import TextIO

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.services.sources import SourceImportError, import_source_files, source_files


class Command(BaseCommand):
    help = (
        "Import text files (or folders of them) as sources: UTF-8, or UTF-16/UTF-32 with a byte "
        "order mark; already stored texts are skipped, symbolic links too unless --follow-symlinks."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--follow-symlinks",
            action="store_true",
            help="import what symbolic links point to (refused by default: a link can lead anywhere)",
        )

    def handle(self, *args, paths: list[str], follow_symlinks: bool, **options) -> None:
        try:
            files = source_files(paths, follow_symlinks=follow_symlinks)
        except SourceImportError as exc:
            raise CommandError(str(exc)) from exc
        created = existing = 0
        failures: list[str] = []
        # A bar only helps for many files; for a few it would hide the per-file lines.
        # The stream OutputWrapper wraps (its line endings would break the bar); private, and the
        # stubs type every undeclared attribute of the wrapper as a method.
        out: TextIO = self.stderr._out  # type: ignore[assignment]
        with tqdm(total=len(files), unit="file", disable=len(files) < 10, file=out) as progress:
            for done in import_source_files(files, follow_symlinks=follow_symlinks):
                progress.update()
                if done.result is None:
                    failures.append(done.error)
                    self.stderr.write(f"skipped {done.error}")
                elif done.result.created:
                    created += 1
                    self.stdout.write(f"imported {done.path} as source #{done.result.source.pk}")
                else:
                    existing += 1
                    self.stdout.write(f"unchanged {done.path}: already source #{done.result.source.pk}")
        self.stdout.write(f"{created} imported, {existing} already stored, {len(failures)} skipped")
        if failures and not created and not existing:
            raise CommandError("nothing could be imported")
