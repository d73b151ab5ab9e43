"""Recording a verdict with one reviewer required (REVIEWERS_REQUIRED's default): what the
reviewer gives, what is stored, and what is refused. Several reviewers: tests/test_reviews.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from claims.models import Evidence, Outcome, Prediction
from claims.services.reviews import EvidenceInput, record_outcome, undo_verdict
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory

pytestmark = pytest.mark.django_db

GPT5 = EvidenceInput(
    url="https://openai.com/index/introducing-gpt-5/",
    title="Introducing GPT-5",
    passage="GPT-5 is available to all ChatGPT users",
    retrieved_on=dt.date(2025, 8, 8),
)


def _record(prediction, reviewer, verdict="came_true", **kwargs) -> Outcome:
    defaults = {
        "known_on": dt.date(2025, 8, 7),
        "evidence": [GPT5],
        "note": "GPT-5 launched for free users.",
    }
    return record_outcome(
        prediction=prediction,
        verdict=verdict,
        reviewer=reviewer,
        **{**defaults, **kwargs},
        today=TODAY,
        now=NOW,
    )


def _rows() -> tuple[int, int]:
    return Outcome.objects.count(), Evidence.objects.count()


def test_it_resolves_the_prediction_with_the_verdict(reviewer):
    prediction = PredictionFactory(status="due", reviewers_required=1)
    outcome = _record(prediction, reviewer)
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict) == ("resolved", "came_true")
    assert prediction.verdict_known_on == dt.date(2025, 8, 7)
    assert (prediction.verdict_reviewers, prediction.verdict_adjudicated) == (1, False)
    assert prediction.version == 2
    assert (outcome.kind, outcome.round) == ("review", 1)
    assert outcome.reviewer == reviewer and outcome.recorded_at is not None


def test_a_new_prediction_takes_reviewers_required_from_the_settings(settings):
    settings.REVIEWERS_REQUIRED = 3
    assert PredictionFactory().reviewers_required == 3


def test_it_keeps_the_evidence_as_it_was_at_decision_time(reviewer):
    prediction = PredictionFactory(reviewers_required=1)
    outcome = _record(prediction, reviewer)
    (evidence,) = outcome.evidence.all()
    assert (evidence.url, evidence.title, evidence.passage, evidence.retrieved_on) == (
        GPT5.url,
        GPT5.title,
        GPT5.passage,
        GPT5.retrieved_on,
    )
    assert evidence.archived
    prediction.refresh_from_db()
    assert prediction.verdict_evidence_archived


def test_a_plain_url_is_evidence_without_an_archived_passage(reviewer):
    prediction = PredictionFactory(reviewers_required=1)
    outcome = _record(prediction, reviewer, evidence=["https://openai.com/index/introducing-gpt-5/", GPT5])
    assert [item.archived for item in outcome.evidence.order_by("id")] == [False, True]
    prediction.refresh_from_db()
    assert prediction.verdict_evidence_archived is False  # only when every piece is archived


def test_a_resolved_prediction_is_reviewed_again_only_after_an_undo_and_keeps_its_history(reviewer, staff):
    prediction = PredictionFactory(reviewers_required=1)
    first = _record(prediction, reviewer, verdict="came_true")
    with pytest.raises(ValidationError, match="undo the verdict first"):
        _record(prediction, reviewer, verdict="partly_true")
    undo = undo_verdict(
        prediction=prediction,
        by=staff,
        reason="GPT-5 reached free users only in some regions.",
        today=TODAY,
        now=NOW,
    )
    second = _record(prediction, reviewer, verdict="partly_true", note="Only for some users.")
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.review_round) == ("resolved", "partly_true", 2)
    assert list(prediction.outcomes.history()) == [first, undo, second]
    assert [o.round for o in prediction.outcomes.history()] == [1, 1, 2]
    assert prediction.outcomes.latest() == second


def test_outcomes_cannot_be_edited(reviewer):
    outcome = _record(PredictionFactory(reviewers_required=1), reviewer)
    outcome.verdict = "came_false"
    with pytest.raises(ValidationError, match="append-only"):
        outcome.save()
    assert Outcome.objects.get().verdict == "came_true"


def test_it_needs_evidence(reviewer):
    prediction = PredictionFactory()
    with pytest.raises(ValidationError, match="at least one evidence URL or a note"):
        _record(prediction, reviewer, evidence=[], note="")
    prediction.refresh_from_db()
    assert prediction.status == "open" and _rows() == (0, 0)


@pytest.mark.parametrize(
    ("status", "why"),
    [
        ("draft", "open it before it is reviewed"),
        ("withdrawn", "there is nothing to review"),
        ("split", "review its parts instead"),
    ],
)
def test_it_refuses_predictions_that_are_not_open_or_due(reviewer, status, why):
    prediction = PredictionFactory(status=status)
    with pytest.raises(ValidationError, match=why) as caught:
        _record(prediction, reviewer)
    assert "prediction" in caught.value.message_dict
    assert Prediction.objects.get().status == status
    assert _rows() == (0, 0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"verdict": "maybe"}, "verdict"),
        ({"verdict": ""}, "verdict"),
        ({"known_on": None}, "known_on"),
        ({"evidence": ["not a url"]}, "url"),
        ({"evidence": [EvidenceInput(url=GPT5.url, passage="a passage with no date")]}, "retrieved_on"),
    ],
)
def test_it_refuses_an_incomplete_review_on_the_field_to_fix_and_changes_nothing(reviewer, changes, field):
    prediction = PredictionFactory(reviewers_required=1)
    with pytest.raises(ValidationError) as caught:
        _record(prediction, reviewer, **changes)
    assert field in caught.value.message_dict
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.version) == ("open", "", 1)
    assert _rows() == (0, 0)
