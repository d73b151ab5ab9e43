"""What a client cannot write is refused by name, never dropped silently; a request that changes
nothing changes no version."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import EditRecord, Prediction, Status
from claims.services.reviews import record_outcome
from tests.api_helpers import anchored, api, assert_error
from tests.clock import NOW, TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def url(prediction: Prediction, tail: str = "") -> str:
    return f"/api/predictions/{prediction.pk}/{tail}"


@pytest.mark.parametrize(
    "field, value",
    [("verdict", "came_true"), ("reviewers_required", 1), ("review_round", 5), ("vague", True)],
)
def test_a_read_only_field_with_another_value_is_400_naming_it(curator, field, value):
    prediction = anchored(reviewers_required=2)
    response = api(curator).patch(
        url(prediction), {field: value, "version": prediction.version}, format="json"
    )
    assert_error(response, 400, field=field, contains="read-only")
    stored = Prediction.objects.get(pk=prediction.pk)
    assert stored.version == prediction.version
    assert (stored.verdict, stored.reviewers_required, stored.review_round) == ("", 2, 1)


def test_each_refused_field_is_named_in_one_answer(curator):
    prediction = anchored()
    response = api(curator).patch(
        url(prediction), {"verdict": "came_true", "review_round": 5, "colour": "red"}, format="json"
    )
    body = assert_error(response, 400)
    assert set(body["errors"]) == {"verdict", "review_round", "colour"}
    assert "Unknown field" in body["errors"]["colour"][0]
    assert "statement" in body["errors"]["colour"][0]  # it lists what can be sent


def test_an_unknown_field_on_create_is_400(curator):
    prediction = anchored()
    span = {"source": prediction.spans.get().source_id, "quote": "明年会更好。", "prefix": "代理之年。"}
    response = api(curator).post(
        "/api/predictions/",
        {
            "statement": "明年会更好。",
            "speaker": prediction.speaker_id,
            "said_on": "2024-10-01",
            "spans": [span],
            "importance": "high",
        },
        format="json",
    )
    assert_error(response, 400, field="importance", contains="Unknown field")
    assert Prediction.objects.count() == 1


def test_what_was_read_can_be_put_back_unchanged(curator):
    prediction = anchored()
    client = api(curator)
    body = client.get(url(prediction)).json()
    response = client.put(url(prediction), body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == prediction.version
    assert response.json()["updated_at"] == body["updated_at"]


def test_a_patch_that_changes_nothing_keeps_the_version_and_records_no_edit(curator):
    prediction = anchored(statement_en="2025 will be the year of agents.")
    client = api(curator)
    response = client.patch(
        url(prediction),
        {"statement_en": "2025 will be the year of agents.", "version": prediction.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == prediction.version
    assert not EditRecord.objects.filter(prediction_pk=prediction.pk).exists()
    # The same spans and topics again are no change either.
    spans = client.get(url(prediction)).json()["spans"]
    again = [{k: span[k] for k in ("source", "start", "end", "role")} for span in spans]
    response = client.patch(
        url(prediction), {"spans": again, "topics": [], "version": prediction.version}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == prediction.version
    # A real change still bumps it.
    response = client.patch(
        url(prediction), {"statement_en": "Agents in 2025.", "version": prediction.version}, format="json"
    )
    assert response.json()["version"] == prediction.version + 1


def test_a_stale_version_is_still_a_conflict_when_nothing_would_change(curator):
    prediction = anchored()
    response = api(curator).patch(
        url(prediction), {"statement": prediction.statement, "version": prediction.version - 1}, format="json"
    )
    assert response.status_code == 409, response.content


def test_a_reviewed_prediction_cannot_go_back_to_draft(curator, reviewer):
    prediction = anchored(reviewers_required=2)
    Prediction.objects.filter(pk=prediction.pk).update(status=Status.DUE)
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
    assert prediction.status == Status.DUE  # one of two reviewers: still due
    response = api(curator).patch(
        url(prediction), {"status": "draft", "version": prediction.version}, format="json"
    )
    assert_error(response, 409, field="status", contains="cannot go back to draft")
    assert Prediction.objects.get(pk=prediction.pk).status == Status.DUE


def test_a_review_with_an_unknown_field_is_refused(reviewer):
    prediction = anchored()
    Prediction.objects.filter(pk=prediction.pk).update(status=Status.DUE)
    response = api(reviewer).post(
        url(prediction, "outcomes/"),
        {"verdict": "came_true", "known_on": "2025-07-17", "note": "Launched.", "confidence": "high"},
        format="json",
    )
    assert_error(response, 400, field="confidence", contains="Unknown field")
    assert not prediction.outcomes.exists()


@pytest.mark.parametrize("note", [0, 1.5, False, ["Launched."], {"text": "Launched."}])
def test_a_text_field_sent_as_another_type_is_refused_not_stored_as_text(reviewer, note):
    prediction = anchored()
    Prediction.objects.filter(pk=prediction.pk).update(status=Status.DUE)
    response = api(reviewer).post(
        url(prediction, "outcomes/"),
        {"verdict": "came_true", "known_on": "2025-07-17", "note": note},
        format="json",
    )
    assert_error(response, 400, field="note", contains="Not a text")
    assert not prediction.outcomes.exists()


def test_a_clarification_text_that_is_a_number_is_refused(curator):
    prediction = anchored()
    response = api(curator).post(url(prediction, "clarifications/"), {"text": 42}, format="json")
    assert_error(response, 400, field="text", contains="Not a text")


def test_a_split_part_whose_statement_is_a_number_is_refused_by_item(curator):
    prediction = anchored()
    response = api(curator).post(
        url(prediction, "split/"),
        {
            "parts": [
                {"statement": "A.", "resolution_criteria": ""},
                {"statement": 7, "resolution_criteria": ""},
            ]
        },
        format="json",
    )
    assert_error(response, 400, field="parts", contains="Item 2: statement: Not a text")


@pytest.mark.parametrize("pk", [2**63 - 1, 2**63, 10**30])
def test_a_path_id_beyond_the_database_range_is_a_404(pk):
    for path in (
        f"/api/predictions/{pk}/",
        f"/api/sources/{pk}/",
        f"/api/sources/{pk}/text/",
        f"/api/speakers/{pk}/",
    ):
        assert api().get(path).status_code == 404, path


def test_a_boolean_field_sent_as_a_number_is_refused(curator):
    response = api(curator).post(
        "/api/sources/", {"title": "T", "text": "Some text.", "said_on_inferred": 0}, format="json"
    )
    assert_error(response, 400, field="said_on_inferred", contains="Not a boolean")
