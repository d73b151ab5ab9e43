"""/api/stats/ and the shared track_records() aggregation behind it."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.services.reviews import record_outcome
from claims.services.stats import track_records, verdict_counts
from tests.api_helpers import api
from tests.factories import PredictionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def _judge(prediction, verdict, reviewer):
    record_outcome(
        prediction=prediction, verdict=verdict, known_on=dt.date(2025, 6, 1), reviewer=reviewer, note="n"
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
    assert body["by_status"] == {"draft": 0, "open": 0, "due": 1, "resolved": 5, "withdrawn": 1}
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
    from claims.models import Prediction

    sam, jensen = records
    everything = track_records()
    assert [(r.speaker_name, r.predictions) for r in everything] == [("Sam Altman", 4), ("Jensen Huang", 2)]
    only_sam = track_records(Prediction.objects.filter(speaker=sam))
    assert [(r.speaker_id, r.judged) for r in only_sam] == [(sam.pk, 3)]
    assert verdict_counts(Prediction.objects.filter(speaker=jensen))["came_false"] == 1


def test_stats_run_three_queries_whatever_the_number_of_speakers(reviewer, django_assert_num_queries):
    for i in range(8):
        _judge(
            PredictionFactory(speaker=SpeakerFactory(name=f"Speaker {i}"), confidence="likely"),
            "came_true",
            reviewer,
        )
    client = api()
    # 1 GROUP BY status, 1 GROUP BY verdict, 1 GROUP BY speaker for the track records.
    with django_assert_num_queries(3):
        body = client.get("/api/stats/").json()
    assert len(body["speakers"]) == 8
