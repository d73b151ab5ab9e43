"""The review queue in the admin: candidates in context, bulk accept/reject, edit then accept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from claims.models import CandidateState, ExtractionCandidate, Prediction, Status
from claims.services.candidates import store_candidates
from tests.factories import SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:claims_extractioncandidate_changelist")
CRITERIA = "Came true if agents were in everyday use by millions of people by 2025-12-31."


@pytest.fixture
def source():
    source = SourceFactory(said_on=dt.date(2024, 10, 1))
    store_candidates(source)
    return source


@pytest.fixture
def altman():
    return SpeakerFactory(name="Sam Altman")


def test_the_queue_shows_a_sources_proposed_candidates_in_text_order_in_context(
    client, curator, source, django_assert_num_queries
):
    other = SourceFactory(said_on=dt.date(2024, 10, 1), text="另一篇：我认为明年会更好。")
    store_candidates(other)
    client.force_login(curator)
    # Queries: session, user, the user's permissions (their own and their groups', in one query:
    # claims.groups.PermissionsBackend), the source filter's titles, the speaker labels and the
    # languages the filters offer, the filtered count, the full count, one page of rows joined with
    # source (without its text), prediction and duplicate, and the speakers whom the labels credit:
    # 10, however many candidates there are.
    with django_assert_num_queries(10):
        response = client.get(QUEUE, {"source__id__exact": source.pk})
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [c.start for c in rows] == sorted(c.start for c in rows)
    assert {c.source_id for c in rows} == {source.pk}
    assert len(rows) == 3
    html = response.content.decode()
    assert "<mark>我认为2025年将是代理大规模使用的一年。</mark>" in html
    assert "Sam Altman：" in html  # the prefix shows the context around the quote


def test_the_queue_hides_decided_candidates_unless_asked(client, curator, source, altman):
    first = ExtractionCandidate.objects.filter(source=source).first()
    client.force_login(curator)
    client.post(QUEUE, {"action": "reject_selected", "_selected_action": [first.pk]})
    proposed = client.get(QUEUE, {"source__id__exact": source.pk})
    assert first not in proposed.context["cl"].result_list
    everything = client.get(QUEUE, {"source__id__exact": source.pk, "state": "all"})
    assert first in everything.context["cl"].result_list


def test_bulk_accept_turns_candidates_into_draft_predictions(client, curator, source, altman):
    client.force_login(curator)
    ids = list(ExtractionCandidate.objects.filter(source=source).values_list("pk", flat=True))
    response = client.post(QUEUE, {"action": "accept_selected", "_selected_action": ids}, follow=True)
    assert "Accepted 3 candidate(s) as draft predictions." in response.content.decode()
    assert Prediction.objects.filter(status=Status.DRAFT, speaker=altman).count() == 3
    assert set(ExtractionCandidate.objects.values_list("state", flat=True)) == {CandidateState.ACCEPTED}


def test_bulk_accept_reports_candidates_it_cannot_accept(client, curator, source):
    client.force_login(curator)  # no speaker named "Sam Altman" exists yet
    ids = list(ExtractionCandidate.objects.filter(source=source).values_list("pk", flat=True))
    response = client.post(QUEUE, {"action": "accept_selected", "_selected_action": ids}, follow=True)
    assert "Not accepted (open them to fix)" in response.content.decode()
    assert Prediction.objects.count() == 0


def test_bulk_reject(client, curator, source):
    client.force_login(curator)
    ids = list(ExtractionCandidate.objects.filter(source=source).values_list("pk", flat=True))
    response = client.post(QUEUE, {"action": "reject_selected", "_selected_action": ids}, follow=True)
    assert "Rejected 3 candidate(s)." in response.content.decode()
    assert set(ExtractionCandidate.objects.values_list("state", flat=True)) == {CandidateState.REJECTED}


def test_edit_then_accept(client, curator, source, altman):
    candidate = ExtractionCandidate.objects.get(source=source, quote="我认为2025年将是代理大规模使用的一年。")
    url = reverse("admin:claims_extractioncandidate_change", args=[candidate.pk])
    client.force_login(curator)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_accept"' in page.content.decode()
    assert page.context["adminform"].form.initial["speaker"] == altman  # from the label
    response = client.post(
        url,
        {
            "start": candidate.start + len("我认为"),
            "end": candidate.end,
            "horizon_text": "2025年",
            "speaker": altman.pk,
            "statement": "",
            "statement_en": "2025 will be the year of agents.",
            "resolution_criteria": CRITERIA,
            "status": Status.OPEN,
            "_accept": "Accept as prediction",
        },
    )
    assert response.status_code == 302
    prediction = Prediction.objects.get()
    assert (prediction.status, prediction.resolution_criteria) == (Status.OPEN, CRITERIA)
    assert prediction.statement == "2025年将是代理大规模使用的一年。"
    assert prediction.due_latest == dt.date(2025, 12, 31)
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.ACCEPTED and candidate.prediction == prediction
    # Decided: the page no longer offers to accept it again.
    assert 'name="_accept"' not in client.get(url).content.decode()


def test_opening_without_criteria_is_a_form_error_and_a_draft_needs_none(client, curator, source, altman):
    candidate = ExtractionCandidate.objects.get(source=source, quote="明年会更好。")
    url = reverse("admin:claims_extractioncandidate_change", args=[candidate.pk])
    client.force_login(curator)
    form = {
        "start": candidate.start,
        "end": candidate.end,
        "horizon_text": candidate.horizon_text,
        "speaker": altman.pk,
        "statement": "",
        "statement_en": "",
        "resolution_criteria": "  ",
        "status": Status.OPEN,
        "_accept": "Accept as prediction",
    }

    response = client.post(url, form)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "accept it as a draft" in errors["resolution_criteria"][0]
    assert Prediction.objects.count() == 0
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.PROPOSED

    # As a draft it is accepted; the curator writes the criteria on the prediction before opening it.
    response = client.post(url, {**form, "status": Status.DRAFT})
    assert response.status_code == 302
    assert Prediction.objects.get().status == Status.DRAFT


def test_a_span_edit_that_leaves_the_text_is_a_form_error(client, curator, source, altman):
    candidate = ExtractionCandidate.objects.filter(source=source).first()
    url = reverse("admin:claims_extractioncandidate_change", args=[candidate.pk])
    client.force_login(curator)
    response = client.post(
        url,
        {
            "start": candidate.start,
            "end": len(source.text) + 10,
            "horizon_text": "",
            "speaker": altman.pk,
            "status": Status.DRAFT,
            "_accept": "Accept as prediction",
        },
    )
    assert response.status_code == 200
    assert "past the end of the text" in response.content.decode()
    assert Prediction.objects.count() == 0


def test_reject_from_the_change_form(client, curator, source):
    candidate = ExtractionCandidate.objects.filter(source=source).first()
    url = reverse("admin:claims_extractioncandidate_change", args=[candidate.pk])
    client.force_login(curator)
    response = client.post(
        url,
        {
            "start": candidate.start,
            "end": candidate.end,
            "horizon_text": "",
            "status": "draft",
            "_reject": "Reject",
        },
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.REJECTED


def test_only_curators_review(client, reviewer, reader, source):
    client.force_login(reviewer)
    assert client.get(QUEUE).status_code == 403
    client.force_login(reader)
    assert client.get(QUEUE).status_code == 302  # not staff: to the login page


def test_a_curator_narrows_the_queue_by_label_language_confidence_and_horizon(client, curator, source):
    english = SourceFactory(language="en", said_on=dt.date(2024, 10, 1))
    candidates = list(ExtractionCandidate.objects.filter(source=source))
    first, second = candidates[0], candidates[1]
    ExtractionCandidate.objects.update(speaker_label="主持人", score=0.5, horizon_text="明年")
    ExtractionCandidate.objects.filter(pk=first.pk).update(score=0.9, speaker_label="Sam Altman")
    ExtractionCandidate.objects.filter(pk=second.pk).update(score=0.2, horizon_text="")
    ExtractionCandidate.objects.create(
        source=english, start=0, end=4, quote=english.text[:4], score=0.5, speaker_label="Host"
    )
    client.force_login(curator)

    def shown(**params) -> set[int]:
        response = client.get(QUEUE, params)
        assert response.status_code == 200
        return {c.pk for c in response.context["cl"].result_list}

    assert shown(speaker_label__exact="Sam Altman") == {first.pk}
    assert {c.source_id for c in ExtractionCandidate.objects.filter(pk__in=shown(language="en"))} == {
        english.pk
    }
    assert shown(score_band="high") == {first.pk}
    assert second.pk in shown(score_band="low") and first.pk not in shown(score_band="low")
    assert second.pk in shown(has_horizon="no") and second.pk not in shown(has_horizon="yes")
    page = client.get(QUEUE).content.decode()
    for title in ("By speaker label", "By language", "By confidence", "By horizon words"):
        assert title in page
