"""The Celery app, and the one retry and publish policy every task and every publisher uses."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, Task, group
from celery.result import AsyncResult, GroupResult

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
# Every CELERY_* Django setting configures Celery, so the broker and the beat
# schedule live in tracker/settings.py with the rest of the environment.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# For @shared_task(autoretry_for=(...), **RETRY_POLICY): every task is idempotent, so it is
# acknowledged late (a worker that dies mid-run leaves the message to be redelivered), and the
# errors it names are retried after 1 s, 2 s, 4 s ... up to 5 minutes, with jitter so that
# retrying workers do not stampede.
RETRY_POLICY: dict[str, Any] = {
    "acks_late": True,
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 6,
}
# Publishing to a broker that is down gives up after two quick attempts: a web request waits
# a fraction of a second, never minutes.
PUBLISH_RETRY_POLICY: dict[str, Any] = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}


def publish(task: Task, *args: Any) -> AsyncResult:
    """Send `task` with `args` to the broker under PUBLISH_RETRY_POLICY, or run it here when
    tasks are eager (no broker). Raises the broker's error (an OSError) once the policy gives
    up; the caller decides what that means for its user."""
    return task.apply_async(args, retry=True, retry_policy=PUBLISH_RETRY_POLICY)


def publish_group(task: Task, args: list[tuple[Any, ...]]) -> GroupResult:
    """Send one `task` per argument tuple as a Celery group (spread over every worker that
    consumes the queue), under PUBLISH_RETRY_POLICY; eager (no broker), they run here in turn."""
    result = group(task.s(*each) for each in args).apply_async(retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    assert isinstance(result, GroupResult)  # a group's apply_async answers a GroupResult
    return result
