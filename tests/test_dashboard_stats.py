"""Track records (claims.services.stats): the numbers the dashboard and the API show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from claims.models import Prediction
from claims.services import stats
from claims.services.reviews import record_outcome
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def resolved(verdict: str, **fields) -> Prediction:
    prediction = PredictionFactory(**fields)
    judge, _ = User.objects.get_or_create(username="judge")
    record_outcome(
        prediction=prediction,
        verdict=verdict,
        known_on=dt.date(2026, 1, 1),
        reviewer=judge,
        note="n",
        today=TODAY,
        now=NOW,
    )
    return prediction


def test_it_counts_partly_true_as_half_a_hit_and_leaves_ambiguous_unscored():
    sam = SpeakerFactory(name="Sam")
    for verdict in ("came_true", "came_true", "came_false", "partly_true", "ambiguous", "unresolvable"):
        resolved(verdict, speaker=sam)
    PredictionFactory(speaker=sam, status="due")
    (record,) = stats.track_records()
    assert (record.speaker_name, record.predictions, record.resolved, record.due) == ("Sam", 7, 6, 1)
    assert (record.came_true, record.came_false, record.partly_true) == (2, 1, 1)
    assert (record.ambiguous, record.unresolvable, record.judged) == (1, 1, 4)
    assert record.hit_rate == pytest.approx(2.5 / 4)


def test_it_scores_stated_confidence_with_the_brier_score():
    sam = SpeakerFactory()
    resolved("came_true", speaker=sam, confidence="certain")  # (.95 - 1)² = .0025
    resolved("came_false", speaker=sam, confidence="expects")  # (.8 - 0)² = .64
    resolved("partly_true", speaker=sam, confidence="maybe")  # (.5 - .5)² = 0
    resolved("came_true", speaker=sam)  # no confidence: not scored
    resolved("ambiguous", speaker=sam, confidence="certain")  # not judged: not scored
    (record,) = stats.track_records()
    assert record.scored == 3
    assert record.brier_score == pytest.approx((0.0025 + 0.64 + 0) / 3)
    calibration = {bin.confidence: bin for bin in record.calibration}
    assert [bin.confidence for bin in record.calibration] == ["maybe", "likely", "expects", "certain"]
    assert (calibration["certain"].scored, calibration["certain"].observed) == (1, 1.0)
    assert (calibration["expects"].scored, calibration["expects"].observed) == (1, 0.0)
    assert (calibration["maybe"].scored, calibration["maybe"].observed) == (1, 0.5)
    assert calibration["likely"].scored == 0


def test_it_has_no_rates_before_anything_is_judged():
    PredictionFactory(confidence="certain")
    resolved("unresolvable")
    records = stats.track_records()
    assert [(r.hit_rate, r.brier_score) for r in records] == [(None, None), (None, None)]


def test_it_leaves_out_drafts_and_withdrawn_predictions():
    sam = SpeakerFactory()
    PredictionFactory(speaker=sam, status="draft")
    PredictionFactory(speaker=sam, status="withdrawn")
    assert stats.track_records() == []
    PredictionFactory(speaker=sam)
    assert [record.predictions for record in stats.track_records()] == [1]


def test_it_orders_speakers_by_predictions_made_and_can_select_some():
    few, many = SpeakerFactory(name="Few"), SpeakerFactory(name="Many")
    PredictionFactory(speaker=few)
    PredictionFactory.create_batch(2, speaker=many)
    assert [r.speaker_name for r in stats.track_records()] == ["Many", "Few"]
    assert [r.speaker_name for r in stats.track_records(speaker_ids=[few.pk])] == ["Few"]
    assert set(stats.track_records_by_speaker()) == {few.pk, many.pk}


def test_it_counts_every_status_and_verdict_zeros_included():
    PredictionFactory(status="due")
    resolved("came_true")
    assert stats.status_counts() == {
        "draft": 0,
        "open": 0,
        "due": 1,
        "disputed": 0,
        "resolved": 1,
        "withdrawn": 0,
        "split": 0,
    }
    assert stats.verdict_counts() == {
        "came_true": 1,
        "came_false": 0,
        "partly_true": 0,
        "ambiguous": 0,
        "unresolvable": 0,
    }
    assert stats.status_counts(Prediction.objects.filter(status="due"))["resolved"] == 0
