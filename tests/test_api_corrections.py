"""Corrections through the API: a judged prediction's fields are refused on PATCH with the way
out, POST /corrections/ appends one (curators only), and every reader sees them."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import Prediction, Status, public_name
from claims.services.reviews import record_outcome
from tests.api_helpers import CRITERIA, api, assert_error
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SourceFactory, SpanFactory, SpeakerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

STATEMENT = "我认为2025年将是代理之年。"


@pytest.fixture
def judged(reviewer) -> Prediction:
    source = SourceFactory()
    prediction = PredictionFactory(
        speaker=SpeakerFactory(name="Sam Altman"), resolution_criteria=CRITERIA, reviewers_required=1
    )
    SpanFactory(prediction=prediction, source=source)
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        note="Launched.",
        today=TODAY,
        now=NOW,
    )
    prediction.refresh_from_db()
    return prediction


def url(prediction, tail="") -> str:
    return f"/api/predictions/{prediction.pk}/{tail}"


def test_a_patch_of_a_judged_speaker_is_409_with_the_way_out(judged, curator):
    other = SpeakerFactory(name="Kevin Weil")
    response = api(curator).patch(
        url(judged), {"speaker": other.pk, "version": judged.version}, format="json"
    )
    assert_error(response, 409, field="speaker", contains="corrections/")
    assert Prediction.objects.get(pk=judged.pk).speaker.name == "Sam Altman"


def test_a_curator_corrects_the_speaker_and_review_reopens(judged, curator, reader):
    other = SpeakerFactory(name="Kevin Weil")
    response = api(curator).post(
        url(judged, "corrections/"),
        {"what_was_wrong": "Kevin Weil said it, not Sam Altman.", "speaker": other.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 1 and body["reopened_review"] is True
    assert body["changes"]["speaker"][1] == {"id": other.pk, "name": "Kevin Weil"}
    assert body["author"] == public_name(curator)  # never the username

    # Every reader sees it with the prediction, in the detail and in the list, and on its own URL.
    detail = api().get(url(judged)).json()
    assert detail["speaker"] == other.pk and detail["status"] == Status.DUE and detail["verdict"] is None
    assert detail["correction_count"] == 1
    assert detail["corrections"][0]["what_was_wrong"] == "Kevin Weil said it, not Sam Altman."
    listed = api().get("/api/predictions/").json()["results"]
    assert [p["corrections"][0]["number"] for p in listed if p["id"] == judged.pk] == [1]
    assert api(reader).get(url(judged, "corrections/")).json()[0]["author"] == body["author"]


def test_only_curators_correct(judged, reviewer):
    response = api(reviewer).post(
        url(judged, "corrections/"), {"what_was_wrong": "Wrong.", "kind": "claim"}, format="json"
    )
    assert_error(response, 403, contains="curators")
    assert_error(api().post(url(judged, "corrections/"), {"what_was_wrong": "x", "kind": "claim"}), 401)


def test_a_correction_that_changes_nothing_is_400(judged, curator):
    response = api(curator).post(url(judged, "corrections/"), {"what_was_wrong": "Nothing."}, format="json")
    assert_error(response, 400, contains="Give the fields")
    response = api(curator).post(
        url(judged, "corrections/"), {"what_was_wrong": "Same.", "statement": judged.statement}, format="json"
    )
    assert_error(response, 400, field="what_was_wrong", contains="changes nothing")
    assert Prediction.objects.get(pk=judged.pk).correction_count == 0


def test_a_typo_fix_keeps_the_verdict(judged, curator):
    response = api(curator).post(
        url(judged, "corrections/"),
        {"what_was_wrong": "A typo.", "statement": "我认为2025年将是代理大规模使用的一年！", "typo": True},
        format="json",
    )
    assert response.status_code == 201, response.content
    detail = api().get(url(judged)).json()
    assert (detail["status"], detail["verdict"]) == ("resolved", "came_true")


def test_the_list_costs_no_query_more_when_nothing_is_corrected(judged, django_assert_num_queries):
    # As tests/test_api_predictions_read.py counts it for anonymous readers: count, page,
    # topics, spans, clarifications; the corrections' query only when a row has one.
    with django_assert_num_queries(5):
        api().get("/api/predictions/")
