"""Flagging predictions whose due window has closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from claims.models import DueFlag, Prediction, Status

# Any constant: every flagging run takes this lock, so two workers run one after the other.
_ADVISORY_LOCK_KEY = 0x48696E64  # "Hind"


@dataclass(frozen=True)
class FlagResult:
    flagged: int
    reopened: int


def flag_due_predictions(today: dt.date, *, dry_run: bool = False) -> FlagResult:
    """Move open, unjudged predictions whose due_latest is before `today` to due.

    Set-based and idempotent, in a constant number of queries whatever the row count:
    1. Serialize concurrent runs (PostgreSQL advisory lock, released at commit).
    2. Predictions flagged earlier whose due_latest a curator moved to today or later go back to open.
    3. Insert one DueFlag per newly due prediction; the (prediction, due_latest) unique
       constraint turns a retry or a second worker into a no-op (ON CONFLICT DO NOTHING).
    4. One UPDATE moves them to due. `<` against today catches up after missed runs.
    With dry_run, count what would change and write nothing.
    """
    due = Prediction.objects.due(on=today)
    stale = Prediction.objects.filter(status=Status.DUE).exclude(due_latest__lt=today)
    if dry_run:
        return FlagResult(flagged=due.count(), reopened=stale.count())

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        reopened = stale.update(status=Status.OPEN, version=F("version") + 1)
        _insert_flags(due, timezone.now())
        flagged = due.update(status=Status.DUE, version=F("version") + 1)
    return FlagResult(flagged=flagged, reopened=reopened)


def _insert_flags(due, flagged_at: dt.datetime) -> None:
    """INSERT ... SELECT from the due queryset: rows never travel through Python."""
    select_sql, params = due.order_by().values("id", "due_latest").query.sql_with_params()
    table = DueFlag._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prediction_id, due_latest, flagged_at) "
            f"SELECT due.id, due.due_latest, %s FROM ({select_sql}) AS due "
            # SQLite needs a WHERE before ON CONFLICT to tell it from a join's ON.
            "WHERE true ON CONFLICT (prediction_id, due_latest) DO NOTHING",
            [connection.ops.adapt_datetimefield_value(flagged_at), *params],
        )
