from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command

from claims import plaintext
from claims.groups import ADJUDICATORS, REVIEWERS
from claims.models import Digest, DigestItem, DueFlag, Prediction, Status
from claims.services import digest as digest_service
from claims.services.digest import send_reviewer_digests
from claims.services.due import flag_due_predictions
from claims.services.reviews import record_outcome, record_too_early
from tests.clock import noon, stopped_at
from tests.factories import PredictionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)
NOW = noon(TODAY)
CLOCK = stopped_at(NOW)  # the digest's clock: claims and their leases count from it

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


def user_in(username: str, *groups: str) -> User:
    user = User.objects.create_user(username, email=f"{username}@example.org", password="pw")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def vote(prediction: Prediction, reviewer: User, verdict: str = "came_true") -> None:
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict=verdict,
        known_on=TODAY - dt.timedelta(days=1),
        evidence=["https://example.org/launch"],
        today=TODAY,
        now=NOW,
    )


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
    flag_due_predictions(TODAY, now=NOW)

    run = send_reviewer_digests(TODAY, clock=CLOCK)

    assert run == digest_service.DigestRun(emailed=2)
    assert sorted(m.to[0] for m in mail.outbox) == ["rui-reviewer@example.org", "vera@example.org"]
    assert not emails_to(curator.email)  # curators are not reviewers
    message = emails_to(reviewer.email)[0]
    assert message.subject == "Hindsight: 1 waiting on your review, 1 newly due, 1 coming due"
    body = message.body
    assert body.splitlines()[2:5] == [
        "Review backlog: 1 prediction due and unreviewed, 0 awaiting adjudication.",
        "The oldest has waited 1 day (since 2026-03-09).",  # came due the day after its window closed
        "1 is waiting on your review.",
    ]
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

    send_reviewer_digests(TODAY, clock=CLOCK)

    body = mail.outbox[0].body
    assert "今天到期" in body and "第十四天到期" in body
    assert "昨天到期" not in body and "第十五天到期" not in body and "没有期限" not in body
    assert "Nothing new came due for review" in body


def test_a_rerun_on_the_same_day_sends_nothing_twice(reviewer, second_reviewer):
    dated(TODAY - dt.timedelta(days=1))
    flag_due_predictions(TODAY, now=NOW)
    send_reviewer_digests(TODAY, clock=CLOCK)

    dated(TODAY - dt.timedelta(days=3))
    flag_due_predictions(TODAY, now=NOW)  # flagged after today's digest: waits for tomorrow's
    assert send_reviewer_digests(TODAY, clock=CLOCK) == digest_service.DigestRun()

    assert len(mail.outbox) == 2
    assert Digest.objects.count() == 2


def test_the_next_digest_lists_only_what_came_due_since(reviewer):
    old = dated(TODAY - dt.timedelta(days=1), "旧的预测")
    flag_due_predictions(TODAY, now=NOW)
    send_reviewer_digests(TODAY, clock=CLOCK)
    tomorrow = TODAY + dt.timedelta(days=1)
    new = dated(TODAY, "新的预测")
    flag_due_predictions(tomorrow, now=NOW)

    send_reviewer_digests(tomorrow, clock=CLOCK)

    assert len(mail.outbox) == 2
    body = mail.outbox[1].body
    assert "新的预测" in body and "旧的预测" not in body
    assert set(DigestItem.objects.values_list("due_flag__prediction_id", flat=True)) == {old.pk, new.pk}


def test_a_reviewer_with_nothing_to_hear_gets_no_email(reviewer):
    dated(TODAY + dt.timedelta(days=30))

    assert send_reviewer_digests(TODAY, clock=CLOCK) == digest_service.DigestRun(empty=1)

    assert mail.outbox == []
    digest = Digest.objects.get()
    assert digest.processed_at is not None and not digest.emailed


def test_inactive_reviewers_and_reviewers_without_email_get_nothing(reviewer):
    User.objects.filter(pk=reviewer.pk).update(is_active=False)
    no_email = User.objects.create_user("no-email")
    no_email.groups.add(Group.objects.get(name=REVIEWERS))
    dated(TODAY)

    assert send_reviewer_digests(TODAY, clock=CLOCK) == digest_service.DigestRun()
    assert mail.outbox == [] and not Digest.objects.exists()


def test_flags_no_longer_awaiting_review_are_not_sent(reviewer):
    resolved = dated(TODAY - dt.timedelta(days=1), "已经判定")
    moved = dated(TODAY - dt.timedelta(days=1), "日期改了")
    flag_due_predictions(TODAY, now=NOW)
    Prediction.objects.filter(pk=resolved.pk).update(
        status=Status.RESOLVED, verdict="came_true", verdict_known_on=TODAY, verdict_reviewers=1
    )
    Prediction.objects.filter(pk=moved.pk).update(due_latest=TODAY + dt.timedelta(days=60))  # stale flag

    send_reviewer_digests(TODAY, clock=CLOCK)

    assert not DigestItem.objects.exists()
    # Until the due job reopens it, the moved one is still due: counted in the backlog, but
    # not announced as having come due.
    body = mail.outbox[0].body
    assert "1 is waiting on your review." in body
    assert "Nothing new came due for review" in body
    assert "已经判定" not in body and "日期改了" not in body


def test_a_refused_email_is_retried_and_nobody_gets_a_duplicate(reviewer, second_reviewer, monkeypatch):
    dated(TODAY - dt.timedelta(days=1))
    flag_due_predictions(TODAY, now=NOW)
    send = EmailMultiAlternatives.send

    def refuse_vera(message, *args, **kwargs):
        if message.to == [second_reviewer.email]:
            raise smtplib.SMTPRecipientsRefused({second_reviewer.email: (450, b"mailbox busy")})
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_vera)
    assert send_reviewer_digests(TODAY, clock=CLOCK) == digest_service.DigestRun(emailed=1, failed=1)
    monkeypatch.undo()
    assert send_reviewer_digests(TODAY, clock=CLOCK) == digest_service.DigestRun(emailed=1)

    assert len(emails_to(reviewer.email)) == 1
    assert len(emails_to(second_reviewer.email)) == 1
    assert "1 prediction came due" in emails_to(second_reviewer.email)[0].body


def test_a_digest_claimed_by_a_live_worker_is_left_alone_and_a_dead_ones_is_taken_over(reviewer):
    dated(TODAY - dt.timedelta(days=1))
    flag_due_predictions(TODAY, now=NOW)
    digest = Digest.objects.create(reviewer=reviewer, run_on=TODAY, claimed_at=NOW - dt.timedelta(minutes=1))

    assert send_reviewer_digests(TODAY, clock=CLOCK) == digest_service.DigestRun(busy=1)
    assert mail.outbox == []

    # The worker that claimed it died: once the lease is over, the next run sends it, once.
    Digest.objects.filter(pk=digest.pk).update(
        claimed_at=NOW - digest_service.CLAIM_LEASE - dt.timedelta(seconds=1)
    )
    assert send_reviewer_digests(TODAY, clock=CLOCK) == digest_service.DigestRun(emailed=1)
    assert send_reviewer_digests(TODAY, clock=CLOCK) == digest_service.DigestRun()
    assert len(mail.outbox) == 1


def test_a_digest_left_pending_by_a_crash_goes_out_with_the_next_days_run_once(reviewer):
    first = dated(TODAY - dt.timedelta(days=1), "第一条")
    flag_due_predictions(TODAY, now=NOW)
    # Yesterday's worker claimed the digest, attached the flag, and died before emailing.
    crashed = Digest.objects.create(
        reviewer=reviewer,
        run_on=TODAY - dt.timedelta(days=1),
        claimed_at=NOW - dt.timedelta(hours=20),
    )
    DigestItem.objects.create(
        digest=crashed, reviewer=reviewer, due_flag=DueFlag.objects.get(prediction=first)
    )
    dated(TODAY - dt.timedelta(days=1), "第二条")
    flag_due_predictions(TODAY, now=NOW)

    assert send_reviewer_digests(TODAY, clock=CLOCK) == digest_service.DigestRun(emailed=1)
    # A retry of today's run finds today's digest done and opens no second one.
    assert send_reviewer_digests(TODAY, clock=CLOCK) == digest_service.DigestRun()

    assert len(mail.outbox) == 1
    assert "第一条" in mail.outbox[0].body and "第二条" in mail.outbox[0].body
    crashed.refresh_from_db()
    assert (crashed.run_on, crashed.newly_due, crashed.emailed) == (TODAY, 2, True)


def test_a_long_list_is_cut_with_a_link_to_the_rest(reviewer, monkeypatch):
    monkeypatch.setattr(digest_service, "MAX_LISTED", 3)
    for n in range(5):
        dated(TODAY - dt.timedelta(days=n + 1), f"第{n}条预测")
    flag_due_predictions(TODAY, now=NOW)

    send_reviewer_digests(TODAY, clock=CLOCK)

    body = mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Hindsight: 5 waiting on your review, 5 newly due")
    assert body.count("Record the outcome:") == 3
    assert f"...and 2 more: {SITE}/admin/claims/prediction/?status__exact=due" in body
    assert DigestItem.objects.count() == 5  # all five were told, three by name


@pytest.mark.parametrize("flags", [1, 30])
def test_it_runs_a_constant_number_of_queries_per_reviewer(flags, reviewer, django_assert_num_queries):
    speaker = SpeakerFactory()
    for n in range(flags):
        dated(TODAY - dt.timedelta(days=1 + n % 7), f"第{n}条", speaker=speaker)
        dated(TODAY + dt.timedelta(days=1 + n % 7), f"即将{n}", speaker=speaker)
    flag_due_predictions(TODAY, now=NOW)

    # recipients; INSERT digests; pending digests; the backlog (3); upcoming with speakers;
    # then per reviewer: SAVEPOINT, claim UPDATE, INSERT ... SELECT items, RELEASE, items with
    # flags, predictions and speakers, mark processed UPDATE.
    with django_assert_num_queries(13):
        send_reviewer_digests(TODAY, clock=CLOCK)
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


# --- The backlog leads; adjudicators hear about disputes ----------------------------------


def test_the_digest_leads_with_the_backlog_and_what_waits_on_each_reviewer(reviewer, second_reviewer):
    oldest = dated(TODAY - dt.timedelta(days=40), "最早到期")
    half_reviewed = dated(TODAY - dt.timedelta(days=3), "审了一半", reviewers_required=2)
    disagreed = dated(TODAY - dt.timedelta(days=5), "意见不一", reviewers_required=2)
    dated(TODAY + dt.timedelta(days=3), "快到期")
    flag_due_predictions(TODAY, now=NOW)
    vote(half_reviewed, second_reviewer)  # one of two: still waiting, now on rui only
    vote(disagreed, reviewer, "came_true")
    vote(disagreed, second_reviewer, "came_false")  # disagreement: off to adjudication

    send_reviewer_digests(TODAY, clock=CLOCK)

    backlog = [
        "Review backlog: 2 predictions due and unreviewed, 1 awaiting adjudication.",
        "The oldest has waited 39 days (since 2026-01-30).",
    ]
    rui, vera = emails_to(reviewer.email)[0], emails_to(second_reviewer.email)[0]
    assert rui.body.splitlines()[2:5] == [*backlog, "2 are waiting on your review."]
    assert vera.body.splitlines()[2:5] == [*backlog, "1 is waiting on your review."]
    # Newly due: what awaits this reviewer's review, not the disputed one (it awaits the
    # adjudicator) nor one they reviewed already.
    assert rui.subject == "Hindsight: 2 waiting on your review, 2 newly due, 1 coming due"
    assert vera.subject == "Hindsight: 1 waiting on your review, 1 newly due, 1 coming due"
    assert f"#{half_reviewed.pk} " in rui.body and f"#{half_reviewed.pk} " not in vera.body
    assert "意见不一" not in rui.body
    # Then what came due and what comes due, as before: the backlog comes first.
    assert (
        rui.body.index("Review backlog") < rui.body.index("2 predictions came due") < rui.body.index("快到期")
    )
    assert f"#{oldest.pk} " in rui.body
    # A reviewer is not asked to adjudicate.
    assert "Adjudicate:" not in rui.body and "awaits adjudication" not in rui.body
    html = rui.alternatives[0][0]
    assert "Review backlog: 2 predictions due and unreviewed, 1 awaiting adjudication." in html
    assert html.index("Review backlog") < html.index("came due for review")


def test_a_reviewer_is_reminded_of_the_backlog_until_it_is_reviewed(reviewer):
    prediction = dated(TODAY - dt.timedelta(days=1), "还没审")
    flag_due_predictions(TODAY, now=NOW)
    send_reviewer_digests(TODAY, clock=CLOCK)  # announced today

    tomorrow = TODAY + dt.timedelta(days=1)
    assert send_reviewer_digests(tomorrow, clock=CLOCK) == digest_service.DigestRun(emailed=1)
    reminder = mail.outbox[1]
    assert reminder.subject == "Hindsight: 1 waiting on your review, 0 newly due, 0 coming due"
    assert "The oldest has waited 1 day (since 2026-03-10)." in reminder.body
    assert "1 is waiting on your review." in reminder.body
    assert "Nothing new came due for review since your last digest." in reminder.body

    vote(prediction, reviewer)  # one reviewer required: resolved
    day_after = TODAY + dt.timedelta(days=2)
    assert send_reviewer_digests(day_after, clock=CLOCK) == digest_service.DigestRun(empty=1)
    assert len(mail.outbox) == 2


def test_an_empty_backlog_is_said_in_one_line(reviewer):
    dated(TODAY + dt.timedelta(days=2), "快到期")

    send_reviewer_digests(TODAY, clock=CLOCK)

    body = mail.outbox[0].body
    assert body.splitlines()[2:4] == [
        "Review backlog: nothing is waiting for review.",
        "Nothing is waiting on your review.",
    ]
    assert mail.outbox[0].subject == "Hindsight: 0 newly due, 1 coming due"


def test_adjudicators_get_a_digest_when_something_awaits_adjudication(reviewer, second_reviewer):
    ada = user_in("ada-adjudicator", ADJUDICATORS)
    disagreed = dated(
        TODAY - dt.timedelta(days=5), "意见不一", statement_en="Split opinions.", reviewers_required=2
    )
    flag_due_predictions(TODAY, now=NOW)

    # Nothing disputed yet: the adjudicator has nothing to hear.
    send_reviewer_digests(TODAY, clock=CLOCK)
    assert not emails_to(ada.email)
    assert Digest.objects.get(reviewer=ada).emailed is False

    vote(disagreed, reviewer, "came_true")
    vote(disagreed, second_reviewer, "came_false")
    tomorrow = TODAY + dt.timedelta(days=1)
    run = send_reviewer_digests(tomorrow, clock=CLOCK)

    [message] = emails_to(ada.email)
    assert message.subject == "Hindsight: 1 awaiting adjudication"
    lines = message.body.splitlines()
    assert lines[2:4] == [
        "Review backlog: 0 predictions due and unreviewed, 1 awaiting adjudication.",
        "The oldest has waited 5 days (since 2026-03-06).",
    ]
    assert "1 prediction awaits adjudication: the reviewers disagreed." in message.body
    assert f"#{disagreed.pk} " in message.body and "(Split opinions.)" in message.body
    assert f"Adjudicate: {SITE}/admin/claims/prediction/{disagreed.pk}/change/" in message.body
    # Not a reviewer: no review lists, and no "waiting on your review".
    assert "came due" not in message.body and "coming due" not in message.body
    assert "your review" not in message.body
    assert not DigestItem.objects.filter(reviewer=ada).exists()
    html = message.alternatives[0][0]
    assert f'href="{SITE}/admin/claims/prediction/{disagreed.pk}/change/">adjudicate</a>' in html
    # The reviewers who disagreed are told the backlog, not asked to adjudicate.
    assert run == digest_service.DigestRun(emailed=1, empty=2)

    # A retried run sends nothing twice.
    assert send_reviewer_digests(tomorrow, clock=CLOCK) == digest_service.DigestRun()
    assert len(emails_to(ada.email)) == 1


def test_a_reviewer_who_also_adjudicates_gets_one_digest_with_both(reviewer, second_reviewer):
    both = user_in("bo-both", REVIEWERS, ADJUDICATORS)
    disagreed = dated(TODAY - dt.timedelta(days=5), "意见不一", reviewers_required=2)
    dated(TODAY - dt.timedelta(days=2), "新到期")
    flag_due_predictions(TODAY, now=NOW)
    vote(disagreed, reviewer, "came_true")
    vote(disagreed, second_reviewer, "came_false")

    send_reviewer_digests(TODAY, clock=CLOCK)

    [message] = emails_to(both.email)
    assert (
        message.subject
        == "Hindsight: 1 awaiting adjudication, 1 waiting on your review, 1 newly due, 0 coming due"
    )
    body = message.body
    assert (
        body.index("1 is waiting on your review.")
        < body.index("awaits adjudication")
        < body.index("came due")
    )
    assert f"Adjudicate: {SITE}/admin/claims/prediction/{disagreed.pk}/change/" in body


def test_a_refused_email_to_an_adjudicator_is_retried_once(reviewer, second_reviewer, monkeypatch):
    ada = user_in("ada-adjudicator", ADJUDICATORS)
    disagreed = dated(TODAY - dt.timedelta(days=5), reviewers_required=2)
    flag_due_predictions(TODAY, now=NOW)
    vote(disagreed, reviewer, "came_true")
    vote(disagreed, second_reviewer, "came_false")
    send = EmailMultiAlternatives.send

    def refuse_ada(message, *args, **kwargs):
        if message.to == [ada.email]:
            raise smtplib.SMTPServerDisconnected("try again later")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_ada)
    assert send_reviewer_digests(TODAY, clock=CLOCK).failed == 1
    monkeypatch.undo()
    assert send_reviewer_digests(TODAY, clock=CLOCK) == digest_service.DigestRun(emailed=1)

    assert len(emails_to(ada.email)) == 1
    assert mail.outbox == emails_to(ada.email)  # the reviewers have nothing to hear


@pytest.mark.parametrize("disputes", [1, 8])
def test_adjudicators_digests_run_a_constant_number_of_queries(disputes, django_assert_num_queries):
    first, second = user_in("rui-two", REVIEWERS), user_in("vera-two", REVIEWERS)
    user_in("ada-adjudicator", ADJUDICATORS)
    for n in range(disputes):
        disagreed = dated(TODAY - dt.timedelta(days=1 + n), f"意见不一{n}", reviewers_required=2)
        flag_due_predictions(TODAY, now=NOW)
        vote(disagreed, first, "came_true")
        vote(disagreed, second, "came_false")
    Digest.objects.all().delete()

    # recipients; INSERT digests; pending digests; the backlog (3); upcoming; the disputed
    # predictions with speakers; per reviewer (2): SAVEPOINT, claim UPDATE, INSERT ... SELECT
    # items, RELEASE, items, mark processed; per adjudicator: SAVEPOINT, claim UPDATE,
    # RELEASE, mark processed.
    with django_assert_num_queries(8 + 2 * 6 + 4):
        run = send_reviewer_digests(TODAY, clock=CLOCK)
    # The reviewers have nothing to hear: what they disagreed on waits for the adjudicator.
    assert run == digest_service.DigestRun(emailed=1, empty=2)


# --- "Too early" ---------------------------------------------------------------------------

NEXT_LOOK = TODAY + dt.timedelta(days=20)


def test_a_too_early_prediction_is_announced_again_on_its_next_look(reviewer):
    prediction = dated(TODAY - dt.timedelta(days=1), "还早")
    flag_due_predictions(TODAY, now=NOW)
    send_reviewer_digests(TODAY, clock=CLOCK)
    assert f"#{prediction.pk} " in mail.outbox[0].body

    record_too_early(prediction=prediction, reviewer=reviewer, next_look_on=NEXT_LOOK, today=TODAY, now=NOW)
    tomorrow = TODAY + dt.timedelta(days=1)
    flag_due_predictions(tomorrow, now=NOW)
    # Open again until its next look: nothing waits, nothing to say.
    assert send_reviewer_digests(tomorrow, clock=CLOCK) == digest_service.DigestRun(empty=1)

    flag_due_predictions(NEXT_LOOK, now=NOW)
    send_reviewer_digests(NEXT_LOOK, clock=CLOCK)

    body = mail.outbox[1].body
    assert "1 prediction came due for review since your last digest:" in body
    assert f"#{prediction.pk} Speaker" in body and f"due {NEXT_LOOK:%Y-%m-%d}" in body
    assert "The oldest came due today." in body


def test_plain_text_digest_wraps_a_statement_with_raw_newlines_under_its_entry(reviewer):
    statement = (
        "我认为在不远的将来，\n人工智能代理将会被大规模使用。我们会看到很多公司把它们当作新的同事来使用，"
        "这是一个很大的变化。"
    )
    came_due = dated(
        TODAY - dt.timedelta(days=2),
        statement,
        statement_en="In the near future\nagents will be used at scale, and many companies will treat them as coworkers.",
    )
    flag_due_predictions(TODAY, now=NOW)

    send_reviewer_digests(TODAY, clock=CLOCK)

    lines = emails_to(reviewer.email)[0].body.splitlines()
    entry = lines.index(f"#{came_due.pk} {came_due.speaker.name}, due 2026-03-08")
    dashboard = lines.index(f"  Dashboard: {SITE}/predictions/{came_due.pk}/", entry)
    block = lines[entry + 1 : dashboard]
    # Every line of the entry stays indented under it, none wider than a mail reader's 72 columns,
    # and the source's line break joins the Chinese with nothing and the English with a space.
    assert block and all(line.startswith("  ") for line in block)
    assert all(plaintext.columns(line) <= 72 for line in block)
    english_from = next(i for i, line in enumerate(block) if line.startswith("  ("))
    assert "".join(line.strip() for line in block[:english_from]) == statement.replace("\n", "")
    assert " ".join(line.strip() for line in block[english_from:]) == (
        "(In the near future agents will be used at scale, and many companies will treat them as coworkers.)"
    )
