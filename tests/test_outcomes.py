from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from claims.models import Outcome, Prediction
from claims.services.reviews import record_outcome
from tests.factories import PredictionFactory

pytestmark = pytest.mark.django_db


def _record(prediction, reviewer, verdict="came_true", **kwargs) -> Outcome:
    defaults = {
        "known_on": dt.date(2025, 8, 7),
        "evidence_urls": ["https://openai.com/index/introducing-gpt-5/"],
        "note": "GPT-5 launched for free users.",
    }
    return record_outcome(prediction=prediction, verdict=verdict, reviewer=reviewer, **{**defaults, **kwargs})


def test_it_resolves_the_prediction_with_the_verdict(reviewer):
    prediction = PredictionFactory(status="due")
    outcome = _record(prediction, reviewer)
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict) == ("resolved", "came_true")
    assert prediction.version == 2
    assert outcome.reviewer == reviewer and outcome.recorded_at is not None


def test_a_new_outcome_supersedes_and_keeps_the_history(reviewer):
    prediction = PredictionFactory()
    first = _record(prediction, reviewer, verdict="came_true")
    second = _record(prediction, reviewer, verdict="partly_true", note="Only for some users.")
    prediction.refresh_from_db()
    assert prediction.verdict == "partly_true"
    assert list(prediction.outcomes.order_by("recorded_at", "id")) == [first, second]
    assert prediction.outcomes.latest() == second


def test_outcomes_cannot_be_edited(reviewer):
    outcome = _record(PredictionFactory(), reviewer)
    outcome.verdict = "came_false"
    with pytest.raises(ValidationError, match="append-only"):
        outcome.save()
    assert Outcome.objects.get().verdict == "came_true"


def test_it_needs_evidence(reviewer):
    prediction = PredictionFactory()
    with pytest.raises(ValidationError, match="at least one URL or a note"):
        _record(prediction, reviewer, evidence=[], note="")
    prediction.refresh_from_db()
    assert prediction.status == "open" and Outcome.objects.count() == 0


@pytest.mark.parametrize("status", ["draft", "withdrawn"])
def test_it_refuses_drafts_and_withdrawn_predictions(reviewer, status):
    prediction = PredictionFactory(status=status)
    with pytest.raises(ValidationError, match="open it before recording"):
        _record(prediction, reviewer)
    assert Prediction.objects.get().status == status
    assert Outcome.objects.count() == 0


def test_it_refuses_an_unknown_verdict_and_changes_nothing(reviewer):
    prediction = PredictionFactory()
    with pytest.raises(ValidationError):
        _record(prediction, reviewer, verdict="maybe")
    assert Prediction.objects.get().status == "open"
