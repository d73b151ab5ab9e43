"""The set-based SQL that the ORM cannot write, in one place with its parameters.

The due job (claims.services.due) and the digest (claims.services.digest) insert rows selected
from other tables: INSERT ... SELECT ... ON CONFLICT DO NOTHING, and on PostgreSQL a
data-modifying CTE (WITH moved AS (UPDATE ... RETURNING) INSERT ...). Django has no public
API for either, so they are written out here rather than spliced from a QuerySet's compiled
SQL (private API that a Django upgrade may change without notice).

The conditions restate QuerySet rules in SQL: _REVIEW_DAY_PASSED is
claims.querysets.review_day_passed, and the digest's current-flag rule is the one described in
claims.services.digest. tests/test_sql.py runs these statements on SQLite and on PostgreSQL
and checks that they select exactly the rows the QuerySets do, on both sides of every
boundary. Named parameters (%(name)s) work on both backends.

SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT (else it reads the ON as a join's);
every SELECT here has one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from claims.models import DueFlag, Prediction, Status
from claims.models.outcomes import VOTES

# claims.querysets.review_day_passed(today) over claims_prediction AS p.
_REVIEW_DAY_PASSED = """(
    p.due_latest < %(today)s AND (p.next_look_on IS NULL OR p.next_look_on <= %(today)s)
    OR p.due_latest IS NULL AND p.next_look_on <= %(today)s
)"""

# The day a prediction comes due for: the next look a "too early" review set, else its
# due_latest (claims.services.due.DUE_ON).
_DUE_ON = "COALESCE(p.next_look_on, p.due_latest)"

# NOT EXISTS skips the many due predictions flagged already cheaply (an anti-join, where ON
# CONFLICT alone would attempt and undo an insert for each); ON CONFLICT still guards the race.
INSERT_DUE_FLAGS = f"""
INSERT INTO claims_dueflag (prediction_id, due_on, flagged_at)
SELECT p.id, {_DUE_ON}, %(now)s
  FROM claims_prediction AS p
 WHERE p.status = %(status)s AND {_REVIEW_DAY_PASSED}
   AND NOT EXISTS (
       SELECT 1 FROM claims_dueflag AS flag WHERE flag.prediction_id = p.id AND flag.due_on = {_DUE_ON}
   )
 ORDER BY p.id
ON CONFLICT (prediction_id, due_on) DO NOTHING
"""

# PostgreSQL only: move open predictions whose review day has passed to due and flag the rows
# the UPDATE moved, searching the table once.
MOVE_TO_DUE_AND_FLAG = f"""
WITH moved AS (
    UPDATE claims_prediction AS p
       SET status = %(due)s, version = p.version + 1, updated_at = %(now)s
     WHERE p.status = %(open)s AND {_REVIEW_DAY_PASSED}
    RETURNING p.id, {_DUE_ON} AS due_on
)
INSERT INTO claims_dueflag (prediction_id, due_on, flagged_at)
SELECT moved.id, moved.due_on, %(now)s FROM moved
 WHERE true
ON CONFLICT (prediction_id, due_on) DO NOTHING
"""

_VOTE_PARAMS = {f"vote_{number}": kind.value for number, kind in enumerate(VOTES)}

# The current flags of due predictions a reviewer was never told about and has not voted on in
# the current round (a stale flag, for a due date since moved or a next look since set, is not).
ATTACH_NEW_FLAGS = f"""
INSERT INTO claims_digestitem (digest_id, reviewer_id, due_flag_id)
SELECT %(digest)s, %(reviewer)s, flag.id
  FROM claims_dueflag AS flag
  JOIN claims_prediction AS p ON p.id = flag.prediction_id
 WHERE p.status = %(due)s
   AND flag.due_on = {_DUE_ON}
   AND NOT EXISTS (
       SELECT 1 FROM claims_digestitem AS told
        WHERE told.reviewer_id = %(reviewer)s AND told.due_flag_id = flag.id
   )
   AND NOT EXISTS (
       SELECT 1 FROM claims_outcome AS vote
        WHERE vote.prediction_id = p.id AND vote.round = p.review_round
          AND vote.reviewer_id = %(reviewer)s
          AND vote.kind IN ({", ".join(f"%({name})s" for name in _VOTE_PARAMS)})
   )
 ORDER BY flag.id
ON CONFLICT (reviewer_id, due_flag_id) DO NOTHING
"""


def insert_due_flags(*, status: Status, today: dt.date, now: dt.datetime) -> int:
    """Flag every prediction in `status` whose review day has passed on `today`, for the day it
    came due for (a flag that exists already is skipped). Returns the flags inserted."""
    return _execute(INSERT_DUE_FLAGS, {"status": status.value, **_days(today, now)})


def move_to_due_and_flag(*, today: dt.date, now: dt.datetime) -> int:
    """PostgreSQL: Prediction.objects.due(on=today) moved to due (version bumped, updated_at
    now) and flagged, in one statement. Returns the flags inserted."""
    assert connection.vendor == "postgresql", "SQLite has no data-modifying CTE: insert, then update"
    params = {"due": Status.DUE.value, "open": Status.OPEN.value, **_days(today, now)}
    return _execute(MOVE_TO_DUE_AND_FLAG, params)


def attach_new_flags(*, digest_id: int, reviewer_id: int) -> int:
    """Put the flags this reviewer must be told about in their digest. Returns the items inserted."""
    params = {"digest": digest_id, "reviewer": reviewer_id, "due": Status.DUE.value, **_VOTE_PARAMS}
    return _execute(ATTACH_NEW_FLAGS, params)


def _days(today: dt.date, now: dt.datetime) -> dict[str, Any]:
    # As the fields store them: SQLite keeps dates and datetimes as text in Django's format.
    return {
        "today": Prediction._meta.get_field("due_latest").get_db_prep_value(today, connection),
        "now": DueFlag._meta.get_field("flagged_at").get_db_prep_value(now, connection),
    }


def _execute(sql: str, params: dict[str, Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
