"""Celery tasks: thin wrappers over claims.services, safe to redeliver and to retry.

Both services are idempotent, so the tasks follow tracker.celery.RETRY_POLICY: acknowledged
late (a worker that dies mid-run leaves the message to be redelivered), database errors retried
with exponential backoff. Each is also a management command (flag_due, send_digest) and a beat
entry (tracker/settings.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TypedDict

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, transaction
from django.utils import timezone

from claims.services.digest import DigestDeliveryError, send_reviewer_digests
from claims.services.due import flag_due_predictions
from tracker.celery import RETRY_POLICY, publish

logger = logging.getLogger(__name__)


# The soft limit rolls the run back cleanly (the next run redoes it); the hard limit kills a
# worker stuck in I/O. The digest's hard limit must stay under its claim lease (15 minutes).
class TimeLimits(TypedDict):
    soft_time_limit: int
    time_limit: int


FLAG_TIME_LIMITS: TimeLimits = {"soft_time_limit": 10 * 60, "time_limit": 11 * 60}
DIGEST_TIME_LIMITS: TimeLimits = {"soft_time_limit": 10 * 60, "time_limit": 11 * 60}


def _day(today: str | None) -> dt.date:
    """The run's day: given as YYYY-MM-DD (commands, tests), else today in TIME_ZONE."""
    return dt.date.fromisoformat(today) if today else timezone.localdate()


@shared_task(autoretry_for=(DatabaseError,), **RETRY_POLICY, **FLAG_TIME_LIMITS)
def flag_due_predictions_task(today: str | None = None) -> dict[str, int]:
    day = _day(today)
    try:
        result = flag_due_predictions(day, now=timezone.now())
    except SoftTimeLimitExceeded:
        logger.error("flagging due predictions for %s hit its time limit and was rolled back", day)
        raise
    logger.info("flagged %d predictions due on %s, reopened %d", result.flagged, day, result.reopened)
    return {"flagged": result.flagged, "reopened": result.reopened}


@shared_task(autoretry_for=(DatabaseError, DigestDeliveryError), **RETRY_POLICY, **DIGEST_TIME_LIMITS)
def send_reviewer_digests_task(today: str | None = None) -> dict[str, int]:
    day = _day(today)
    run = send_reviewer_digests(day, clock=timezone.now)
    logger.info(
        "reviewer digests for %s: %d emailed, %d with nothing to report, %d failed, %d busy elsewhere",
        day,
        run.emailed,
        run.empty,
        run.failed,
        run.busy,
    )
    if run.failed:
        # The failed digests are still pending; the retry sends them and nothing else.
        raise DigestDeliveryError(f"{run.failed} digest(s) not accepted by the mail server")
    return {"emailed": run.emailed, "empty": run.empty, "failed": run.failed, "busy": run.busy}


def enqueue_flag_due() -> None:
    """Flag due predictions soon (e.g. after a curator moved a due date), once this transaction commits."""
    transaction.on_commit(lambda: _publish(flag_due_predictions_task))


def enqueue_reviewer_digests() -> None:
    """Send the reviewers' digests now rather than at DIGEST_HOUR, once this transaction commits."""
    transaction.on_commit(lambda: _publish(send_reviewer_digests_task))


def _publish(task: Task) -> None:
    """Send `task` to the broker; if that fails, log it and let the caller carry on.

    A web request must not fail because Redis is down: the scheduled run catches up on
    whatever this one would have done. Without a broker the task runs here (eagerly), and its
    errors are logged the same way, never raised into the request.
    """
    try:
        publish(task)
    except Exception:
        logger.exception(
            "could not enqueue %s (is the broker at CELERY_BROKER_URL up?); the scheduled run will catch up",
            task.name,
        )


# Autodiscovery imports only this module: bring in the tasks that live in subpackages.
from claims.extraction.tasks import extract_source_task  # noqa: E402, F401
