"""Propose the predictions in a text file, or store candidates for a stored source.

    python manage.py extract_candidates PATH --said-on 2024-10-01 --json
    python manage.py extract_candidates --source 3

With PATH, nothing is stored: the file is canonicalized like the importer does and the candidates
are printed (with --json, as the array documented in the README: start, end, quote, horizon_text,
due_earliest, due_latest, score, speaker). With --source, the candidates are stored for review;
running it again proposes nothing a curator already accepted or rejected.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import Candidate, extract_candidates
from claims.models import Source
from claims.services.candidates import store_candidates
from claims.text import SourceTextError, canonicalize_bytes


def candidate_json(candidate: Candidate) -> dict[str, object]:
    """One element of the stable JSON contract, keys in this order."""
    return {
        "start": candidate.start,
        "end": candidate.end,
        "quote": candidate.quote,
        "horizon_text": candidate.horizon_text,
        "due_earliest": candidate.due_earliest.isoformat(),
        "due_latest": candidate.due_latest.isoformat() if candidate.due_latest else None,
        "score": candidate.score,
        "speaker": candidate.speaker,
    }


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--said-on {value!r}: give the day the words were said as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Propose the forward-looking statements of a text file (PATH) or of a stored source (--source)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="A UTF-8 text file; nothing is stored.")
        parser.add_argument("--said-on", type=_date, help="YYYY-MM-DD: the day the words were said.")
        parser.add_argument("--json", action="store_true", help="Print the candidates as a JSON array.")
        parser.add_argument("--source", type=int, help="Store candidates for this source id instead.")

    def handle(self, *args, path: str | None, said_on: dt.date | None, source: int | None, **options) -> None:
        if (path is None) == (source is None):
            raise CommandError("Give either a PATH or --source ID.")
        if source is not None:
            self._store(source, said_on)
            return
        if said_on is None:
            raise CommandError("--said-on YYYY-MM-DD is required with PATH: windows count from that day.")
        assert path is not None  # one of PATH and --source is given, and it was not --source
        file = Path(path)
        try:
            text = canonicalize_bytes(file.read_bytes(), name=file.name)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        except SourceTextError as exc:
            raise CommandError(str(exc)) from exc
        candidates = extract_candidates(text, said_on=said_on)
        if options["json"]:
            self.stdout.write(
                json.dumps([candidate_json(c) for c in candidates], ensure_ascii=False, indent=2)
            )
            return
        for c in candidates:
            when = f"due {c.due_latest}" if c.due_latest else "undated"
            who = f"{c.speaker}: " if c.speaker else ""
            self.stdout.write(f"[{c.start}, {c.end}) {c.score:.2f} {when} {who}{c.quote}")
        self.stdout.write(f"{len(candidates)} candidate(s)")

    def _store(self, source_id: int, said_on: dt.date | None) -> None:
        try:
            source = Source.objects.get(pk=source_id)
        except Source.DoesNotExist:
            raise CommandError(f"There is no source #{source_id}.") from None
        try:
            result = store_candidates(source, said_on=said_on)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Source #{source.pk}: {result.created} new candidate(s), {result.total} in all "
            "(accepted and rejected ones are never proposed again)."
        )
