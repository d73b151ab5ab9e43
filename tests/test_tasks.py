"""The Celery tasks with eager execution, and what happens when the broker is down."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, OperationalError
from django.urls import reverse

from claims import tasks
from claims.models import Digest, DueFlag, Prediction, Status
from claims.services import digest as digest_service
from tests.factories import PredictionFactory, SpanFactory
from tracker.celery import PUBLISH_RETRY_POLICY, RETRY_POLICY, app

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def dated(due_latest: dt.date | None, **fields) -> Prediction:
    return PredictionFactory(window_overridden=True, due_earliest=None, due_latest=due_latest, **fields)


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks go to a broker on a port where nothing listens, as when Redis is down."""
    app.conf.task_always_eager = False  # conftest's autouse fixture puts it back
    # Celery reads this before any setting, so it wins whether or not CELERY_BROKER_URL is set.
    monkeypatch.setenv("CELERY_BROKER_WRITE_URL", "redis://127.0.0.1:1/0")
    # Celery caches its connection pools: drop them so the dead address is used, and let
    # monkeypatch put the working ones back afterwards.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)


def test_the_flag_task_flags_and_logs_how_many(caplog):
    dated(TODAY - dt.timedelta(days=1))
    dated(TODAY + dt.timedelta(days=1))

    with caplog.at_level(logging.INFO, logger="claims.tasks"):
        result = tasks.flag_due_predictions_task.delay(TODAY.isoformat()).get()

    assert result == {"flagged": 1, "reopened": 0}
    assert "flagged 1 predictions due on 2026-03-10, reopened 0" in caplog.text
    assert DueFlag.objects.count() == 1


def test_the_flag_task_runs_for_today_in_the_configured_time_zone(settings, time_machine):
    # 23:30 UTC on the 9th is already the 10th in Shanghai: the run is for TODAY.
    settings.TIME_ZONE = "Asia/Shanghai"
    time_machine.move_to(dt.datetime(2026, 3, 9, 23, 30, tzinfo=dt.UTC), tick=False)
    came_due = dated(TODAY - dt.timedelta(days=1))
    comes_due = dated(TODAY)

    assert tasks.flag_due_predictions_task.delay().get() == {"flagged": 1, "reopened": 0}

    assert Prediction.objects.get(pk=came_due.pk).status == Status.DUE
    assert Prediction.objects.get(pk=comes_due.pk).status == Status.OPEN
    assert DueFlag.objects.get().flagged_at == dt.datetime(2026, 3, 9, 23, 30, tzinfo=dt.UTC)


def test_the_digest_task_emails_reviewers_and_logs_how_many(reviewer, caplog):
    dated(TODAY - dt.timedelta(days=1))
    tasks.flag_due_predictions_task.delay(TODAY.isoformat())

    with caplog.at_level(logging.INFO, logger="claims.tasks"):
        result = tasks.send_reviewer_digests_task.delay(TODAY.isoformat()).get()

    assert result == {"emailed": 1, "empty": 0, "failed": 0, "busy": 0}
    assert "reviewer digests for 2026-03-10: 1 emailed, 0 with nothing to report, 0 failed" in caplog.text
    assert [m.to for m in mail.outbox] == [[reviewer.email]]


def test_a_database_error_is_retried_and_the_run_completes(monkeypatch):
    prediction = dated(TODAY - dt.timedelta(days=1))
    calls = []
    real = tasks.flag_due_predictions

    def database_restarting_once(day, **kwargs):
        calls.append(day)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(day, **kwargs)

    monkeypatch.setattr(tasks, "flag_due_predictions", database_restarting_once)

    # throw=False: let Celery's eager mode run the retry instead of raising it to the test.
    result = tasks.flag_due_predictions_task.apply(args=[TODAY.isoformat()], throw=False)

    assert result.successful() and result.get() == {"flagged": 1, "reopened": 0}

    assert calls == [TODAY, TODAY]
    assert Prediction.objects.get(pk=prediction.pk).status == Status.DUE
    assert DueFlag.objects.count() == 1


def test_a_refused_email_makes_the_digest_task_retry_without_duplicates(reviewer, curator, monkeypatch):
    curator.groups.add(*reviewer.groups.all())  # two reviewers; the first attempt fails for one
    dated(TODAY - dt.timedelta(days=1))
    tasks.flag_due_predictions_task.delay(TODAY.isoformat())
    send = EmailMultiAlternatives.send
    refused: list[str] = []

    def refuse_first_attempt_to_curator(message, *args, **kwargs):
        if message.to == [curator.email] and not refused:
            refused.append(curator.email)
            raise smtplib.SMTPServerDisconnected("try again later")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_first_attempt_to_curator)

    result = tasks.send_reviewer_digests_task.apply(args=[TODAY.isoformat()], throw=False)

    assert result.successful() and result.get()["emailed"] == 1  # the retry sent only the refused one

    assert refused == [curator.email]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reviewer.email, curator.email])
    assert Digest.objects.filter(emailed=True).count() == 2


def test_an_enqueued_task_waits_for_the_commit(django_capture_on_commit_callbacks):
    prediction = dated(TODAY - dt.timedelta(days=400))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.enqueue_flag_due()
        # Inside the transaction nothing was sent: a worker could not see uncommitted rows.
        assert Prediction.objects.get(pk=prediction.pk).status == Status.OPEN
    assert len(callbacks) == 1
    callbacks[0]()

    assert Prediction.objects.get(pk=prediction.pk).status == Status.DUE


ALL_TASKS = (tasks.flag_due_predictions_task, tasks.send_reviewer_digests_task, tasks.extract_source_task)


def test_the_tasks_are_safe_to_redeliver_and_bounded_in_time():
    for task in ALL_TASKS:
        assert task.acks_late, f"{task.name}: a worker dying mid-run must leave the message to redeliver"
        assert 0 < task.soft_time_limit < task.time_limit, f"{task.name}: set soft_time_limit < time_limit"
        assert any(issubclass(DatabaseError, kind) for kind in task.autoretry_for), (
            f"{task.name}: add DatabaseError to autoretry_for"
        )
    # A digest claimed by a worker that is still running must not look abandoned.
    assert dt.timedelta(seconds=tasks.send_reviewer_digests_task.time_limit) < digest_service.CLAIM_LEASE


def test_every_task_retries_by_the_one_policy():
    for task in ALL_TASKS:
        assert {option: getattr(task, option) for option in RETRY_POLICY} == RETRY_POLICY, task.name


def test_enqueueing_publishes_by_the_one_policy(monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    for task in ALL_TASKS[:2]:
        monkeypatch.setattr(task, "apply_async", lambda *args, **options: sent.append(options))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_flag_due()
        tasks.enqueue_reviewer_digests()
    assert sent == [{"retry": True, "retry_policy": PUBLISH_RETRY_POLICY}] * 2


def test_the_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, f"beat would send {entry['task']!r}, which no worker knows"


def test_with_redis_down_enqueueing_logs_and_carries_on(
    broker_down, caplog, django_capture_on_commit_callbacks
):
    dated(TODAY - dt.timedelta(days=1))

    started = time.monotonic()
    with (
        caplog.at_level(logging.ERROR, logger="claims.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.enqueue_flag_due()
        tasks.enqueue_reviewer_digests()
    elapsed = time.monotonic() - started

    assert "could not enqueue claims.tasks.flag_due_predictions_task" in caplog.text
    assert "could not enqueue claims.tasks.send_reviewer_digests_task" in caplog.text
    assert elapsed < 5, f"enqueueing against a dead broker took {elapsed:.1f}s: it must fail fast"
    assert not DueFlag.objects.exists()  # nothing ran; the hourly run will catch up


def test_with_redis_down_a_curator_still_moves_a_due_date_in_the_admin(
    broker_down, curator, client, caplog, django_capture_on_commit_callbacks
):
    span = SpanFactory(prediction=dated(TODAY + dt.timedelta(days=90)))
    prediction = span.prediction
    client.force_login(curator)
    url = reverse("admin:claims_prediction_change", args=[prediction.pk])
    assert client.get(reverse("admin:claims_prediction_changelist")).status_code == 200

    page = client.get(url)
    assert page.status_code == 200
    # Post the change form as the curator sees it, with the due date moved.
    data = {**_form_data(page), "window_overridden": "on", "due_earliest": "", "due_latest": "2025-01-31"}
    with (
        caplog.at_level(logging.ERROR, logger="claims.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    prediction.refresh_from_db()
    assert prediction.due_latest == dt.date(2025, 1, 31)  # saved
    assert prediction.status == Status.OPEN  # flagging waits for the worker or the hourly run
    assert "could not enqueue claims.tasks.flag_due_predictions_task" in caplog.text


def _form_data(page) -> dict[str, object]:
    """The POST data of an admin change page as rendered: every editable field of the form and
    of its inlines with its current value, and each inline's management form."""
    forms = [page.context["adminform"].form]
    data: dict[str, object] = {}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, bool) or field.widget_type == "checkbox":
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = (
                    [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
                )
    return data
