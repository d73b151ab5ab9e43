"""The reviewers' digest: what came due since their last email, and what comes due soon."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from claims.groups import REVIEWERS
from claims.models import Digest, DigestItem, DueFlag, Prediction, Status

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
    due_latest: dt.date
    dashboard_url: str
    admin_url: str


def digest_reviewers() -> QuerySet:
    """Active members of the reviewers group who have an email address."""
    return get_user_model().objects.filter(is_active=True, groups__name=REVIEWERS).exclude(email="")


def send_reviewer_digests(today: dt.date) -> DigestRun:
    """Email every reviewer one digest for the run of `today`; safe to retry and to run twice at once.

    1. Open the run: one pending Digest row per reviewer (INSERT ... ON CONFLICT DO NOTHING).
       The unique constraints skip a reviewer whose digest for today exists, and one who still
       has a pending digest from a crashed run: that one is sent now instead, so it is one
       email per reviewer per run either way.
    2. For each pending digest of a current reviewer, in its own short transaction: claim it by
       compare-and-set on claimed_at (free, or held past CLAIM_LEASE by a dead worker), then
       attach the due flags this reviewer has never been told about (unique per reviewer and
       flag, so no flag is ever in two of their digests).
    3. After commit, holding no lock, render and send the email.
    4. Mark the digest processed (compare-and-set on our claim). A refused email releases the
       claim instead, and the retry sends it.
    A rerun skips processed digests and those claimed by a live worker, so nothing is sent twice.
    The one window left is a crash after the mail server accepted the email and before step 4:
    that digest is sent again once the lease expires (at least once beats never).
    """
    reviewers = list(digest_reviewers().order_by("id"))
    Digest.objects.bulk_create(
        [Digest(reviewer=reviewer, run_on=today) for reviewer in reviewers], ignore_conflicts=True
    )
    by_id = {reviewer.pk: reviewer for reviewer in reviewers}
    pending = list(
        Digest.objects.filter(processed_at__isnull=True, reviewer__in=reviewers).order_by("run_on", "id")
    )
    upcoming_qs = Prediction.objects.due_soon(on=today, days=settings.DUE_SOON_DAYS)
    upcoming = [
        _line(p) for p in upcoming_qs.select_related("speaker").order_by("due_latest", "id")[:MAX_LISTED]
    ]
    upcoming_total = upcoming_qs.count() if len(upcoming) == MAX_LISTED else len(upcoming)

    counts = {"emailed": 0, "empty": 0, "failed": 0, "busy": 0}
    for digest in pending:
        digest.reviewer = by_id[digest.reviewer_id]
        outcome = _process(digest, today=today, upcoming=upcoming, upcoming_total=upcoming_total)
        counts[outcome] += 1
    return DigestRun(**counts)


def _process(digest: Digest, *, today: dt.date, upcoming: list[DigestLine], upcoming_total: int) -> str:
    claim = timezone.now()
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
        _attach_new_flags(digest)
    items = DigestItem.objects.filter(digest=digest)
    newly_due = [
        _line(item.due_flag.prediction, due_latest=item.due_flag.due_on)
        for item in items.select_related("due_flag__prediction__speaker").order_by(
            "due_flag__due_on", "due_flag__prediction_id"
        )[:MAX_LISTED]
    ]
    newly_due_total = items.count() if len(newly_due) == MAX_LISTED else len(newly_due)
    mine = Digest.objects.filter(pk=digest.pk, claimed_at=claim)

    if not newly_due and not upcoming:
        mine.update(processed_at=timezone.now(), emailed=False)
        return "empty"
    message = _compose(digest, today, (newly_due, newly_due_total), (upcoming, upcoming_total))
    try:
        message.send()
    except OSError:  # smtplib.SMTPException and socket errors
        logger.exception("digest for %s not sent; it stays pending for the retry", digest.reviewer.email)
        mine.update(claimed_at=None)
        return "failed"
    marked = mine.update(
        processed_at=timezone.now(), emailed=True, newly_due=newly_due_total, upcoming=upcoming_total
    )
    if not marked:
        logger.warning("digest %s was taken over after its lease expired: it may be sent twice", digest.pk)
    return "emailed"


def _attach_new_flags(digest: Digest) -> int:
    """INSERT ... SELECT the current flags of due predictions this reviewer was never told about."""
    told = DigestItem.objects.filter(reviewer_id=digest.reviewer_id, due_flag=OuterRef("pk"))
    flags = DueFlag.objects.filter(
        prediction__status=Status.DUE, prediction__due_latest=F("due_latest")
    ).filter(~Exists(told))
    select_sql, params = flags.order_by().values("id").query.sql_with_params()
    table = connection.ops.quote_name(DigestItem._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (digest_id, reviewer_id, due_flag_id) "
            f"SELECT %s, %s, flag.id FROM ({select_sql}) AS flag "
            # SQLite needs a WHERE before ON CONFLICT to tell it from a join's ON.
            "WHERE true ON CONFLICT (reviewer_id, due_flag_id) DO NOTHING",
            [digest.pk, digest.reviewer_id, *params],
        )
        return cursor.rowcount


def _line(prediction: Prediction, due_latest: dt.date | None = None) -> DigestLine:
    return DigestLine(
        prediction_id=prediction.pk,
        statement=prediction.statement,
        statement_en=prediction.statement_en,
        speaker=prediction.speaker.name,
        due_latest=due_latest or prediction.due_latest,
        dashboard_url=f"{settings.SITE_URL}/predictions/{prediction.pk}/",
        admin_url=settings.SITE_URL + reverse("admin:claims_prediction_change", args=[prediction.pk]),
    )


def _compose(
    digest: Digest,
    today: dt.date,
    due_section: tuple[list[DigestLine], int],
    upcoming_section: tuple[list[DigestLine], int],
) -> EmailMultiAlternatives:
    """Each section is (the lines listed, how many in all)."""
    (newly_due, newly_due_total), (upcoming, upcoming_total) = due_section, upcoming_section
    context = {
        "reviewer": digest.reviewer,
        "today": today,
        "due_soon_days": settings.DUE_SOON_DAYS,
        "newly_due": newly_due,
        "newly_due_total": newly_due_total,
        "newly_due_more": newly_due_total - len(newly_due),
        "upcoming": upcoming,
        "upcoming_total": upcoming_total,
        "upcoming_more": upcoming_total - len(upcoming),
        "due_list_url": settings.SITE_URL
        + reverse("admin:claims_prediction_changelist")
        + f"?status__exact={Status.DUE}",
        "site_url": settings.SITE_URL,
    }
    subject = (
        f"Hindsight: {newly_due_total} prediction{'s' if newly_due_total != 1 else ''} due for review, "
        f"{upcoming_total} coming due"
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.reviewer.email],
    )
    message.attach_alternative(render_to_string("email/digest.html", context), "text/html")
    return message
