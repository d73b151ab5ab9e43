"""The reviewers' and adjudicators' digest: the review backlog first, then what came due since
their last email and what comes due soon (reviewers), or what awaits adjudication (adjudicators)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from claims.groups import ADJUDICATE, ADJUDICATORS, REVIEW, REVIEWERS, holders_of
from claims.models import Digest, DigestItem, Prediction, Status
from claims.services import sql
from claims.services.backlog import Backlog, review_backlog
from claims.services.due import DUE_ON

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died; it must outlast the digest task's
# hard time limit (claims.tasks), or a slow but live worker could have its digest taken over.
CLAIM_LEASE = dt.timedelta(minutes=15)
# An email lists at most this many predictions per section and links to the rest.
MAX_LISTED = 50


class DigestDeliveryError(Exception):
    """Some digests could not be emailed; they stay pending and the next attempt sends them."""


@dataclass(frozen=True)
class DigestRun:
    emailed: int = 0
    empty: int = 0  # nothing to report: processed without an email
    failed: int = 0  # the mail server refused; left pending for the retry
    busy: int = 0  # claimed by another worker that is still within its lease


@dataclass(frozen=True)
class DigestLine:
    prediction_id: int
    statement: str
    statement_en: str
    speaker: str
    due_latest: dt.date | None  # the day it came due for (a next look, for a "too early" one)
    dashboard_url: str
    admin_url: str


@dataclass(frozen=True)
class _RunNews:
    """What every digest of one run shares, read once per run (not once per recipient)."""

    today: dt.date
    clock: Callable[[], dt.datetime]
    backlog: Backlog
    upcoming: list[DigestLine]
    upcoming_total: int
    disputed: list[DigestLine]  # read only when an adjudicator is among the recipients


class _Roles(TypedDict):
    is_reviewer_member: bool
    is_adjudicator_member: bool
    language: str | None


def digest_reviewers() -> QuerySet:
    """Who gets a digest: active reviewers and adjudicators (holders of the review or the
    adjudication permission, claims.groups.holders_of) with an email address, annotated with
    their roles (is_reviewer_member, is_adjudicator_member) and the language they last chose on
    the dashboard (language: None or "" if they never chose one), one row per user."""
    member_of = {
        name: Exists(holders_of(permission).filter(pk=OuterRef("pk")))
        for name, permission in ((REVIEWERS, REVIEW), (ADJUDICATORS, ADJUDICATE))
    }
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .alias(in_reviewers=member_of[REVIEWERS], in_adjudicators=member_of[ADJUDICATORS])
        .filter(Q(in_reviewers=True) | Q(in_adjudicators=True))
        .annotate(
            is_reviewer_member=member_of[REVIEWERS],
            is_adjudicator_member=member_of[ADJUDICATORS],
            # A LEFT JOIN in the same query: no query per recipient.
            language=F("reviewer_profile__language"),
        )
    )


def send_reviewer_digests(today: dt.date, *, clock: Callable[[], dt.datetime]) -> DigestRun:
    """Email every reviewer and adjudicator one digest for the run of `today`; safe to retry and
    to run twice at once.

    1. Open the run: one pending Digest row per recipient (INSERT ... ON CONFLICT DO NOTHING).
       The unique constraints skip a recipient whose digest for today exists, and one who still
       has a pending digest from a crashed run: that one is sent now instead, so it is one
       email per recipient per run either way.
    2. Read what every digest shares once: the review backlog (claims.services.backlog), the
       predictions coming due soon and, for adjudicators, the ones awaiting adjudication.
    3. For each pending digest of a current recipient, in its own short transaction: claim it by
       compare-and-set on claimed_at (free, or held past CLAIM_LEASE by a dead worker), then
       attach the due flags this reviewer has never been told about (unique per reviewer and
       flag, so no flag is ever in two of their digests).
    4. After commit, holding no lock, render and send the email.
    5. Mark the digest processed (compare-and-set on our claim). A refused email releases the
       claim instead, and the retry sends it.
    A rerun skips processed digests and those claimed by a live worker, so nothing is sent twice.
    The one window left is a crash after the mail server accepted the email and before step 5:
    that digest is sent again once the lease expires (at least once beats never).

    `today` is the day of the run (an operator may replay one); `clock` tells the time of each
    claim and of each email sent (django.utils.timezone.now in production): a run that emails
    many reviewers takes minutes, and each claim's lease counts from when it was taken.
    A digest is emailed when it has something to say: newly due or upcoming predictions, or
    backlog waiting on this reviewer; for an adjudicator, predictions awaiting adjudication.
    """
    recipients = list(digest_reviewers().order_by("id"))
    Digest.objects.bulk_create(
        [Digest(reviewer=recipient, run_on=today) for recipient in recipients], ignore_conflicts=True
    )
    by_id = {recipient.pk: recipient for recipient in recipients}
    pending = list(
        Digest.objects.filter(processed_at__isnull=True, reviewer__in=recipients).order_by("run_on", "id")
    )
    backlog = review_backlog(today)
    upcoming_qs = Prediction.objects.due_soon(on=today, days=settings.DUE_SOON_DAYS)
    upcoming = [
        _line(p) for p in upcoming_qs.select_related("speaker").order_by("due_latest", "id")[:MAX_LISTED]
    ]
    disputed: list[DigestLine] = []
    if backlog.disputed and any(by_id[d.reviewer_id].is_adjudicator_member for d in pending):
        disputed_qs = (
            Prediction.objects.filter(status=Status.DISPUTED)
            .select_related("speaker")
            .annotate(due_on=DUE_ON)
            .order_by(F("due_on").asc(nulls_last=True), "id")
        )
        disputed = [_line(p, due_on=p.due_on) for p in disputed_qs[:MAX_LISTED]]
    news = _RunNews(
        today=today,
        clock=clock,
        backlog=backlog,
        upcoming=upcoming,
        upcoming_total=upcoming_qs.count() if len(upcoming) == MAX_LISTED else len(upcoming),
        disputed=disputed,
    )

    counts = {"emailed": 0, "empty": 0, "failed": 0, "busy": 0}
    for digest in pending:
        digest.reviewer = by_id[digest.reviewer_id]
        outcome = _process(digest, news)
        counts[outcome] += 1
    return DigestRun(**counts)


def _process(digest: Digest, news: _RunNews) -> str:
    # One of digest_reviewers(), annotated with its roles (send_reviewer_digests puts it there).
    recipient = cast("WithAnnotations[User, _Roles]", digest.reviewer)
    reviews = recipient.is_reviewer_member
    today = news.today
    claim = news.clock()
    with transaction.atomic():
        free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=claim - CLAIM_LEASE)
        # A digest left pending by an earlier day's crash becomes today's, so that a retry of
        # today's run finds it and opens no second one (unless today's exists already).
        todays = Digest.objects.filter(reviewer_id=OuterRef("reviewer_id"), run_on=today)
        run_on = Case(When(Q(run_on__lt=today) & ~Exists(todays), then=Value(today)), default=F("run_on"))
        claimed = Digest.objects.filter(free, pk=digest.pk, processed_at__isnull=True).update(
            claimed_at=claim, run_on=run_on
        )
        if not claimed:
            return "busy"
        if reviews:  # an adjudicator who does not review is not told what came due
            _attach_new_flags(digest)
    newly_due: list[DigestLine] = []
    newly_due_total = 0
    if reviews:
        items = DigestItem.objects.filter(digest=digest)
        newly_due = [
            _line(item.due_flag.prediction, due_on=item.due_flag.due_on)
            for item in items.select_related("due_flag__prediction__speaker").order_by(
                "due_flag__due_on", "due_flag__prediction_id"
            )[:MAX_LISTED]
        ]
        newly_due_total = items.count() if len(newly_due) == MAX_LISTED else len(newly_due)
    upcoming_total = news.upcoming_total if reviews else 0
    waiting_on_you = _waiting_on(recipient, news.backlog) if reviews else None
    to_adjudicate = news.backlog.disputed if recipient.is_adjudicator_member else 0
    mine = Digest.objects.filter(pk=digest.pk, claimed_at=claim)

    if not (newly_due_total or upcoming_total or waiting_on_you or to_adjudicate):
        mine.update(processed_at=news.clock(), emailed=False)
        return "empty"
    # The email speaks the language the reviewer last chose on the dashboard (the switcher
    # stores it, claims.services.reviewers.set_language_choice); the site's default otherwise.
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        message = _compose(
            digest,
            news,
            due_section=(newly_due, newly_due_total),
            upcoming_section=(news.upcoming if reviews else [], upcoming_total),
            waiting_on_you=waiting_on_you,
            to_adjudicate=to_adjudicate,
        )
    try:
        message.send()
    except OSError:  # smtplib.SMTPException and socket errors
        logger.exception("digest for %s not sent; it stays pending for the retry", recipient.email)
        mine.update(claimed_at=None)
        return "failed"
    marked = mine.update(
        processed_at=news.clock(), emailed=True, newly_due=newly_due_total, upcoming=upcoming_total
    )
    if not marked:
        logger.warning("digest %s was taken over after its lease expired: it may be sent twice", digest.pk)
    return "emailed"


def _waiting_on(reviewer: User, backlog: Backlog) -> int:
    """How many backlog predictions still need this reviewer's review in their current round."""
    return next((load.waiting for load in backlog.reviewers or () if load.user_id == reviewer.pk), 0)


def _attach_new_flags(digest: Digest) -> int:
    """Attach the current flags of due predictions this reviewer was never told about and has
    not reviewed yet (claims.services.sql.attach_new_flags, one INSERT ... SELECT).

    A flag is current while the prediction is due for the day the flag is for: a stale one (the
    due date moved, or a "too early" review set a next look) is never sent. Nor is one for a
    prediction this reviewer has already reviewed in its current round."""
    return sql.attach_new_flags(digest_id=digest.pk, reviewer_id=digest.reviewer_id)


def _line(prediction: Prediction, due_on: dt.date | None = None) -> DigestLine:
    return DigestLine(
        prediction_id=prediction.pk,
        statement=prediction.statement,
        statement_en=prediction.statement_en,
        speaker=prediction.speaker.name,
        due_latest=due_on or prediction.due_latest,
        dashboard_url=f"{settings.SITE_URL}/predictions/{prediction.pk}/",
        admin_url=settings.SITE_URL + reverse("admin:claims_prediction_change", args=[prediction.pk]),
    )


def _compose(
    digest: Digest,
    news: _RunNews,
    *,
    due_section: tuple[list[DigestLine], int],
    upcoming_section: tuple[list[DigestLine], int],
    waiting_on_you: int | None,
    to_adjudicate: int,
) -> EmailMultiAlternatives:
    """Each section is (the lines listed, how many in all). waiting_on_you is None for a
    recipient who is not a reviewer; to_adjudicate is 0 for one who is not an adjudicator."""
    (newly_due, newly_due_total), (upcoming, upcoming_total) = due_section, upcoming_section
    backlog = news.backlog
    admin_list = settings.SITE_URL + reverse("admin:claims_prediction_changelist")
    context = {
        "reviewer": digest.reviewer,
        "today": news.today,
        "due_soon_days": settings.DUE_SOON_DAYS,
        "is_reviewer": waiting_on_you is not None,
        # The backlog: due and unreviewed (disputed ones are counted apart), and its age.
        "unreviewed": backlog.waiting - backlog.disputed,
        "disputed_total": backlog.disputed,
        "oldest_due_on": backlog.oldest_due_on,
        "oldest_waiting_days": backlog.oldest_waiting_days,
        "waiting_on_you": waiting_on_you,
        "to_adjudicate": to_adjudicate,
        "disputed": news.disputed if to_adjudicate else [],
        "disputed_more": to_adjudicate - len(news.disputed) if to_adjudicate else 0,
        "disputed_list_url": f"{admin_list}?status__exact={Status.DISPUTED}",
        "newly_due": newly_due,
        "newly_due_total": newly_due_total,
        "newly_due_more": newly_due_total - len(newly_due),
        "upcoming": upcoming,
        "upcoming_total": upcoming_total,
        "upcoming_more": upcoming_total - len(upcoming),
        "due_list_url": f"{admin_list}?status__exact={Status.DUE}",
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=_subject(newly_due_total, upcoming_total, waiting_on_you, to_adjudicate),
        body=render_to_string("email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.reviewer.email],
    )
    message.attach_alternative(render_to_string("email/digest.html", context), "text/html")
    return message


def _subject(newly_due: int, upcoming: int, waiting_on_you: int | None, to_adjudicate: int) -> str:
    """Like the body, it leads with what is waiting: "Hindsight: 2 awaiting adjudication, 4 waiting
    on your review, 1 newly due, 3 coming due". In the active language (_process chooses it)."""
    parts = []
    if to_adjudicate:
        parts.append(gettext("%(n)s awaiting adjudication") % {"n": to_adjudicate})
    if waiting_on_you is not None:
        if waiting_on_you:
            parts.append(gettext("%(n)s waiting on your review") % {"n": waiting_on_you})
        parts += [
            gettext("%(n)s newly due") % {"n": newly_due},
            gettext("%(n)s coming due") % {"n": upcoming},
        ]
    # Translators: the digest's subject, "Hindsight: " then the parts joined by the separator.
    return gettext("Hindsight: %(parts)s") % {"parts": gettext(", ").join(parts)}
