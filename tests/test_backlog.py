"""The review backlog: what is due and unreviewed, how long the oldest has waited, who it waits on."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.groups import CURATORS, REVIEWERS
from claims.services.backlog import Backlog, ReviewerLoad, review_backlog
from claims.services.reviewers import set_display_name
from claims.services.reviews import record_outcome, record_too_early
from tests.clock import noon
from tests.factories import PredictionFactory, user_in

pytestmark = pytest.mark.django_db

REVIEWED_ON = dt.date(2026, 3, 1)  # the day of the reviews: before the next looks below
NOW = noon(REVIEWED_ON)
TODAY = dt.date(2027, 3, 1)  # the day the backlog is read: after those next looks


def _vote(prediction, reviewer, verdict="came_true") -> None:
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict=verdict,
        known_on=dt.date(2025, 7, 17),
        note="Checked.",
        today=REVIEWED_ON,
        now=NOW,
    )


def _too_early(prediction, reviewer, next_look_on: dt.date) -> None:
    record_too_early(
        prediction=prediction,
        reviewer=reviewer,
        next_look_on=next_look_on,
        today=REVIEWED_ON,
        note="Later.",
        now=NOW,
    )


@pytest.fixture
def reviewers():
    ana = user_in("ana", REVIEWERS)
    ben = user_in("ben", REVIEWERS)
    cai = user_in("cai", REVIEWERS)
    user_in("dan", REVIEWERS, is_active=False)  # left the team: waits on nobody
    user_in("carla", CURATORS)  # not a reviewer
    return ana, ben, cai


@pytest.fixture
def backlog_data(reviewers):
    ana, ben, cai = reviewers
    two = {"reviewers_required": 2}
    # Waiting: due since its window closed on 2024-12-31; ana has voted, ben and cai not.
    oldest = PredictionFactory(status="due", said_on=dt.date(2023, 10, 1), horizon_text="2024年", **two)
    _vote(oldest, ana)
    # Waiting: open, window closed 2026-12-31, not flagged yet; ben has voted.
    unflagged = PredictionFactory(status="open", said_on=dt.date(2025, 1, 1), horizon_text="2026年", **two)
    _vote(unflagged, ben)
    # Waiting for an adjudicator, not for reviewers.
    disputed = PredictionFactory(status="due", **two)
    _vote(disputed, ana)
    _vote(disputed, ben, "came_false")
    # Waiting: "too early" until 2027-02-01, which has come; ana's too-early vote was last round.
    looked_again = PredictionFactory(status="due", reviewers_required=1)
    _too_early(looked_again, ana, dt.date(2027, 2, 1))
    # Not waiting: too early until after TODAY; resolved; window still open; draft; withdrawn; undated.
    _too_early(PredictionFactory(status="due", reviewers_required=1), cai, dt.date(2027, 6, 1))
    resolved = PredictionFactory(status="due", reviewers_required=1)
    _vote(resolved, cai)
    PredictionFactory(status="open", horizon_text="2030年")
    PredictionFactory(status="draft", resolution_criteria="")
    PredictionFactory(status="withdrawn")
    PredictionFactory(status="open", horizon_text="")
    return oldest, unflagged, disputed, looked_again


def test_the_backlog_matches_the_data(backlog_data, reviewers, django_assert_num_queries):
    ana, ben, cai = reviewers
    set_display_name(user=ana, display_name="Ana P.")
    # 1. size, disputed and oldest review day in one aggregate, 2. the active reviewers,
    # 3. their votes in the current round of the predictions waiting on reviewers.
    with django_assert_num_queries(3):
        backlog = review_backlog(TODAY)
    assert backlog == Backlog(
        waiting=4,
        disputed=1,
        oldest_due_on=dt.date(2025, 1, 1),  # the day after its window closed
        oldest_waiting_days=(TODAY - dt.date(2025, 1, 1)).days,
        reviewers=[
            # voted on the oldest; the too-early vote was last round
            ReviewerLoad(ana.pk, "ana", "Ana P.", 2),
            ReviewerLoad(ben.pk, "ben", f"Reviewer #{ben.pk}", 2),  # voted on the unflagged one
            ReviewerLoad(cai.pk, "cai", f"Reviewer #{cai.pk}", 3),
        ],
    )


def test_the_query_count_does_not_grow_with_the_backlog(reviewers, django_assert_num_queries):
    ana, *_ = reviewers
    for _ in range(5):
        _vote(PredictionFactory(status="due", reviewers_required=2), ana)
    with django_assert_num_queries(3):
        backlog = review_backlog(TODAY)
    assert backlog.waiting == 5 and [load.waiting for load in backlog.reviewers] == [0, 5, 5]


def test_an_empty_backlog(reviewers):
    PredictionFactory(status="open", horizon_text="2030年")
    backlog = review_backlog(TODAY)
    assert (backlog.waiting, backlog.disputed, backlog.oldest_due_on, backlog.oldest_waiting_days) == (
        0,
        0,
        None,
        None,
    )
    assert [load.waiting for load in backlog.reviewers] == [0, 0, 0]


def test_a_prediction_joins_the_backlog_the_day_after_its_window_closes(reviewers):
    PredictionFactory(status="open", said_on=dt.date(2025, 1, 1), horizon_text="2026年")  # closes 2026-12-31
    assert review_backlog(dt.date(2026, 12, 31)).waiting == 0
    later = review_backlog(dt.date(2027, 1, 1))
    # Due since 2027-01-01, waiting 0 days: counted the same way as a next look, below.
    assert (later.waiting, later.oldest_due_on, later.oldest_waiting_days) == (1, dt.date(2027, 1, 1), 0)


def test_a_too_early_prediction_rejoins_the_backlog_on_its_next_look(reviewers):
    ana, *_ = reviewers
    _too_early(PredictionFactory(status="due", reviewers_required=1), ana, dt.date(2027, 2, 1))
    assert review_backlog(dt.date(2027, 1, 31)).waiting == 0
    on_the_day = review_backlog(dt.date(2027, 2, 1))
    assert (on_the_day.waiting, on_the_day.oldest_due_on, on_the_day.oldest_waiting_days) == (
        1,
        dt.date(2027, 2, 1),
        0,
    )


def test_without_reviewers_the_backlog_is_its_totals_in_one_query(backlog_data, django_assert_num_queries):
    with django_assert_num_queries(1):
        backlog = review_backlog(TODAY, with_reviewers=False)
    assert (backlog.waiting, backlog.disputed, backlog.reviewers) == (4, 1, None)
