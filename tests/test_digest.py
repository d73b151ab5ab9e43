from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.groups import REVIEWERS
from claims.models import Digest, DigestItem, DueFlag, Prediction, Status
from claims.services import digest as digest_service
from claims.services.digest import send_reviewer_digests
from claims.services.due import flag_due_predictions
from tests.factories import PredictionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)
SITE = "https://hindsight.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.DUE_SOON_DAYS = 14
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def second_reviewer(db) -> User:
    user = User.objects.create_user("vera-reviewer", email="vera@example.org", password="pw")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


def dated(
    due_latest: dt.date | None, statement: str = "我认为2025年将是代理大规模使用的一年。", **fields
) -> Prediction:
    return PredictionFactory(
        window_overridden=True, due_earliest=None, due_latest=due_latest, statement=statement, **fields
    )


def emails_to(address: str) -> list[EmailMultiAlternatives]:
    return [message for message in mail.outbox if message.to == [address]]


def test_it_emails_each_reviewer_the_newly_due_and_upcoming_predictions(reviewer, second_reviewer, curator):
    speaker = SpeakerFactory(name="Sam Altman")
    came_due = dated(
        TODAY - dt.timedelta(days=2),
        "明年会更好。",
        statement_en="Next year will be better.",
        speaker=speaker,
    )
    comes_due = dated(TODAY + dt.timedelta(days=5), "几个月内实现1000万token。", speaker=speaker)
    flag_due_predictions(TODAY)

    run = send_reviewer_digests(TODAY)

    assert run == digest_service.DigestRun(emailed=2)
    assert sorted(m.to[0] for m in mail.outbox) == ["rui-reviewer@example.org", "vera@example.org"]
    assert not emails_to(curator.email)  # curators are not reviewers
    message = emails_to(reviewer.email)[0]
    assert message.subject == "Hindsight: 1 prediction due for review, 1 coming due"
    body = message.body
    assert "1 prediction came due for review" in body
    assert "明年会更好。" in body and "(Next year will be better.)" in body
    assert "Sam Altman, due 2026-03-08" in body
    assert f"Dashboard: {SITE}/predictions/{came_due.pk}/" in body
    assert f"Record the outcome: {SITE}/admin/claims/prediction/{came_due.pk}/change/" in body
    assert "1 prediction comes due in the next 14 days" in body
    assert "几个月内实现1000万token。" in body and f"{SITE}/predictions/{comes_due.pk}/" in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{SITE}/admin/claims/prediction/{came_due.pk}/change/"' in html
    digest = Digest.objects.get(reviewer=reviewer)
    assert (digest.run_on, digest.emailed, digest.newly_due, digest.upcoming) == (TODAY, True, 1, 1)
    assert digest.processed_at is not None


def test_due_soon_covers_today_to_the_last_day_of_the_window(reviewer):
    dated(TODAY - dt.timedelta(days=1), "昨天到期")  # due, not upcoming (not flagged here)
    dated(TODAY, "今天到期")
    dated(TODAY + dt.timedelta(days=14), "第十四天到期")
    dated(TODAY + dt.timedelta(days=15), "第十五天到期")
    dated(None, "没有期限")

    send_reviewer_digests(TODAY)

    body = mail.outbox[0].body
    assert "今天到期" in body and "第十四天到期" in body
    assert "昨天到期" not in body and "第十五天到期" not in body and "没有期限" not in body
    assert "Nothing new came due for review" in body


def test_a_rerun_on_the_same_day_sends_nothing_twice(reviewer, second_reviewer):
    dated(TODAY - dt.timedelta(days=1))
    flag_due_predictions(TODAY)
    send_reviewer_digests(TODAY)

    dated(TODAY - dt.timedelta(days=3))
    flag_due_predictions(TODAY)  # flagged after today's digest: waits for tomorrow's
    assert send_reviewer_digests(TODAY) == digest_service.DigestRun()

    assert len(mail.outbox) == 2
    assert Digest.objects.count() == 2


def test_the_next_digest_lists_only_what_came_due_since(reviewer):
    old = dated(TODAY - dt.timedelta(days=1), "旧的预测")
    flag_due_predictions(TODAY)
    send_reviewer_digests(TODAY)
    tomorrow = TODAY + dt.timedelta(days=1)
    new = dated(TODAY, "新的预测")
    flag_due_predictions(tomorrow)

    send_reviewer_digests(tomorrow)

    assert len(mail.outbox) == 2
    body = mail.outbox[1].body
    assert "新的预测" in body and "旧的预测" not in body
    assert set(DigestItem.objects.values_list("due_flag__prediction_id", flat=True)) == {old.pk, new.pk}


def test_a_reviewer_with_nothing_to_hear_gets_no_email(reviewer):
    dated(TODAY + dt.timedelta(days=30))

    assert send_reviewer_digests(TODAY) == digest_service.DigestRun(empty=1)

    assert mail.outbox == []
    digest = Digest.objects.get()
    assert digest.processed_at is not None and not digest.emailed


def test_inactive_reviewers_and_reviewers_without_email_get_nothing(reviewer):
    User.objects.filter(pk=reviewer.pk).update(is_active=False)
    no_email = User.objects.create_user("no-email")
    no_email.groups.add(Group.objects.get(name=REVIEWERS))
    dated(TODAY)

    assert send_reviewer_digests(TODAY) == digest_service.DigestRun()
    assert mail.outbox == [] and not Digest.objects.exists()


def test_flags_no_longer_awaiting_review_are_not_sent(reviewer):
    resolved = dated(TODAY - dt.timedelta(days=1), "已经判定")
    moved = dated(TODAY - dt.timedelta(days=1), "日期改了")
    flag_due_predictions(TODAY)
    Prediction.objects.filter(pk=resolved.pk).update(status=Status.RESOLVED, verdict="came_true")
    Prediction.objects.filter(pk=moved.pk).update(due_latest=TODAY + dt.timedelta(days=60))  # stale flag

    assert send_reviewer_digests(TODAY) == digest_service.DigestRun(empty=1)

    assert mail.outbox == []
    assert not DigestItem.objects.exists()


def test_a_refused_email_is_retried_and_nobody_gets_a_duplicate(reviewer, second_reviewer, monkeypatch):
    dated(TODAY - dt.timedelta(days=1))
    flag_due_predictions(TODAY)
    send = EmailMultiAlternatives.send

    def refuse_vera(message, *args, **kwargs):
        if message.to == [second_reviewer.email]:
            raise smtplib.SMTPRecipientsRefused({second_reviewer.email: (450, b"mailbox busy")})
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_vera)
    assert send_reviewer_digests(TODAY) == digest_service.DigestRun(emailed=1, failed=1)
    monkeypatch.undo()
    assert send_reviewer_digests(TODAY) == digest_service.DigestRun(emailed=1)

    assert len(emails_to(reviewer.email)) == 1
    assert len(emails_to(second_reviewer.email)) == 1
    assert "1 prediction came due" in emails_to(second_reviewer.email)[0].body


def test_a_digest_claimed_by_a_live_worker_is_left_alone_and_a_dead_ones_is_taken_over(reviewer):
    dated(TODAY - dt.timedelta(days=1))
    flag_due_predictions(TODAY)
    now = timezone.now()
    digest = Digest.objects.create(reviewer=reviewer, run_on=TODAY, claimed_at=now - dt.timedelta(minutes=1))

    assert send_reviewer_digests(TODAY) == digest_service.DigestRun(busy=1)
    assert mail.outbox == []

    # The worker that claimed it died: once the lease is over, the next run sends it, once.
    Digest.objects.filter(pk=digest.pk).update(
        claimed_at=now - digest_service.CLAIM_LEASE - dt.timedelta(seconds=1)
    )
    assert send_reviewer_digests(TODAY) == digest_service.DigestRun(emailed=1)
    assert send_reviewer_digests(TODAY) == digest_service.DigestRun()
    assert len(mail.outbox) == 1


def test_a_digest_left_pending_by_a_crash_goes_out_with_the_next_days_run_once(reviewer):
    first = dated(TODAY - dt.timedelta(days=1), "第一条")
    flag_due_predictions(TODAY)
    # Yesterday's worker claimed the digest, attached the flag, and died before emailing.
    crashed = Digest.objects.create(
        reviewer=reviewer,
        run_on=TODAY - dt.timedelta(days=1),
        claimed_at=timezone.now() - dt.timedelta(hours=20),
    )
    DigestItem.objects.create(
        digest=crashed, reviewer=reviewer, due_flag=DueFlag.objects.get(prediction=first)
    )
    dated(TODAY - dt.timedelta(days=1), "第二条")
    flag_due_predictions(TODAY)

    assert send_reviewer_digests(TODAY) == digest_service.DigestRun(emailed=1)
    # A retry of today's run finds today's digest done and opens no second one.
    assert send_reviewer_digests(TODAY) == digest_service.DigestRun()

    assert len(mail.outbox) == 1
    assert "第一条" in mail.outbox[0].body and "第二条" in mail.outbox[0].body
    crashed.refresh_from_db()
    assert (crashed.run_on, crashed.newly_due, crashed.emailed) == (TODAY, 2, True)


def test_a_long_list_is_cut_with_a_link_to_the_rest(reviewer, monkeypatch):
    monkeypatch.setattr(digest_service, "MAX_LISTED", 3)
    for n in range(5):
        dated(TODAY - dt.timedelta(days=n + 1), f"第{n}条预测")
    flag_due_predictions(TODAY)

    send_reviewer_digests(TODAY)

    body = mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Hindsight: 5 predictions due for review")
    assert body.count("Record the outcome:") == 3
    assert f"...and 2 more: {SITE}/admin/claims/prediction/?status__exact=due" in body
    assert DigestItem.objects.count() == 5  # all five were told, three by name


@pytest.mark.parametrize("flags", [1, 30])
def test_it_runs_a_constant_number_of_queries_per_reviewer(flags, reviewer, django_assert_num_queries):
    speaker = SpeakerFactory()
    for n in range(flags):
        dated(TODAY - dt.timedelta(days=1 + n % 7), f"第{n}条", speaker=speaker)
        dated(TODAY + dt.timedelta(days=1 + n % 7), f"即将{n}", speaker=speaker)
    flag_due_predictions(TODAY)

    # reviewers; INSERT digests; pending digests; upcoming with speakers; then per reviewer:
    # SAVEPOINT, claim UPDATE, INSERT ... SELECT items, RELEASE, items with flags, predictions
    # and speakers, mark processed UPDATE.
    with django_assert_num_queries(10):
        send_reviewer_digests(TODAY)
    assert len(mail.outbox) == 1


def test_the_send_digest_command_reports_and_fails_loudly_on_a_refused_email(reviewer, capsys, monkeypatch):
    dated(TODAY + dt.timedelta(days=1))

    call_command("send_digest", "--today", TODAY.isoformat())
    assert f"{TODAY}: 1 digest(s) emailed, 0 with nothing to report" in capsys.readouterr().out

    def refuse(message, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection closed")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    with pytest.raises(CommandError, match="run again to retry"):
        call_command("send_digest", "--today", (TODAY + dt.timedelta(days=1)).isoformat())
