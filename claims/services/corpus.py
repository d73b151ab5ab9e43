"""A corpus run: record the files, then import and extract each one exactly where it is claimed.

The work per file is the existing import (claims.services.sources.import_source) and extraction
(claims.services.candidates.store_candidates); this module adds only the bookkeeping that lets
many workers share a run, a dead worker's file be taken again, and a retry never import twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from claims.models import CorpusFile, CorpusFileState, CorpusRun
from claims.services.candidates import store_candidates
from claims.services.sources import SourceImportError, import_source, read_source_file, source_files

__all__ = ["corpus_file_claim", "corpus_file_process", "corpus_paths", "corpus_run_create"]


def corpus_paths(paths: list[str]) -> list[str]:
    """Paths a curator gave (admin, API), relative to settings.CORPUS_ROOT, as absolute paths
    inside it. Raises ValidationError naming the path that leaves the folder or does not exist,
    or saying that CORPUS_ROOT is not set."""
    if not settings.CORPUS_ROOT:
        raise ValidationError(
            gettext(
                "Corpus runs from here read files under CORPUS_ROOT, which is not set: ask an "
                "administrator to set it, or run manage.py extract_corpus PATH on the server."
            )
        )
    root = Path(settings.CORPUS_ROOT).resolve()
    resolved = []
    for raw in paths:
        path = (root / raw.strip()).resolve()
        if not path.is_relative_to(root):
            raise ValidationError(
                gettext("%(path)s: give a path inside the corpus folder (%(root)s).")
                % {"path": raw, "root": root}
            )
        if not path.exists():
            raise ValidationError(
                gettext("%(path)s: no such file or folder in %(root)s.") % {"path": raw, "root": root}
            )
        resolved.append(str(path))
    if not resolved:
        raise ValidationError(gettext("Give at least one file or folder."))
    return resolved


def corpus_run_create(
    *,
    paths: list[str],
    now: dt.datetime,
    user: User | None = None,
    said_on: dt.date | None = None,
) -> CorpusRun:
    """Record a run over the files under `paths` (folders expanded as import_sources does), each
    with the checksum of its bytes now. A file that cannot be read is recorded failed at once.
    Raises SourceImportError naming a path that does not exist; nothing is written then.
    Nothing is queued here: see claims.extraction.tasks.enqueue_corpus_run.
    """
    files = source_files(paths)
    with transaction.atomic():
        run = CorpusRun.objects.create(
            label=", ".join(paths)[:500], said_on=said_on, created_by=user, created_at=now
        )
        rows = []
        for path in dict.fromkeys(files):  # a file named twice is still one file
            try:
                checksum, error = hashlib.sha256(read_source_file(path)).hexdigest(), ""
            except SourceImportError as exc:  # unreadable, a symbolic link, too large
                checksum, error = "", str(exc)
            rows.append(
                CorpusFile(
                    run=run,
                    path=str(path),
                    checksum=checksum,
                    state=CorpusFileState.FAILED if error else CorpusFileState.PENDING,
                    finished_at=now if error else None,
                    error=error,
                )
            )
        CorpusFile.objects.bulk_create(rows, batch_size=1000)
    return run


def corpus_file_claim(file_id: int, *, now: dt.datetime) -> bool:
    """Take the file for this worker: one conditional UPDATE, so of two workers claiming the
    same file one wins. A file claimed longer ago than CLAIM_LEASE is free again (its worker
    died); a finished file never is. True when this call won."""
    return CorpusFile.objects.claimable(now).filter(pk=file_id).update(claimed_at=now) == 1


class _ClaimLost(Exception):
    """Our lease ran out and another worker claimed the file: undo our work, it does it."""


def corpus_file_process(*, file_id: int, clock: Callable[[], dt.datetime]) -> CorpusFile | None:
    """Import and extract one file of a run, at most once whatever the retries and resumes.

    1. Claim the file at clock() (corpus_file_claim); None when another worker has it or it is
       finished: a duplicate message does nothing.
    2. Read it; bytes that no longer match the checksum recorded at the start are an error.
    3. In one transaction: import_source, store_candidates (windows from the source's date,
       else the run's said_on), and mark the file done -- conditionally on the claim still
       being ours, so if a resume gave the file to another worker after our lease ran out,
       everything here rolls back and the source is imported once.
    4. A bad file (unreadable, not text, no date...) is marked failed with the reason and the
       run goes on. Any other error (the database) gives the claim back and is raised, so the
       task's retry can claim the file again at once.
    Returns the file as finished here.
    """
    claimed_at = clock()
    if not corpus_file_claim(file_id, now=claimed_at):
        return None
    file = CorpusFile.objects.select_related("run").get(pk=file_id)
    mine = CorpusFile.objects.filter(pk=file_id, claimed_at=claimed_at, state=CorpusFileState.PENDING)
    try:
        data = read_source_file(Path(file.path))
        if hashlib.sha256(data).hexdigest() != file.checksum:
            raise SourceImportError(f"{file.path}: the file changed after the run started; start a new run")
        with transaction.atomic():
            imported = import_source(data, name=file.path)
            source = imported.source
            said_on = source.effective_said_on or file.run.said_on
            if said_on is None:
                raise SourceImportError(
                    f"{file.path}: the text has no date (发布时间 line) and the run has no said_on; "
                    "give one with --said-on"
                )
            stored = store_candidates(source, said_on=said_on)
            finished = mine.update(
                state=CorpusFileState.DONE,
                finished_at=clock(),
                source=source,
                candidates_created=stored.created,
                error="",
            )
            if not finished:
                raise _ClaimLost
    except _ClaimLost:
        return None
    except (OSError, SourceImportError, ValidationError) as exc:
        message = _message(exc, file.path)
        if not mine.update(state=CorpusFileState.FAILED, finished_at=clock(), error=message):
            return None
    except BaseException:
        with contextlib.suppress(Exception):  # the database is away: the lease runs out instead
            mine.update(claimed_at=None)
        raise
    file.refresh_from_db()
    return file


def _message(exc: Exception, path: str) -> str:
    if isinstance(exc, ValidationError):
        return f"{path}: {' '.join(exc.messages)}"
    if isinstance(exc, OSError):
        return f"{path}: {exc.strerror or exc}"
    return str(exc)
