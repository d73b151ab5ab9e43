"""Extraction over the API: start it, list candidates, accept and reject; curators only."""

from __future__ import annotations

import datetime as dt

import pytest
from celery.backends.base import DisabledBackend
from celery.result import AsyncResult
from rest_framework.test import APIClient

from claims.models import CandidateState, ExtractionCandidate, Prediction, Status
from claims.services.candidates import store_candidates
from tests.factories import SourceFactory, SpeakerFactory
from tracker.celery import PUBLISH_RETRY_POLICY

pytestmark = pytest.mark.django_db

CRITERIA = "Came true if 2025 was better than 2024 by the speaker's own measure, stated by 2025-12-31."


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def source():
    return SourceFactory(said_on=dt.date(2024, 10, 1))


def test_extract_runs_the_task_and_answers_with_the_counts_when_eager(api, curator, source):
    api.force_authenticate(curator)
    response = api.post(f"/api/sources/{source.pk}/extract/")
    assert response.status_code == 200
    assert response.json()["created"] == 3 and response.json()["total"] == 3
    assert response.json()["candidates_url"].endswith(f"/api/sources/{source.pk}/candidates/")
    again = api.post(f"/api/sources/{source.pk}/extract/")
    assert again.json()["created"] == 0
    assert ExtractionCandidate.objects.filter(source=source).count() == 3


def test_extract_answers_202_with_a_status_url_when_a_worker_will_do_it(api, curator, source, monkeypatch):
    published = []

    class QueuedTask:
        def apply_async(self, args, **options):
            published.append((args, options))
            return AsyncResult("4b7c-task")

    monkeypatch.setattr("api.extraction.extract_source_task", QueuedTask())
    api.force_authenticate(curator)
    response = api.post(f"/api/sources/{source.pk}/extract/")
    assert response.status_code == 202
    assert published == [((source.pk,), {"retry": True, "retry_policy": PUBLISH_RETRY_POLICY})]
    assert response.json()["task_id"] == "4b7c-task"
    assert response.json()["status_url"].endswith("/api/extraction-tasks/4b7c-task/")
    assert ExtractionCandidate.objects.count() == 0  # a worker will store them


def test_extract_answers_503_when_the_broker_is_down(api, curator, source, monkeypatch):
    class DownTask:
        def apply_async(self, args, **options):
            raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("api.extraction.extract_source_task", DownTask())
    api.force_authenticate(curator)
    response = api.post(f"/api/sources/{source.pk}/extract/")
    assert response.status_code == 503
    assert "try again later" in response.json()["detail"]


def test_a_task_is_pending_until_a_worker_reports_even_without_a_result_backend(api, curator, monkeypatch):
    from tracker.celery import app

    # As when CELERY_RESULT_BACKEND is unset (the default), whatever this run's settings say.
    monkeypatch.setattr(
        "api.extraction.AsyncResult", lambda task_id: AsyncResult(task_id, backend=DisabledBackend(app))
    )
    api.force_authenticate(curator)
    response = api.get("/api/extraction-tasks/4b7c-task/")
    assert response.json() == {"task_id": "4b7c-task", "state": "PENDING", "result": None}


@pytest.mark.redis
def test_extract_publishes_to_the_broker(api, curator, source):
    from tracker.celery import app

    app.conf.task_always_eager = False  # the conftest fixture restores it
    api.force_authenticate(curator)
    response = api.post(f"/api/sources/{source.pk}/extract/")
    assert response.status_code == 202
    task_id = response.json()["task_id"]
    status = api.get(f"/api/extraction-tasks/{task_id}/")
    assert status.status_code == 200 and status.json()["task_id"] == task_id
    assert status.json()["state"] == "PENDING"  # no worker in the test run
    app.control.purge()


def test_candidates_are_listed_in_text_order_and_filtered_by_state(
    api, curator, source, django_assert_num_queries
):
    store_candidates(source)
    api.force_authenticate(curator)
    # Queries: the user's permissions (the curators' candidate permission), the source, the
    # count, one page of candidates.
    with django_assert_num_queries(4):
        response = api.get(f"/api/sources/{source.pk}/candidates/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [c["quote"] for c in results] == [
        "我认为2025年将是代理大规模使用的一年。",
        "明年会更好。",
        "我们会在几个月内实现1000万token的上下文。",
    ]
    assert results[0]["due_latest"] == "2025-12-31" and results[0]["speaker"] == "Sam Altman"
    api.post(f"/api/candidates/{results[1]['id']}/reject/")
    proposed = api.get(f"/api/sources/{source.pk}/candidates/", {"state": "proposed"}).json()["results"]
    assert len(proposed) == 2
    assert api.get(f"/api/sources/{source.pk}/candidates/", {"state": "maybe"}).status_code == 400
    assert api.get("/api/sources/999999/candidates/").status_code == 404


def test_accept_creates_a_draft_prediction(api, curator, source):
    store_candidates(source)
    altman = SpeakerFactory(name="Sam Altman")
    candidate = ExtractionCandidate.objects.get(source=source, quote="明年会更好。")
    api.force_authenticate(curator)
    response = api.post(f"/api/candidates/{candidate.pk}/accept/", {"statement_en": "Next year is better."})
    assert response.status_code == 201, response.json()
    body = response.json()
    prediction = Prediction.objects.get(pk=body["prediction"])
    assert body["prediction_url"].endswith(f"/api/predictions/{prediction.pk}/")
    assert body["candidate"]["state"] == CandidateState.ACCEPTED
    assert prediction.speaker == altman and prediction.status == Status.DRAFT
    assert (prediction.horizon_text, prediction.due_latest) == ("明年", dt.date(2025, 12, 31))
    again = api.post(f"/api/candidates/{candidate.pk}/accept/", {})
    assert again.status_code == 409  # decided already: a conflict with its state
    assert "already accepted" in again.json()["detail"]


def test_accept_with_criteria_opens_the_prediction(api, curator, source):
    store_candidates(source)
    SpeakerFactory(name="Sam Altman")
    candidate = ExtractionCandidate.objects.get(source=source, quote="明年会更好。")
    api.force_authenticate(curator)

    response = api.post(
        f"/api/candidates/{candidate.pk}/accept/", {"status": "open", "resolution_criteria": CRITERIA}
    )

    assert response.status_code == 201, response.json()
    prediction = Prediction.objects.get(pk=response.json()["prediction"])
    assert (prediction.status, prediction.resolution_criteria) == (Status.OPEN, CRITERIA)


def test_accept_as_open_without_criteria_is_400_and_writes_nothing(api, curator, source):
    store_candidates(source)
    SpeakerFactory(name="Sam Altman")
    candidate = ExtractionCandidate.objects.get(source=source, quote="明年会更好。")
    api.force_authenticate(curator)

    response = api.post(f"/api/candidates/{candidate.pk}/accept/", {"status": "open"})

    assert response.status_code == 400
    assert "accept it as a draft" in response.json()["errors"]["resolution_criteria"][0]
    assert Prediction.objects.count() == 0
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.PROPOSED


def test_an_accepted_draft_is_opened_with_its_criteria_through_the_api(api, curator, source):
    store_candidates(source)
    SpeakerFactory(name="Sam Altman")
    candidate = ExtractionCandidate.objects.get(source=source, quote="明年会更好。")
    api.force_authenticate(curator)
    url = api.post(f"/api/candidates/{candidate.pk}/accept/", {}).json()["prediction_url"]

    response = api.patch(url, {"resolution_criteria": CRITERIA, "status": "open"}, HTTP_IF_MATCH='"1"')

    assert response.status_code == 200, response.json()
    candidate.refresh_from_db()
    prediction = Prediction.objects.get(pk=candidate.prediction_id)
    assert (prediction.status, prediction.resolution_criteria) == (Status.OPEN, CRITERIA)


def test_accept_without_a_known_speaker_asks_for_one(api, curator, source):
    store_candidates(source)
    candidate = ExtractionCandidate.objects.filter(source=source).first()
    api.force_authenticate(curator)
    response = api.post(f"/api/candidates/{candidate.pk}/accept/", {})
    assert response.status_code == 400
    assert "speaker" in response.json()["errors"]
    speaker = SpeakerFactory(name="Someone Else")
    assert api.post(f"/api/candidates/{candidate.pk}/accept/", {"speaker": speaker.pk}).status_code == 201


def test_reject(api, curator, source):
    store_candidates(source)
    candidate = ExtractionCandidate.objects.filter(source=source).first()
    api.force_authenticate(curator)
    response = api.post(f"/api/candidates/{candidate.pk}/reject/")
    assert response.status_code == 200 and response.json()["state"] == CandidateState.REJECTED
    assert api.post(f"/api/candidates/{candidate.pk}/reject/").status_code == 409


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/sources/{source}/extract/"),
        ("get", "/api/sources/{source}/candidates/"),
        ("get", "/api/candidates/{candidate}/"),
        ("post", "/api/candidates/{candidate}/accept/"),
        ("post", "/api/candidates/{candidate}/reject/"),
        ("get", "/api/extraction-tasks/abc/"),
    ],
)
def test_only_curators_may_use_extraction(api, source, reviewer, method, path):
    store_candidates(source)
    url = path.format(source=source.pk, candidate=ExtractionCandidate.objects.first().pk)
    assert getattr(api, method)(url).status_code == 401  # no credentials
    api.force_authenticate(reviewer)
    response = getattr(api, method)(url)
    assert response.status_code == 403
    assert "curators group" in response.json()["detail"]
    assert ExtractionCandidate.objects.filter(state=CandidateState.PROPOSED).count() == 3
