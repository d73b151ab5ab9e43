from __future__ import annotations

import re

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models.record import RecordHead
from claims.services.record import verify_record

# Problems listed after the first; the rest are counted.
SHOWN = 20


def _head(value: str) -> RecordHead:
    match = re.fullmatch(r"(\d+):([0-9a-f]{64})", value.strip().lower())
    if not match:
        raise CommandError(
            f"--head {value!r}: give ENTRIES:HASH as published, e.g. 42:<64 hex digits> "
            "(the record field of /api/stats/, or an export's X-Record-Entries and X-Record-Head)."
        )
    return RecordHead(int(match[1]), match[2])


class Command(BaseCommand):
    help = (
        "Recompute the public record's hash chain from the rows themselves; name the first entry "
        "or row that does not match and exit non-zero."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            metavar="ENTRIES:HASH",
            help="A head published earlier (stats, overview, an export): check nothing up to it changed.",
        )

    def handle(self, *args, **options) -> None:
        expected = _head(options["head"]) if options["head"] else None
        check = verify_record(expected=expected)
        if check.ok:
            self.stdout.write(
                f"the record is intact: {check.entries} entries, head {check.head.hash}"
                + (f", and entry {expected.entries} has the published hash" if expected else "")
            )
            return
        first, *rest = check.mismatches
        self.stderr.write(f"first mismatch: {first}")
        for mismatch in rest[:SHOWN]:
            self.stderr.write(f"  then: {mismatch}")
        if len(rest) > SHOWN:
            self.stderr.write(f"  and {len(rest) - SHOWN} more")
        raise CommandError(
            f"the record does not match: {len(check.mismatches)} problem(s) in {check.entries} entries; "
            f"the first is {first}"
        )
