from __future__ import annotations

from typing import TextIO

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.services.sources import SourceImportError, import_source, source_files


class Command(BaseCommand):
    help = "Import UTF-8 text files (or folders of them) as sources; already stored texts are skipped."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files or folders")

    def handle(self, *args, paths: list[str], **options) -> None:
        try:
            files = source_files(paths)
        except SourceImportError as exc:
            raise CommandError(str(exc)) from exc
        created = existing = 0
        failures: list[str] = []
        # A bar only helps for many files; for a few it would hide the per-file lines.
        # The stream OutputWrapper wraps (its line endings would break the bar); private, and the
        # stubs type every undeclared attribute of the wrapper as a method.
        out: TextIO = self.stderr._out  # type: ignore[assignment]
        progress = tqdm(files, unit="file", disable=len(files) < 10, file=out)
        for path in progress:
            try:
                result = import_source(path.read_bytes(), name=str(path))
            except SourceImportError as exc:
                failures.append(str(exc))
                self.stderr.write(f"skipped {exc}")
                continue
            if result.created:
                created += 1
                self.stdout.write(f"imported {path} as source #{result.source.pk}")
            else:
                existing += 1
                self.stdout.write(f"unchanged {path}: already source #{result.source.pk}")
        self.stdout.write(f"{created} imported, {existing} already stored, {len(failures)} skipped")
        if failures and not created and not existing:
            raise CommandError("nothing could be imported")
