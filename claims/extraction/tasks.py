"""The Celery task that stores a source's candidates. Thin and idempotent: store_candidates
inserts with ON CONFLICT DO NOTHING, so a redelivered or retried run proposes nothing twice.
The same work is the management command `extract_candidates --source ID`."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import DatabaseError

from claims.models import Source
from claims.services.candidates import store_candidates
from tracker.celery import RETRY_POLICY

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
