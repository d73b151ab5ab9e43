"""The set-based SQL of claims.services.sql selects exactly what the QuerySets name, on both sides
of every date boundary. The suite runs on SQLite and on PostgreSQL (.ci/run), so each statement
is checked on both; the data-modifying CTE only exists on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db.models.functions import Coalesce

from claims.groups import REVIEWERS
from claims.models import Digest, DigestItem, DueFlag, Outcome, OutcomeKind, Prediction, Status
from claims.querysets import review_day_passed
from claims.services import sql
from tests.clock import noon
from tests.factories import SpeakerFactory, user_in

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)
NOW = noon(TODAY)
DAY = dt.timedelta(days=1)
# Each side of each boundary: the window closing before, on and after today (or no window), and a
# next look before, on and after today (or none).
DUE_LATEST = [None, TODAY - DAY, TODAY, TODAY + DAY]
NEXT_LOOK = [None, TODAY - DAY, TODAY, TODAY + DAY]


@pytest.fixture
def grid() -> list[Prediction]:
    """Every combination, open and due, and withdrawn ones that nothing may touch."""
    speaker = SpeakerFactory()
    rows = [
        Prediction(
            statement=f"预测 {n}",
            speaker=speaker,
            said_on=dt.date(2024, 1, 1),
            window_overridden=True,
            due_latest=due_latest,
            next_look_on=next_look_on,
            status=status,
            resolution_criteria="Came true if it happened.",
        )
        for n, (status, due_latest, next_look_on) in enumerate(
            itertools.product([Status.OPEN, Status.DUE, Status.WITHDRAWN], DUE_LATEST, NEXT_LOOK)
        )
    ]
    return Prediction.objects.bulk_create(rows)


def _flags() -> set[tuple[int, dt.date]]:
    return set(DueFlag.objects.values_list("prediction_id", "due_on"))


def _expected_flags(queryset) -> set[tuple[int, dt.date]]:
    return set(queryset.annotate(due_on=Coalesce("next_look_on", "due_latest")).values_list("id", "due_on"))


@pytest.mark.parametrize("status", [Status.OPEN, Status.DUE])
def test_insert_due_flags_flags_what_review_day_passed_selects(grid, status):
    expected = _expected_flags(Prediction.objects.filter(review_day_passed(TODAY), status=status))
    assert len(expected) == 5  # of the 16 combinations in this status

    assert sql.insert_due_flags(status=status, today=TODAY, now=NOW) == len(expected)

    assert _flags() == expected
    assert set(DueFlag.objects.values_list("flagged_at", flat=True)) == {NOW}
    # A flag that exists already is skipped: a second run inserts nothing.
    assert sql.insert_due_flags(status=status, today=TODAY, now=NOW) == 0


def test_insert_due_flags_adds_a_flag_for_a_new_due_day_only(grid):
    sql.insert_due_flags(status=Status.DUE, today=TODAY, now=NOW)
    moved = Prediction.objects.filter(status=Status.DUE, due_latest=TODAY - DAY, next_look_on=None).get()
    Prediction.objects.filter(pk=moved.pk).update(due_latest=TODAY - 10 * DAY)  # moved earlier

    assert sql.insert_due_flags(status=Status.DUE, today=TODAY, now=NOW) == 1
    assert set(DueFlag.objects.filter(prediction=moved).values_list("due_on", flat=True)) == {
        TODAY - DAY,
        TODAY - 10 * DAY,
    }


@pytest.mark.postgres
def test_move_to_due_and_flag_moves_and_flags_what_due_selects(grid):
    coming_due = set(Prediction.objects.due(on=TODAY).values_list("id", flat=True))
    expected = _expected_flags(Prediction.objects.due(on=TODAY))
    versions = dict(Prediction.objects.values_list("id", "version"))
    untouched = dict(Prediction.objects.exclude(id__in=coming_due).values_list("id", "status"))

    assert sql.move_to_due_and_flag(today=TODAY, now=NOW) == len(coming_due) == 5

    assert _flags() == expected
    moved = Prediction.objects.filter(id__in=coming_due)
    assert set(moved.values_list("status", "updated_at")) == {(Status.DUE, NOW)}
    assert all(p.version == versions[p.id] + 1 for p in moved)
    assert dict(Prediction.objects.exclude(id__in=coming_due).values_list("id", "status")) == untouched


def test_move_to_due_and_flag_is_refused_where_there_is_no_data_modifying_cte(db):
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL runs the statement (the test above)")
    with pytest.raises(AssertionError, match="no data-modifying CTE"):
        sql.move_to_due_and_flag(today=TODAY, now=NOW)


def _due(due_latest: dt.date, **fields) -> Prediction:
    return Prediction.objects.create(
        statement="到期的预测。",
        speaker=SpeakerFactory(),
        said_on=dt.date(2024, 1, 1),
        window_overridden=True,
        due_latest=due_latest,
        status=Status.DUE,
        resolution_criteria="Came true if it happened.",
        **fields,
    )


def test_attach_new_flags_attaches_only_current_untold_unreviewed_flags():
    rui, vera = user_in("rui", REVIEWERS), user_in("vera", REVIEWERS)
    digest = Digest.objects.create(reviewer=rui, run_on=TODAY)
    earlier = Digest.objects.create(reviewer=rui, run_on=TODAY - DAY, processed_at=NOW)
    flag = {}
    for name in ("current", "told", "told_vera", "voted", "voted_last_round", "stale", "not_due"):
        prediction = _due(TODAY - DAY, review_round=2 if name == "voted_last_round" else 1)
        flag[name] = DueFlag.objects.create(prediction=prediction, due_on=TODAY - DAY, flagged_at=NOW)
    DigestItem.objects.create(digest=earlier, reviewer=rui, due_flag=flag["told"])
    vera_digest = Digest.objects.create(reviewer=vera, run_on=TODAY)
    DigestItem.objects.create(digest=vera_digest, reviewer=vera, due_flag=flag["told_vera"])
    for name, round_ in (("voted", 1), ("voted_last_round", 1)):
        Outcome.objects.create(
            prediction=flag[name].prediction,
            reviewer=rui,
            kind=OutcomeKind.REVIEW,
            round=round_,
            verdict="came_true",
            known_on=TODAY - DAY,
        )
    # A curator moved the due date: the flag is for a day it no longer comes due for.
    Prediction.objects.filter(pk=flag["stale"].prediction_id).update(due_latest=TODAY - 5 * DAY)
    Prediction.objects.filter(pk=flag["not_due"].prediction_id).update(status=Status.OPEN)

    assert sql.attach_new_flags(digest_id=digest.pk, reviewer_id=rui.pk) == 3

    attached = set(DigestItem.objects.filter(digest=digest).values_list("due_flag_id", flat=True))
    assert attached == {flag["current"].pk, flag["told_vera"].pk, flag["voted_last_round"].pk}
    assert not DigestItem.objects.filter(digest=digest).exclude(reviewer=rui).exists()
    # Told once: a second attach (a retry) adds nothing.
    assert sql.attach_new_flags(digest_id=digest.pk, reviewer_id=rui.pk) == 0
    assert DigestItem.objects.filter(reviewer=rui).count() == 4
