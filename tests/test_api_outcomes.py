"""/api/predictions/{id}/outcomes/: the history, and reviewers recording what happened."""

from __future__ import annotations

import datetime as dt
import types

import pytest

from claims.models import Outcome, Prediction
from claims.services.reviews import record_outcome
from tests.api_helpers import anchored, api, assert_error

pytestmark = pytest.mark.django_db

EVIDENCE = "https://openai.com/index/introducing-chatgpt-agent/"


def _url(prediction) -> str:
    return f"/api/predictions/{prediction.pk}/outcomes/"


def test_a_reviewer_records_an_outcome_and_the_prediction_resolves(reviewer):
    prediction = anchored()
    response = api(reviewer).post(
        _url(prediction),
        {
            "verdict": "came_true",
            "known_on": "2025-07-17",
            "evidence_urls": [EVIDENCE],
            "note": "Agent launched.",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["verdict"], body["known_on"], body["reviewer"]) == (
        "came_true",
        "2025-07-17",
        "rui-reviewer",
    )
    assert body["evidence_urls"] == [EVIDENCE]
    assert response["ETag"] == '"2"'
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.version) == ("resolved", "came_true", 2)
    assert Outcome.objects.get().reviewer == reviewer


def test_the_history_lists_every_outcome_oldest_first(reviewer):
    prediction = anchored()
    for verdict in ("came_true", "partly_true"):
        record_outcome(
            prediction=prediction,
            verdict=verdict,
            known_on=dt.date(2025, 7, 17),
            reviewer=reviewer,
            note=verdict,
        )
    history = api().get(_url(prediction)).json()
    assert [o["verdict"] for o in history] == ["came_true", "partly_true"]
    assert api().get(f"/api/predictions/{prediction.pk}/").json()["verdict"] == "partly_true"


def test_the_history_runs_a_constant_number_of_queries(reviewer, django_assert_num_queries):
    prediction = anchored()
    for n in range(5):
        record_outcome(
            prediction=prediction,
            verdict="came_true",
            known_on=dt.date(2025, 7, 17),
            reviewer=reviewer,
            note=str(n),
        )
    # 1 prediction lookup, 1 outcomes joined to their reviewers.
    with django_assert_num_queries(2):
        assert len(api().get(_url(prediction)).json()) == 5


@pytest.mark.parametrize(
    ("body", "field", "contains"),
    [
        ({"verdict": "came_true", "known_on": "2025-07-17"}, "note", "Give evidence"),
        ({"verdict": "likely", "known_on": "2025-07-17", "note": "n"}, "verdict", ""),
        ({"verdict": "came_true", "note": "n"}, "known_on", "required"),
        (
            {"verdict": "came_true", "known_on": "2025-07-17", "evidence_urls": ["not a url"]},
            "evidence_urls",
            "evidence_url 1: Enter a valid URL.",
        ),
    ],
)
def test_invalid_outcomes_are_refused_and_change_nothing(reviewer, body, field, contains):
    prediction = anchored()
    assert_error(api(reviewer).post(_url(prediction), body), 400, field=field, contains=contains)
    assert Outcome.objects.count() == 0
    assert Prediction.objects.get().status == "open"


@pytest.mark.parametrize("status", ["draft", "withdrawn"])
def test_drafts_and_withdrawn_predictions_cannot_be_judged(reviewer, status):
    prediction = anchored(status="draft")
    Prediction.objects.filter(pk=prediction.pk).update(status=status)
    response = api(reviewer).post(
        _url(prediction), {"verdict": "came_true", "known_on": "2025-07-17", "note": "n"}
    )
    # Drafts are visible to curators only, so a reviewer who is not one gets 404 for them.
    expected = 404 if status == "draft" else 400
    assert_error(response, expected)
    assert Outcome.objects.count() == 0


def test_the_outcome_and_the_status_change_are_one_transaction(reviewer, monkeypatch):
    """If resolving the prediction fails after the outcome row is written, neither stays."""
    import claims.services.reviews as outcomes

    def broken_now():
        raise RuntimeError("the database went away mid-transaction")

    monkeypatch.setattr(outcomes, "timezone", types.SimpleNamespace(now=broken_now))
    prediction = anchored()
    with pytest.raises(RuntimeError):
        api(reviewer).post(_url(prediction), {"verdict": "came_true", "known_on": "2025-07-17", "note": "n"})
    assert Outcome.objects.count() == 0
    assert Prediction.objects.get().status == "open"


def test_curators_who_are_not_reviewers_cannot_record_outcomes(curator):
    prediction = anchored()
    response = api(curator).post(
        _url(prediction), {"verdict": "came_true", "known_on": "2025-07-17", "note": "n"}
    )
    assert_error(response, 403, contains="reviewers group")
    assert_error(api().post(_url(prediction), {}), 401)
