"""Real Celery workers against Redis and PostgreSQL: the tasks as production runs them.

Each test starts `celery -A tracker worker` as a subprocess on a queue of its own, pointed at
pytest-django's test database (test_<name>) through DATABASE_URL; transactional_db commits the
test's rows so the worker sees them. Workers are stopped (or killed) before the test ends.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from kombu import Connection

from claims import tasks
from claims.groups import CURATORS, REVIEWERS
from claims.models import Digest, DueFlag, Prediction, Status
from tests.factories import PredictionFactory
from tracker.celery import app

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _roles():
    """An earlier transactional test's flush removed the groups migration 0002 created."""
    for name in (CURATORS, REVIEWERS):
        Group.objects.get_or_create(name=name)


ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 3, 10)
WAIT_SECONDS = 20


def dated(due_latest: dt.date, **fields) -> Prediction:
    return PredictionFactory(window_overridden=True, due_earliest=None, due_latest=due_latest, **fields)


def database_url() -> str:
    """The test database (test_<name>), which is not the one DATABASE_URL names."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition: Callable[[], object], what: str, timeout: float = WAIT_SECONDS) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout}s for {what}")


class Worker:
    def __init__(self, queue: str, log: Path) -> None:
        self.queue, self.log = queue, log
        env = {**os.environ, "DATABASE_URL": database_url(), "CELERY_BROKER_URL": settings.CELERY_BROKER_URL}
        # Solo pool: the task runs in this very process, so killing it kills the run.
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tracker",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
        ]
        command += ["--queues", queue, "--hostname", f"{queue}-{uuid.uuid4().hex[:4]}@%h"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        with log.open("ab") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def start_worker(tmp_path) -> Iterator[Callable[[str], Worker]]:
    workers: list[Worker] = []

    def start(queue: str) -> Worker:
        workers.append(Worker(queue, tmp_path / f"worker-{len(workers)}.log"))
        return workers[-1]

    app.conf.task_always_eager = False  # conftest's autouse fixture puts it back
    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def queue() -> str:
    """A queue only these tests use (one name, so Redis keeps no trail of old ones), emptied first."""
    name = "hindsight-test-worker"
    with Connection(settings.CELERY_BROKER_URL) as broker:
        broker.default_channel.queue_purge(name)
    return name


def test_a_worker_flags_due_predictions_and_emails_the_digest(start_worker, queue, reviewer):
    due = [dated(TODAY - dt.timedelta(days=n + 1), statement=f"第{n}条到期") for n in range(3)]
    dated(TODAY + dt.timedelta(days=3), statement="即将到期")
    worker = start_worker(queue)

    tasks.flag_due_predictions_task.apply_async(args=[TODAY.isoformat()], queue=queue)
    wait_for(lambda: DueFlag.objects.count() == 3, "the worker to flag 3 predictions")
    assert sorted(DueFlag.objects.values_list("prediction_id", flat=True)) == sorted(p.pk for p in due)
    assert Prediction.objects.filter(status=Status.DUE).count() == 3

    tasks.send_reviewer_digests_task.apply_async(args=[TODAY.isoformat()], queue=queue)
    digest = wait_for(
        lambda: Digest.objects.filter(reviewer=reviewer, processed_at__isnull=False).first(),
        "the worker to send the reviewer's digest",
    )
    assert (digest.emailed, digest.newly_due, digest.upcoming) == (True, 3, 1)
    # The console email backend prints the email in the worker's output; so does the task's log.
    output = wait_for(
        lambda: "reviewer digests for" in worker.output() and worker.output(), "the task's log line"
    )
    assert "Subject: Hindsight: 3 waiting on your review, 3 newly due, 1 coming due" in output
    assert "flagged 3 predictions due on 2026-03-10, reopened 0" in output
    assert "reviewer digests for 2026-03-10: 1 emailed" in output


def test_a_worker_killed_mid_run_loses_nothing_and_doubles_nothing(start_worker, queue):
    predictions = [dated(TODAY - dt.timedelta(days=n + 1)) for n in range(30)]
    # Hold one row so the worker's UPDATE stops in the middle of the run, lock and transaction held.
    blocker = psycopg.connect(database_url().replace("postgres://", "postgresql://"))
    blocker.execute("SELECT id FROM claims_prediction WHERE id = %s FOR UPDATE", [predictions[15].pk])
    first = start_worker(queue)
    sent = tasks.flag_due_predictions_task.apply_async(args=[TODAY.isoformat()], queue=queue)

    def stuck_backend() -> int | None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query LIKE '%%UPDATE %%claims_prediction%%'"
            )
            row = cursor.fetchone()
        return row[0] if row else None

    backend = wait_for(stuck_backend, "the worker to be in the middle of its UPDATE")
    first.process.send_signal(signal.SIGKILL)
    first.process.wait()
    blocker.rollback()
    blocker.close()

    def backend_gone() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend])
            return cursor.fetchone()[0] == 0

    # PostgreSQL rolls the dead worker's transaction back: not one row half done.
    wait_for(backend_gone, "PostgreSQL to end the dead worker's session")
    assert not DueFlag.objects.exists()
    assert Prediction.objects.filter(status=Status.OPEN).count() == 30

    # acks_late: the message was never acknowledged. Redis hands it out again once the
    # visibility timeout (an hour) passes; do now what that hour would do.
    with Connection(settings.CELERY_BROKER_URL, transport_options={"visibility_timeout": 0}) as broker:
        broker.default_channel.qos.restore_visible(num=1000, interval=1)
    second = start_worker(queue)

    wait_for(lambda: DueFlag.objects.count() == 30, "the redelivered task to flag all 30")
    assert f"Task claims.tasks.flag_due_predictions_task[{sent.id}] received" in second.output()
    assert sorted(DueFlag.objects.values_list("prediction_id", flat=True)) == sorted(
        p.pk for p in predictions
    )
    assert Prediction.objects.filter(status=Status.DUE).count() == 30
