"""The Celery task that stores a source's candidates. Thin and idempotent: store_candidates
inserts with ON CONFLICT DO NOTHING, so a redelivered or retried run proposes nothing twice.
The same work is the management command `extract_candidates --source ID`; a whole corpus of
files is `extract_corpus PATH...` (extract_corpus_file_task per file)."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from claims.models import CorpusRun, Source
from claims.services.candidates import store_candidates
from claims.services.corpus import corpus_file_process
from tracker.celery import RETRY_POLICY, publish_group

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(DatabaseError,), soft_time_limit=5 * 60, time_limit=6 * 60, **RETRY_POLICY)
def extract_source_task(source_id: int) -> dict[str, int]:
    try:
        source = Source.objects.get(pk=source_id)
    except Source.DoesNotExist:
        logger.warning("extraction skipped: source #%s no longer exists", source_id)
        return {"source": source_id, "created": 0, "total": 0}
    result = store_candidates(source)
    logger.info("source #%s: %d new candidate(s), %d in all", source_id, result.created, result.total)
    return {"source": source_id, "created": result.created, "total": result.total}


@shared_task(autoretry_for=(DatabaseError,), soft_time_limit=5 * 60, time_limit=6 * 60, **RETRY_POLICY)
def extract_corpus_file_task(file_id: int) -> dict[str, object]:
    """One file of a corpus run. Its hard time limit stays under claims.models.corpus.CLAIM_LEASE,
    so a live worker's file is never given to another one."""
    file = corpus_file_process(file_id=file_id, clock=timezone.now)
    if file is None:
        return {"file": file_id, "state": None}
    logger.info("corpus file #%s %s: %s", file_id, file.state, file.error or f"source #{file.source_id}")
    return {"file": file_id, "state": file.state}


def enqueue_corpus_run(run: CorpusRun, *, now: dt.datetime) -> int:
    """Queue every file of `run` nobody holds (never claimed, or its lease ran out): the start of
    a run and its resume. A file still waiting in the queue may be queued twice by a resume; the
    claim makes the second message do nothing. Without a broker the files are done before this
    returns. Returns how many were queued; raises the broker's OSError if it is down."""
    ids = list(run.files.claimable(now).values_list("id", flat=True))
    if ids:
        publish_group(extract_corpus_file_task, [(file_id,) for file_id in ids])
    return len(ids)
