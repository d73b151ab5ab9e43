"""Import and extract a whole corpus of transcripts across however many Celery workers run.

    python manage.py extract_corpus PATH... [--said-on 2024-10-01] [--no-wait]
    python manage.py extract_corpus --resume RUN_ID

Each file is one task of a Celery group, claimed by one worker and imported at most once; a bad
file is recorded with its error and the run goes on. The bar follows the run until every file is
done or failed (interrupting it stops only the bar: the workers carry on). --resume re-queues a
run's unfinished files whose worker died (their claim's lease has run out) or that were never
claimed. Without a broker (the embedded default) the files are done here, one after another.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Sum
from django.utils import timezone
from tqdm import tqdm

from claims.extraction.tasks import enqueue_corpus_run, extract_corpus_file_task
from claims.models import CorpusFileState, CorpusRun
from claims.services.corpus import corpus_run_create
from claims.services.sources import SourceImportError
from tracker.celery import app, publish

POLL_SECONDS = 0.5


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--said-on {value!r}: give the day the words were said as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Import and extract many text files as one corpus run spread over the Celery workers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", help="files or folders")
        parser.add_argument("--said-on", type=_date, help="YYYY-MM-DD, for texts with no date of their own.")
        parser.add_argument("--resume", type=int, metavar="RUN_ID", help="Re-queue a run's unfinished files.")
        parser.add_argument("--no-wait", action="store_true", help="Queue the files and return.")

    def handle(self, *args, paths: list[str], said_on: dt.date | None, resume: int | None, **options) -> None:
        if bool(paths) == (resume is not None):
            raise CommandError("Give either PATH... or --resume RUN_ID.")
        if resume is not None:
            run = CorpusRun.objects.filter(pk=resume).first()
            if run is None:
                raise CommandError(f"There is no corpus run #{resume}.")
        else:
            try:
                run = corpus_run_create(paths=paths, now=timezone.now(), said_on=said_on)
            except SourceImportError as exc:
                raise CommandError(str(exc)) from exc
        progress = run.progress()
        out: TextIO = self.stderr._out  # type: ignore[assignment]  # OutputWrapper's stream
        bar = tqdm(
            total=progress.total,
            initial=progress.finished,
            unit="file",
            file=out,
            desc=f"run #{run.pk}",
        )
        try:
            if app.conf.task_always_eager:
                # No broker: the files are done in this process, and the bar follows each one.
                for file_id in run.files.claimable(timezone.now()).values_list("id", flat=True):
                    publish(extract_corpus_file_task, file_id)
                    bar.update(1)
            else:
                queued = enqueue_corpus_run(run, now=timezone.now())
                self.stdout.write(f"corpus run #{run.pk}: {queued} file(s) queued for the workers")
                if options["no_wait"]:
                    return
                while (progress := run.progress()).pending:
                    bar.update(progress.finished - bar.n)
                    time.sleep(POLL_SECONDS)
        except OSError as exc:
            raise CommandError(
                f"corpus run #{run.pk}: the broker at CELERY_BROKER_URL is unavailable ({exc}); "
                f"start it and run extract_corpus --resume {run.pk}"
            ) from exc
        finally:
            bar.close()
        self._summary(run)

    def _summary(self, run: CorpusRun) -> None:
        for file in run.files.filter(state=CorpusFileState.FAILED).only("error"):
            self.stderr.write(f"failed {file.error}")
        progress = run.progress()
        candidates = run.files.aggregate(total=Sum("candidates_created"))["total"] or 0
        self.stdout.write(
            f"corpus run #{run.pk}: {progress.done} done, {progress.failed} failed, "
            f"{progress.pending} unfinished, of {progress.total}; {candidates} new candidate(s)"
        )
        if progress.total and progress.failed == progress.total:
            raise CommandError("no file could be imported")
