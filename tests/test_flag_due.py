from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connections

from claims.groups import REVIEWERS
from claims.models import DueFlag, Prediction, Status
from claims.services import due as due_service
from claims.services.due import flag_due_predictions
from claims.services.reviews import record_outcome, record_too_early
from tests.clock import noon
from tests.factories import OutcomeFactory, PredictionFactory, SpeakerFactory

TODAY = dt.date(2026, 3, 10)
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)
NOW = noon(TODAY)  # the moment the runs write (flagged_at, updated_at)


def dated(due_latest: dt.date | None, **fields) -> Prediction:
    """A prediction whose window a curator set by hand to end on `due_latest` (None: undated)."""
    return PredictionFactory(window_overridden=True, due_earliest=None, due_latest=due_latest, **fields)


def statuses(*predictions: Prediction) -> list[str]:
    return [Prediction.objects.get(pk=p.pk).status for p in predictions]


def flags_of(prediction: Prediction) -> list[dt.date]:
    return list(
        DueFlag.objects.filter(prediction=prediction).order_by("due_on").values_list("due_on", flat=True)
    )


@pytest.mark.django_db
def test_it_flags_open_predictions_whose_window_closed_before_today():
    closed_yesterday = dated(YESTERDAY)
    closes_today = dated(TODAY)
    closes_tomorrow = dated(TOMORROW)
    undated = dated(None)

    result = flag_due_predictions(TODAY, now=NOW)

    assert result.flagged == 1 and result.reopened == 0
    assert statuses(closed_yesterday, closes_today, closes_tomorrow, undated) == [
        "due",
        "open",
        "open",
        "open",
    ]
    flag = DueFlag.objects.get()
    assert (flag.prediction_id, flag.due_on) == (closed_yesterday.pk, YESTERDAY)
    assert flag.flagged_at is not None
    closed_yesterday.refresh_from_db()
    assert closed_yesterday.version == 2  # every update bumps the version


@pytest.mark.django_db
def test_it_never_touches_withdrawn_resolved_draft_disputed_or_split_predictions():
    withdrawn = dated(YESTERDAY, status=Status.WITHDRAWN)
    draft = dated(YESTERDAY, status=Status.DRAFT, resolution_criteria="")
    resolved = OutcomeFactory(
        prediction=dated(
            YESTERDAY,
            status=Status.RESOLVED,
            verdict="came_true",
            verdict_known_on=YESTERDAY,
            verdict_reviewers=1,
        )
    ).prediction
    disputed = dated(YESTERDAY, status=Status.DISPUTED)  # waits for an adjudicator, not the reviewers
    split = dated(YESTERDAY, status=Status.SPLIT)  # its parts are reviewed instead

    assert flag_due_predictions(TODAY, now=NOW).flagged == 0

    assert statuses(withdrawn, draft, resolved, disputed, split) == [
        "withdrawn",
        "draft",
        "resolved",
        "disputed",
        "split",
    ]
    assert not DueFlag.objects.exists()


@pytest.mark.django_db
def test_a_prediction_with_a_vote_but_no_standing_verdict_is_still_flagged(reviewer):
    # One of two reviewers has voted: no verdict stands, so it still waits for a review.
    prediction = dated(YESTERDAY, reviewers_required=2)
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict="came_true",
        known_on=YESTERDAY,
        note="Launched.",
        today=TODAY,
        now=NOW,
    )
    assert statuses(prediction) == ["open"]

    assert flag_due_predictions(TODAY, now=NOW).flagged == 1

    assert statuses(prediction) == ["due"]


@pytest.mark.django_db
def test_it_is_idempotent_and_catches_up_after_missed_runs():
    week_ago = dated(TODAY - dt.timedelta(days=7))
    month_ago = dated(TODAY - dt.timedelta(days=30))

    assert flag_due_predictions(TODAY, now=NOW).flagged == 2  # one run catches up on a month of missed runs
    assert flag_due_predictions(TODAY, now=NOW) == due_service.FlagResult(flagged=0, reopened=0)
    assert flag_due_predictions(TOMORROW, now=NOW).flagged == 0

    assert statuses(week_ago, month_ago) == ["due", "due"]
    assert DueFlag.objects.count() == 2


@pytest.mark.django_db
def test_a_due_date_moved_later_reopens_and_moved_earlier_flags_for_the_new_date():
    prediction = dated(YESTERDAY)
    flag_due_predictions(TODAY, now=NOW)

    # A curator moves the date later: back to open; when that date passes, flagged for it.
    Prediction.objects.filter(pk=prediction.pk).update(due_latest=TODAY + dt.timedelta(days=30))
    assert flag_due_predictions(TODAY, now=NOW) == due_service.FlagResult(flagged=0, reopened=1)
    assert statuses(prediction) == ["open"]
    later = TODAY + dt.timedelta(days=31)
    assert flag_due_predictions(later, now=NOW).flagged == 1
    assert flags_of(prediction) == [YESTERDAY, TODAY + dt.timedelta(days=30)]

    # Moved earlier while due: flagged for the new date too, once.
    earlier = TODAY - dt.timedelta(days=100)
    Prediction.objects.filter(pk=prediction.pk).update(due_latest=earlier)
    assert flag_due_predictions(later, now=NOW).flagged == 1
    assert flag_due_predictions(later, now=NOW).flagged == 0
    assert statuses(prediction) == ["due"]
    assert flags_of(prediction) == [earlier, YESTERDAY, TODAY + dt.timedelta(days=30)]


@pytest.mark.django_db
def test_a_due_date_cleared_reopens_but_a_status_set_by_hand_stays():
    flagged = dated(YESTERDAY)
    flag_due_predictions(TODAY, now=NOW)
    Prediction.objects.filter(pk=flagged.pk).update(due_latest=None)  # now undated: never due
    set_by_hand = dated(TOMORROW, status=Status.DUE)  # a curator wants it reviewed early

    assert flag_due_predictions(TODAY, now=NOW) == due_service.FlagResult(flagged=0, reopened=1)

    assert statuses(flagged, set_by_hand) == ["open", "due"]


@pytest.mark.django_db
def test_dry_run_counts_what_would_change_and_writes_nothing():
    dated(YESTERDAY)
    dated(TODAY - dt.timedelta(days=3))
    # Flagged earlier; a curator then moved one date within the past and one into the future.
    moved_in_past = dated(YESTERDAY, status=Status.DUE)
    moved_ahead = dated(TOMORROW, status=Status.DUE)
    for prediction in (moved_in_past, moved_ahead):
        DueFlag.objects.create(prediction=prediction, due_on=TODAY - dt.timedelta(days=20), flagged_at=NOW)

    assert flag_due_predictions(TODAY, dry_run=True, now=NOW) == due_service.FlagResult(flagged=3, reopened=1)
    assert statuses(moved_in_past, moved_ahead) == ["due", "due"]
    assert Prediction.objects.filter(status=Status.OPEN).count() == 2
    assert DueFlag.objects.count() == 2
    # The dry run announced exactly what the real run does.
    assert flag_due_predictions(TODAY, now=NOW) == due_service.FlagResult(flagged=3, reopened=1)
    assert statuses(moved_in_past, moved_ahead) == ["due", "open"]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 200])
def test_it_runs_a_constant_number_of_queries(count, django_assert_num_queries):
    speaker = SpeakerFactory()

    def coming_due(n: int) -> Prediction:
        # Every prediction here is flaggable today: most by their window, one in five by the
        # next look a "too early" review asked for (one in ten of those undated).
        due_latest = YESTERDAY - dt.timedelta(days=n % 50)
        next_look_on = None
        if n % 5 == 0:
            due_latest = None if n % 10 == 0 else due_latest - dt.timedelta(days=60)
            next_look_on = TODAY - dt.timedelta(days=n % 3)
        return Prediction(
            statement=f"预测 {n}",
            speaker=speaker,
            said_on=dt.date(2024, 1, 1),
            window_overridden=True,
            due_latest=due_latest,
            next_look_on=next_look_on,
            resolution_criteria="Came true if it happened.",
        )

    Prediction.objects.bulk_create(coming_due(n) for n in range(count))
    # PostgreSQL: SAVEPOINT, advisory lock, UPDATE reopen, INSERT ... SELECT flags for due
    # predictions moved earlier, WITH (UPDATE open -> due RETURNING) INSERT flags, RELEASE.
    # SQLite: no lock, but the last step takes two statements, INSERT flags then UPDATE.
    expected = 6
    with django_assert_num_queries(expected):
        result = flag_due_predictions(TODAY, now=NOW)
    assert result.flagged == count
    assert DueFlag.objects.count() == count
    looked_again = DueFlag.objects.filter(prediction__next_look_on__isnull=False)
    assert all(
        flag.due_on == flag.prediction.next_look_on for flag in looked_again.select_related("prediction")
    )


@pytest.mark.django_db
def test_a_crash_between_steps_leaves_nothing_half_done(monkeypatch):
    predictions = [dated(YESTERDAY - dt.timedelta(days=n)) for n in range(5)]
    flagged_before = dated(YESTERDAY, status=Status.DUE)  # set due by hand: gets its flag in step 3
    move_to_due_and_flag = due_service._move_to_due_and_flag

    def worker_dies_after_the_last_step(today, now):
        assert move_to_due_and_flag(today, now) == 5
        raise SystemExit("worker killed after the last statement, before the commit")

    monkeypatch.setattr(due_service, "_move_to_due_and_flag", worker_dies_after_the_last_step)
    with pytest.raises(SystemExit):
        flag_due_predictions(TODAY, now=NOW)
    # The transaction takes every step back: no flag without its status, or the reverse.
    assert statuses(*predictions) == ["open"] * 5
    assert not DueFlag.objects.exists()

    monkeypatch.undo()
    assert flag_due_predictions(TODAY, now=NOW).flagged == 6  # the next run does all of it, once
    assert statuses(*predictions, flagged_before) == ["due"] * 6
    assert sorted(DueFlag.objects.values_list("prediction_id", flat=True)) == sorted(
        p.pk for p in [*predictions, flagged_before]
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_moment_flag_each_prediction_once():
    predictions = [dated(YESTERDAY - dt.timedelta(days=n)) for n in range(40)]
    start = threading.Barrier(2)
    results: list[due_service.FlagResult] = []
    errors: list[BaseException] = []

    def worker() -> None:
        # Each thread has its own database connection: two sessions, like two workers.
        try:
            start.wait(timeout=10)
            results.append(flag_due_predictions(TODAY, now=NOW))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert sorted(r.flagged for r in results) == [0, 40]  # one did the work, the other found none left
    assert DueFlag.objects.count() == 40
    assert set(DueFlag.objects.values_list("prediction_id", flat=True)) == {p.pk for p in predictions}
    assert statuses(*predictions) == ["due"] * 40


@pytest.mark.django_db
def test_the_flag_due_command_prints_counts_and_honours_dry_run(capsys):
    dated(YESTERDAY)
    dated(TOMORROW)

    call_command("flag_due", "--today", TODAY.isoformat(), "--dry-run")
    assert "would flag 1 and reopen 0; nothing written" in capsys.readouterr().out
    assert not DueFlag.objects.exists()

    call_command("flag_due", "--today", TODAY.isoformat())
    assert f"{TODAY}: flagged 1 due, reopened 0" in capsys.readouterr().out
    assert DueFlag.objects.count() == 1

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("flag_due", "--today", "10/03/2026")


# --- "Too early": a review that asks to look again later ----------------------------------

NEXT_LOOK = TODAY + dt.timedelta(days=20)


def too_early(prediction: Prediction, reviewer, next_look_on: dt.date = NEXT_LOOK) -> None:
    record_too_early(
        prediction=prediction,
        reviewer=reviewer,
        next_look_on=next_look_on,
        today=TODAY,
        note="The launch was announced, not shipped.",
        now=NOW,
    )


@pytest.mark.django_db
def test_a_too_early_review_reopens_and_flags_again_on_the_next_look_once(reviewer):
    window_closed = TODAY - dt.timedelta(days=10)
    prediction = dated(window_closed)
    flag_due_predictions(TODAY, now=NOW)
    assert statuses(prediction) == ["due"]

    too_early(prediction, reviewer)

    prediction.refresh_from_db()
    assert (prediction.status, prediction.next_look_on) == ("open", NEXT_LOOK)
    # Before the next look: left open, however often the job runs.
    for day in (TODAY, TODAY + dt.timedelta(days=1), NEXT_LOOK - dt.timedelta(days=1)):
        assert flag_due_predictions(day, now=NOW) == due_service.FlagResult(flagged=0, reopened=0)
    assert statuses(prediction) == ["open"]
    assert flag_due_predictions(NEXT_LOOK - dt.timedelta(days=1), dry_run=True, now=NOW).flagged == 0
    assert flag_due_predictions(NEXT_LOOK, dry_run=True, now=NOW).flagged == 1

    # On the next look: due again, with a new flag for that day (the digest tells reviewers).
    assert flag_due_predictions(NEXT_LOOK, now=NOW) == due_service.FlagResult(flagged=1, reopened=0)
    assert statuses(prediction) == ["due"]
    assert flags_of(prediction) == [window_closed, NEXT_LOOK]
    # Once: a retry, or the runs of the following days, add nothing.
    assert flag_due_predictions(NEXT_LOOK, now=NOW).flagged == 0
    assert flag_due_predictions(NEXT_LOOK + dt.timedelta(days=7), now=NOW) == due_service.FlagResult(0, 0)
    assert statuses(prediction) == ["due"]
    assert flags_of(prediction) == [window_closed, NEXT_LOOK]


@pytest.mark.django_db
def test_a_run_missed_on_the_next_look_catches_up_later(reviewer):
    prediction = dated(YESTERDAY)
    too_early(prediction, reviewer)  # reviewed while still open, before any flagging run

    assert flag_due_predictions(NEXT_LOOK + dt.timedelta(days=3), now=NOW).flagged == 1

    assert statuses(prediction) == ["due"]
    assert flags_of(prediction) == [NEXT_LOOK]  # flagged for the day it came due for


@pytest.mark.django_db
def test_an_undated_prediction_with_a_next_look_is_flagged_on_that_day(reviewer):
    undated = dated(None)
    assert flag_due_predictions(NEXT_LOOK, now=NOW).flagged == 0  # undated: never due by itself

    too_early(undated, reviewer)

    assert flag_due_predictions(NEXT_LOOK - dt.timedelta(days=1), now=NOW).flagged == 0
    assert statuses(undated) == ["open"]
    assert flag_due_predictions(NEXT_LOOK, now=NOW).flagged == 1
    assert flag_due_predictions(NEXT_LOOK, now=NOW).flagged == 0
    assert statuses(undated) == ["due"]
    flag = DueFlag.objects.get(prediction=undated)
    assert (flag.due_on, Prediction.objects.get(pk=undated.pk).due_latest) == (NEXT_LOOK, None)


@pytest.mark.django_db
def test_two_reviewers_saying_too_early_are_flagged_again_on_the_earlier_day(reviewer):
    second = User.objects.create_user("vera-reviewer")
    second.groups.add(Group.objects.get(name=REVIEWERS))
    prediction = dated(TODAY - dt.timedelta(days=3), reviewers_required=2)
    flag_due_predictions(TODAY, now=NOW)

    too_early(prediction, reviewer, next_look_on=NEXT_LOOK + dt.timedelta(days=30))
    assert statuses(prediction) == ["due"]  # one vote of two: still waiting for the second
    too_early(prediction, second, next_look_on=NEXT_LOOK)

    assert statuses(prediction) == ["open"]
    assert flag_due_predictions(NEXT_LOOK - dt.timedelta(days=1), now=NOW).flagged == 0
    assert flag_due_predictions(NEXT_LOOK, now=NOW).flagged == 1
    assert flags_of(prediction) == [TODAY - dt.timedelta(days=3), NEXT_LOOK]
