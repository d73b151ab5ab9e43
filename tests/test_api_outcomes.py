"""/api/predictions/{id}/outcomes/: the review record, and reviewers giving their verdicts."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import Evidence, Outcome, Prediction
from claims.services.reviewers import set_display_name
from claims.services.reviews import EvidenceInput, record_outcome, undo_verdict
from tests.api_helpers import an_adjudicator, anchored, api, assert_error
from tests.clock import NOW, TODAY

pytestmark = pytest.mark.django_db

EVIDENCE = {
    "url": "https://openai.com/index/introducing-chatgpt-agent/",
    "title": "Introducing ChatGPT agent",
    "passage": "ChatGPT now thinks and acts, proactively choosing from a toolbox of agentic skills.",
    "retrieved_on": "2025-07-18",
}


def _url(prediction) -> str:
    return f"/api/predictions/{prediction.pk}/outcomes/"


def test_a_reviewer_records_a_verdict_and_the_prediction_resolves(reviewer):
    prediction = anchored()
    response = api(reviewer).post(
        _url(prediction),
        {"verdict": "came_true", "known_on": "2025-07-17", "evidence": [EVIDENCE], "note": "Agent launched."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["round"], body["verdict"], body["known_on"], body["reviewer"]) == (
        "review",
        1,
        "came_true",
        "2025-07-17",
        # The public name: without a display name, the fallback (never the username).
        f"Reviewer #{reviewer.pk}",
    )
    assert body["evidence"] == [{**EVIDENCE, "archived": True}]
    assert body["next_look_on"] is None
    assert response["ETag"] == '"2"'
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.version) == ("resolved", "came_true", 2)
    assert (prediction.verdict_reviewers, prediction.verdict_evidence_archived) == (1, True)
    assert Outcome.objects.get().reviewer == reviewer
    assert Evidence.objects.get().passage == EVIDENCE["passage"]


def test_evidence_may_be_a_bare_url_and_is_then_not_archived(reviewer):
    prediction = anchored()
    response = api(reviewer).post(
        _url(prediction),
        {"verdict": "came_true", "known_on": "2025-07-17", "evidence": [{"url": EVIDENCE["url"]}]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["evidence"] == [
        {"url": EVIDENCE["url"], "title": "", "passage": "", "retrieved_on": None, "archived": False}
    ]
    summary = api().get(f"/api/predictions/{prediction.pk}/").json()["verdict_summary"]
    assert summary["text"] == "1/1 reviewer · known 2025-07-17"


def test_the_record_lists_every_event_oldest_first(reviewer):
    prediction = anchored()
    record_outcome(
        prediction=prediction,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        reviewer=reviewer,
        note="a",
        today=TODAY,
        now=NOW,
    )
    ada = an_adjudicator()
    set_display_name(user=ada, display_name="Ada L.")
    undo_verdict(
        prediction=prediction,
        by=ada,
        reason="The launch was a limited preview.",
        today=TODAY,
        now=NOW,
    )
    record_outcome(
        prediction=prediction,
        verdict="partly_true",
        known_on=dt.date(2025, 8, 1),
        reviewer=reviewer,
        note="b",
        today=TODAY,
        now=NOW,
    )
    record = api().get(_url(prediction)).json()
    assert [(o["kind"], o["round"], o["verdict"]) for o in record] == [
        ("review", 1, "came_true"),
        ("undo", 1, None),
        ("review", 2, "partly_true"),
    ]
    assert record[1]["note"] == "The launch was a limited preview."
    assert record[1]["reviewer"] == "Ada L."  # her public name, not her username
    assert "ada-adjudicator" not in api().get(_url(prediction)).content.decode()
    assert api().get(f"/api/predictions/{prediction.pk}/").json()["verdict"] == "partly_true"


def test_the_record_runs_a_constant_number_of_queries(reviewer, django_assert_num_queries):
    prediction = anchored()
    adjudicator = an_adjudicator()
    set_display_name(user=reviewer, display_name="Rui")  # one with a public name, one without
    for n in range(5):
        record_outcome(
            prediction=prediction,
            verdict="came_true",
            known_on=dt.date(2025, 7, 17),
            reviewer=reviewer,
            evidence=[
                EvidenceInput(url=f"https://example.org/{n}"),
                EvidenceInput(url=f"https://example.org/{n}b"),
            ],
            today=TODAY,
            now=NOW,
        )
        undo_verdict(prediction=prediction, by=adjudicator, reason=str(n), today=TODAY, now=NOW)
    # 1 prediction lookup, 1 outcomes joined to their reviewers and public names, 1 evidence prefetch.
    with django_assert_num_queries(3):
        record = api().get(_url(prediction)).json()
    assert len(record) == 10
    assert len(record[0]["evidence"]) == 2


@pytest.mark.parametrize(
    ("body", "field", "contains"),
    [
        ({"verdict": "came_true", "known_on": "2025-07-17"}, "note", "Give evidence"),
        ({"verdict": "likely", "known_on": "2025-07-17", "note": "n"}, "verdict", ""),
        ({"verdict": "came_true", "note": "n"}, "known_on", "required"),
        (
            {"verdict": "came_true", "known_on": "2025-07-17", "evidence": [{"url": "not a url"}]},
            "evidence",
            "evidence 1, url: Enter a valid URL.",
        ),
        (
            {
                "verdict": "came_true",
                "known_on": "2025-07-17",
                "evidence": [{**EVIDENCE, "retrieved_on": None}],
            },
            "evidence",
            "evidence 1, retrieved_on: A quoted passage needs the day it was read",
        ),
    ],
)
def test_invalid_verdicts_are_refused_and_change_nothing(reviewer, body, field, contains):
    prediction = anchored()
    assert_error(
        api(reviewer).post(_url(prediction), body, format="json"), 400, field=field, contains=contains
    )
    assert (Outcome.objects.count(), Evidence.objects.count()) == (0, 0)
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


def test_the_review_and_the_status_change_are_one_transaction(reviewer, monkeypatch):
    """If storing the prediction's standing fails after the review and its evidence are written,
    none of it stays."""
    import claims.services.reviews as reviews

    def broken(*args):
        raise RuntimeError("the database went away mid-transaction")

    # standing_fields runs after the review row and its evidence are inserted, just before the
    # prediction's UPDATE: breaking it is a crash between the writes.
    monkeypatch.setattr(reviews, "standing_fields", broken)
    prediction = anchored()
    before = Prediction.objects.values("status", "version", "review_round", "updated_at").get()
    body = {"verdict": "came_true", "known_on": "2025-07-17", "evidence": [EVIDENCE], "note": "n"}
    with pytest.raises(RuntimeError):
        api(reviewer).post(_url(prediction), body, format="json")
    assert (Outcome.objects.count(), Evidence.objects.count()) == (0, 0)
    assert Prediction.objects.values("status", "version", "review_round", "updated_at").get() == before


def test_curators_who_are_not_reviewers_cannot_review(curator):
    prediction = anchored()
    response = api(curator).post(
        _url(prediction), {"verdict": "came_true", "known_on": "2025-07-17", "note": "n"}
    )
    assert_error(response, 403, contains="reviewers group")
    assert_error(api().post(_url(prediction), {}), 401)
