"""/api/stats/ and the shared track_records() aggregation behind it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from claims.models import Prediction
from claims.services.reviewers import set_display_name
from claims.services.reviews import record_outcome, record_too_early
from claims.services.stats import track_records, verdict_counts
from tests.api_helpers import a_reviewer, api
from tests.clock import noon
from tests.factories import PredictionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

# The day of the reviews, after the factories' windows closed (2025-12-31).
TODAY = dt.date(2026, 3, 1)
NOW = noon(TODAY)


def _judge(prediction, verdict, reviewer):
    record_outcome(
        prediction=prediction,
        verdict=verdict,
        known_on=dt.date(2025, 6, 1),
        reviewer=reviewer,
        note="n",
        today=TODAY,
        now=NOW,
    )


@pytest.fixture
def records(reviewer):
    sam, jensen = SpeakerFactory(name="Sam Altman"), SpeakerFactory(name="Jensen Huang")
    _judge(PredictionFactory(speaker=sam, confidence="certain"), "came_true", reviewer)
    _judge(PredictionFactory(speaker=sam, confidence="maybe"), "came_true", reviewer)
    _judge(PredictionFactory(speaker=sam, confidence="expects"), "partly_true", reviewer)
    _judge(PredictionFactory(speaker=sam, confidence="likely"), "ambiguous", reviewer)  # not scored
    _judge(PredictionFactory(speaker=jensen), "came_false", reviewer)  # no confidence: no Brier
    PredictionFactory(speaker=jensen, status="due")
    PredictionFactory(speaker=jensen, status="withdrawn")
    PredictionFactory(speaker=jensen, status="draft")
    return sam, jensen


def test_it_counts_by_status_and_verdict(records):
    body = api().get("/api/stats/").json()
    # Drafts are not public, so readers' stats leave them out.
    assert body["predictions"] == 7
    assert body["by_status"] == {
        "draft": 0,
        "open": 0,
        "due": 1,
        "disputed": 0,
        "resolved": 5,
        "withdrawn": 1,
        "split": 0,
    }
    assert body["by_verdict"] == {
        "came_true": 2,
        "came_false": 1,
        "partly_true": 1,
        "ambiguous": 1,
        "unresolvable": 0,
    }


def test_curators_see_drafts_counted(records, curator):
    assert api(curator).get("/api/stats/").json()["by_status"]["draft"] == 1


def test_it_gives_each_speakers_hit_rate_and_brier_score(records):
    rows = {row["speaker_name"]: row for row in api().get("/api/stats/").json()["speakers"]}
    sam = rows["Sam Altman"]
    assert (sam["resolved"], sam["came_true"], sam["partly_true"], sam["ambiguous"]) == (4, 2, 1, 1)
    assert sam["hit_rate"] == round((2 + 0.5) / 3, 4)
    # certain→true (0.95-1)², maybe→true (0.5-1)², expects→partly (0.8-0.5)²
    assert sam["scored"] == 3
    assert sam["brier_score"] == round((0.0025 + 0.25 + 0.09) / 3, 4)
    jensen = rows["Jensen Huang"]
    # Track records leave out drafts and withdrawn predictions (claims.services.stats).
    assert (jensen["predictions"], jensen["due"], jensen["resolved"], jensen["hit_rate"]) == (2, 1, 1, 0.0)
    assert (jensen["scored"], jensen["brier_score"]) == (0, None)
    assert jensen["speaker_url"] == f"http://testserver/api/speakers/{jensen['speaker']}/"


def test_track_records_put_the_most_predictions_first_and_follow_the_queryset(records):
    sam, jensen = records
    everything = track_records()
    assert [(r.speaker_name, r.predictions) for r in everything] == [("Sam Altman", 4), ("Jensen Huang", 2)]
    only_sam = track_records(Prediction.objects.filter(speaker=sam))
    assert [(r.speaker_id, r.judged) for r in only_sam] == [(sam.pk, 3)]
    assert verdict_counts(Prediction.objects.filter(speaker=jensen))["came_false"] == 1


@pytest.fixture
def backlog(reviewer):
    """Three predictions waiting at TODAY, one of them disputed, and three that are not waiting."""
    vic = a_reviewer("vic-reviewer")
    half_reviewed = PredictionFactory(status="due", reviewers_required=2)  # due 2025-12-31
    record_outcome(
        prediction=half_reviewed,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 6, 1),
        note="n",
        today=TODAY,
        now=NOW,
    )
    # Its window closed on 2025-06-30 but no flagging run has seen it yet: waiting all the same.
    unflagged = PredictionFactory(
        window_overridden=True, due_earliest=dt.date(2025, 1, 1), due_latest=dt.date(2025, 6, 30)
    )
    disputed = PredictionFactory(reviewers_required=2)
    record_outcome(
        prediction=disputed,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 6, 1),
        note="n",
        today=TODAY,
        now=NOW,
    )
    record_outcome(
        prediction=disputed,
        reviewer=vic,
        verdict="came_false",
        known_on=dt.date(2025, 6, 1),
        note="n",
        today=TODAY,
        now=NOW,
    )
    PredictionFactory(horizon_text="2027年")  # not due yet
    _judge(PredictionFactory(), "came_true", reviewer)  # judged
    record_too_early(
        prediction=PredictionFactory(),
        reviewer=reviewer,
        next_look_on=dt.date(2026, 6, 1),
        today=TODAY,
        now=NOW,
    )
    return half_reviewed, unflagged, disputed


def _stats_on(day: dt.date, time_machine, client=None) -> dict:
    """/api/stats/ as read on `day` (the view reads the clock for the backlog)."""
    time_machine.move_to(noon(day), tick=False)
    return (client or api()).get("/api/stats/").json()


def test_the_backlog_counts_what_waits_and_on_whom(backlog, time_machine, staff):
    half_reviewed, unflagged, disputed = backlog
    assert Prediction.objects.get(pk=disputed.pk).status == "disputed"
    vic = User.objects.get(username="vic-reviewer")
    set_display_name(user=vic, display_name="Victoria")
    totals = {
        "waiting": 3,
        "disputed": 1,
        # It came due the day after its window closed.
        "oldest_due_on": "2025-07-01",
        "oldest_waiting_days": (TODAY - dt.date(2025, 7, 1)).days,
    }
    rui = User.objects.get(username="rui-reviewer")
    # Staff see who is waited on: disputed ones wait on an adjudicator, not on reviewers; rui has
    # reviewed one of the rest.
    assert _stats_on(TODAY, time_machine, api(staff))["backlog"] == {
        **totals,
        "reviewers": [
            {"username": "rui-reviewer", "display_name": f"Reviewer #{rui.pk}", "waiting": 1},
            {"username": "vic-reviewer", "display_name": "Victoria", "waiting": 2},
        ],
    }


def test_the_public_sees_the_backlogs_totals_but_no_reviewer(backlog, time_machine, reader):
    for client in (api(), api(reader)):  # anonymous, and signed in without being staff
        response = _stats_on(TODAY, time_machine, client)
        assert response["backlog"]["waiting"] == 3 and response["backlog"]["reviewers"] is None
    body = api().get("/api/stats/").content.decode()
    assert "rui-reviewer" not in body and "vic-reviewer" not in body


def test_a_too_early_prediction_joins_the_backlog_on_its_next_look(backlog, time_machine):
    # 2026-06-01 is the too-early prediction's next look: from that day on it waits again.
    assert _stats_on(dt.date(2026, 5, 31), time_machine)["backlog"]["waiting"] == 3
    on_the_day = _stats_on(dt.date(2026, 6, 1), time_machine)["backlog"]
    assert (on_the_day["waiting"], on_the_day["oldest_due_on"]) == (4, "2025-07-01")


def test_an_empty_backlog_has_no_oldest(time_machine, reviewer, staff):
    assert _stats_on(TODAY, time_machine, api(staff))["backlog"] == {
        "waiting": 0,
        "disputed": 0,
        "oldest_due_on": None,
        "oldest_waiting_days": None,
        "reviewers": [{"username": "rui-reviewer", "display_name": f"Reviewer #{reviewer.pk}", "waiting": 0}],
    }


def test_stats_run_six_queries_for_the_public_whatever_the_number_of_speakers_and_predictions(
    reviewer, staff, django_assert_num_queries, time_machine
):
    for i in range(8):
        _judge(
            PredictionFactory(speaker=SpeakerFactory(name=f"Speaker {i}"), confidence="likely"),
            "came_true",
            reviewer,
        )
        PredictionFactory(speaker=SpeakerFactory(name=f"Speaker {i}"), status="due")
        a_reviewer(f"reviewer-{i}")
    # 1 GROUP BY status, 1 GROUP BY verdict, 1 GROUP BY speaker for the track records, 1 for
    # their slipped deadlines, 1 for the backlog's size and age, and 1 for the public record's head.
    with django_assert_num_queries(6):
        body = _stats_on(TODAY, time_machine, api())
    assert len(body["speakers"]) == 8
    assert body["backlog"]["waiting"] == 8
    assert body["backlog"]["reviewers"] is None
    # Staff: 1 for the token with its user (the policy reads only is_staff), and 2 more for the
    # backlog (the reviewers with their public names, their votes in it).
    client = api(staff)
    with django_assert_num_queries(9):
        body = _stats_on(TODAY, time_machine, client)
    assert len(body["backlog"]["reviewers"]) == 9
