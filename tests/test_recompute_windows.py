"""Recomputing windows after the horizon rules change: what moves, what stays, and the report."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from claims.horizons import RULES_VERSION
from claims.models import Face, Outcome, Prediction
from claims.services.windows import recompute_windows
from tests.clock import NOW
from tests.factories import OutcomeFactory, PredictionFactory

pytestmark = pytest.mark.django_db

SAID = dt.date(2024, 3, 15)
OLD_RULES = "2026.2"


def computed_by_older_rules(earliest: dt.date | None, latest: dt.date | None, **fields) -> Prediction:
    """A prediction whose stored window is what the 2026.2 rules made of its horizon words."""
    prediction = PredictionFactory(said_on=SAID, **fields)
    Prediction.objects.filter(pk=prediction.pk).update(
        due_earliest=earliest, due_latest=latest, rules_version=OLD_RULES
    )
    prediction.refresh_from_db()
    return prediction


@pytest.fixture
def by_march():
    # 2026.2 read "by March 2026" as by the year: Dec 31, 2026. 2026.3 reads the month.
    return computed_by_older_rules(SAID, dt.date(2026, 12, 31), horizon_text="by March 2026")


@pytest.fixture
def decade():
    # 2026.2 left 2030年代 undated; 2026.3 makes it the 2030s.
    return computed_by_older_rules(SAID, None, horizon_text="2030年代", status="draft")


def test_it_moves_the_windows_older_rules_computed_and_reports_them(by_march, decade):
    result = recompute_windows(
        now=NOW,
        by=None,
        face=Face.COMMAND,
    )
    assert [(c.prediction_id, c.old, c.new) for c in result.moved] == [
        (by_march.pk, (SAID, dt.date(2026, 12, 31)), (SAID, dt.date(2026, 3, 31))),
        (decade.pk, (SAID, None), (dt.date(2030, 1, 1), dt.date(2039, 12, 31))),
    ]
    by_march.refresh_from_db()
    assert (by_march.due_latest, by_march.rules_version, by_march.version) == (
        dt.date(2026, 3, 31),
        RULES_VERSION,
        2,
    )
    decade.refresh_from_db()
    assert (decade.due_earliest, decade.due_latest) == (dt.date(2030, 1, 1), dt.date(2039, 12, 31))


def test_an_unchanged_window_only_gets_the_current_rules_version():
    same = computed_by_older_rules(dt.date(2025, 1, 1), dt.date(2025, 12, 31), horizon_text="2025年")
    result = recompute_windows(
        now=NOW,
        by=None,
        face=Face.COMMAND,
    )
    assert (result.moved, result.unchanged) == ([], 1)
    same.refresh_from_db()
    assert (same.rules_version, same.version, same.due_latest) == (RULES_VERSION, 1, dt.date(2025, 12, 31))


def test_a_window_set_by_hand_stays():
    by_hand = computed_by_older_rules(
        SAID, dt.date(2027, 6, 30), horizon_text="by March 2026", window_overridden=True
    )
    result = recompute_windows(
        now=NOW,
        by=None,
        face=Face.COMMAND,
    )
    assert (result.moved, result.kept_by_hand) == ([], 1)
    by_hand.refresh_from_db()
    assert (by_hand.due_latest, by_hand.rules_version) == (dt.date(2027, 6, 30), OLD_RULES)


RESOLVED = {"status": "resolved", "verdict": "came_true", "verdict_known_on": dt.date(2025, 7, 17)}


@pytest.mark.parametrize("fields", [RESOLVED, {"status": "open"}], ids=["resolved", "one vote so far"])
def test_a_reviewed_window_stays(fields):
    # An open prediction can have a review too: a vote still waiting for the second reviewer.
    reviewed = computed_by_older_rules(SAID, dt.date(2026, 12, 31), horizon_text="by March 2026", **fields)
    OutcomeFactory(prediction=reviewed)
    result = recompute_windows(
        now=NOW,
        by=None,
        face=Face.COMMAND,
    )
    assert (result.moved, result.kept_judged) == ([], 1)
    reviewed.refresh_from_db()
    assert (reviewed.due_latest, reviewed.rules_version) == (dt.date(2026, 12, 31), OLD_RULES)


def test_a_withdrawn_prediction_keeps_its_window():
    withdrawn = computed_by_older_rules(
        SAID, dt.date(2026, 12, 31), horizon_text="by March 2026", status="withdrawn"
    )
    assert (
        recompute_windows(
            now=NOW,
            by=None,
            face=Face.COMMAND,
        ).kept_judged
        == 1
    )
    withdrawn.refresh_from_db()
    assert withdrawn.due_latest == dt.date(2026, 12, 31)


def test_a_dry_run_reports_and_writes_nothing(by_march):
    result = recompute_windows(now=NOW, by=None, face=Face.COMMAND, dry_run=True)
    assert [c.prediction_id for c in result.moved] == [by_march.pk]
    by_march.refresh_from_db()
    assert (by_march.due_latest, by_march.rules_version) == (dt.date(2026, 12, 31), OLD_RULES)


def test_a_second_run_finds_nothing_to_do(by_march):
    recompute_windows(
        now=NOW,
        by=None,
        face=Face.COMMAND,
    )
    again = recompute_windows(
        now=NOW,
        by=None,
        face=Face.COMMAND,
    )
    assert (again.moved, again.unchanged) == ([], 0)


def test_the_command_lists_each_move_and_a_summary(by_march):
    reviewed = computed_by_older_rules(SAID, dt.date(2026, 12, 31), horizon_text="by March 2026", **RESOLVED)
    OutcomeFactory(prediction=reviewed)
    out = StringIO()
    call_command("recompute_windows", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert (
        lines[0]
        == f"#{by_march.pk} «by March 2026» (2026.2): 2024-03-15..2026-12-31 -> 2024-03-15..2026-03-31"
    )
    assert lines[-1].startswith("would move 1 window(s)")
    assert "kept 0 set by hand and 1 already judged" in lines[-1]
    assert lines[-1].endswith("dry run: nothing written")
    assert Prediction.objects.get(pk=by_march.pk).due_latest == dt.date(2026, 12, 31)

    out = StringIO()
    call_command("recompute_windows", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("moved 1 window(s)")
    assert Prediction.objects.get(pk=by_march.pk).due_latest == dt.date(2026, 3, 31)
    assert Outcome.objects.filter(prediction=reviewed).exists()
