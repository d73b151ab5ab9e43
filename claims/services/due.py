"""Flagging predictions whose due window has closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from claims.models import DueFlag, Prediction, Status
from claims.querysets import review_day_passed
from claims.services import sql

# The day a prediction comes due for: the next look a "too early" review set, else its due_latest.
DUE_ON = Coalesce("next_look_on", "due_latest")

# Any constant: every flagging run takes this lock, so two workers run one after the other.
_ADVISORY_LOCK_KEY = 0x48696E64  # "Hind"


@dataclass(frozen=True)
class FlagResult:
    """What one run did.

    flagged: DueFlag rows created, i.e. predictions that came due for a new review day (the
    events the reviewers' digest reports). reopened: due predictions sent back to open
    because a curator moved their due_latest to today or later, or cleared it.
    """

    flagged: int
    reopened: int


def flag_due_predictions(today: dt.date, *, now: dt.datetime, dry_run: bool = False) -> FlagResult:
    """Move open predictions whose review day has passed to due, and flag them.

    The review day (claims.querysets.review_day_passed) is the day after due_latest, or the
    next look a "too early" review asked for, whichever is later; open means no standing verdict.

    Set-based and idempotent, in a constant number of queries whatever the row count, all in
    one transaction (a crash at any step leaves nothing half done; the next run redoes it):
    1. Serialize concurrent runs: a transaction-scoped PostgreSQL advisory lock (SQLite
       serializes writers by itself). A second worker waits, then finds nothing left to do.
    2. Reopen: due predictions this job flagged whose review day a curator has since moved to
       today or later (or cleared due_latest), go back to open. One set to due by hand (no flag) is left alone.
    3. Flag due predictions that have no flag for their current, past review day: a curator
       moved the date earlier, or set the status by hand. This also repairs the rare case
       of step 5 below moving a row that a curator made due between steps 4 and 5.
    4. One UPDATE moves every open prediction whose review day has passed to due (`<` catches
       up after missed runs): the raw UPDATE a DBA would write.
    5. A DueFlag for each of them, ON CONFLICT DO NOTHING on the (prediction, due_on)
       unique constraint skipping a date flagged before (moved away and back). On PostgreSQL
       steps 4 and 5 are one statement, with no NOT EXISTS against claims_dueflag: planned
       while that table is empty (a first run), it can become a nested loop rescanning the
       table the statement fills, which is quadratic; the unique index probe stays logarithmic.
    With dry_run, count what would change and write nothing.

    `today` is the day the run is for (an operator may replay a missed day); `now`, the moment
    written as flagged_at and updated_at. The statements are in claims.services.sql.
    """
    if dry_run:
        return FlagResult(flagged=_flaggable(today).count(), reopened=_reopenable(today).count())

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        reopened = _reopenable(today).update(status=Status.OPEN, version=F("version") + 1, updated_at=now)
        flagged = sql.insert_due_flags(status=Status.DUE, today=today, now=now)
        flagged += _move_to_due_and_flag(today, now)
    return FlagResult(flagged=flagged, reopened=reopened)


def _move_to_due_and_flag(today: dt.date, now: dt.datetime) -> int:
    """Steps 4 and 5: flag the predictions coming due and move them to due. Returns flags inserted.

    On PostgreSQL this is one statement, `WITH moved AS (UPDATE ... RETURNING) INSERT ...`:
    the flags come from the rows the UPDATE moved, so the table is searched once, as the raw
    UPDATE does. SQLite has no data-modifying CTE and takes the two statements.
    """
    if connection.vendor == "postgresql":
        return sql.move_to_due_and_flag(today=today, now=now)
    flagged = sql.insert_due_flags(status=Status.OPEN, today=today, now=now)
    Prediction.objects.due(on=today).update(status=Status.DUE, version=F("version") + 1, updated_at=now)
    return flagged


def _reopenable(today: dt.date) -> QuerySet[Prediction]:
    flagged_before = DueFlag.objects.filter(prediction=OuterRef("pk"))
    return Prediction.objects.filter(~review_day_passed(today), Exists(flagged_before), status=Status.DUE)


def _flaggable(today: dt.date) -> QuerySet[Prediction]:
    """Predictions awaiting review whose review day has passed, with no flag for that day: what
    steps 3 and 5 flag (a dry run counts them)."""
    flagged_for_this_day = DueFlag.objects.filter(prediction=OuterRef("pk"), due_on=OuterRef("due_on"))
    return (
        Prediction.objects.filter(review_day_passed(today), status__in=[Status.DUE, Status.OPEN])
        .annotate(due_on=DUE_ON)
        .filter(~Exists(flagged_for_this_day))
        .order_by()
    )
