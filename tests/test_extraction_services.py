"""Storing candidates for a source, accepting them as predictions, rejecting them; the task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from claims.extraction.tasks import extract_source_task
from claims.models import CandidateState, ExtractionCandidate, Face, Prediction, Status
from claims.services.candidates import (
    CandidateEdits,
    accept_candidate,
    reject_candidate,
    speaker_for_label,
    store_candidates,
)
from claims.services.predictions import update_prediction
from tests.clock import NOW
from tests.factories import SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

CRITERIA = "Came true if agents were in everyday use by millions of people by 2025-12-31."


@pytest.fixture
def source():
    return SourceFactory(said_on=dt.date(2024, 10, 1))


@pytest.fixture
def altman():
    return SpeakerFactory(name="Sam Altman", aliases=["SA", "Altman"])


def candidate_at(source, quote: str) -> ExtractionCandidate:
    return ExtractionCandidate.objects.get(source=source, quote=quote)


def test_storing_is_idempotent_and_links_context(source):
    first = store_candidates(source)
    second = store_candidates(source)
    assert (first.created, first.total) == (3, 3)
    assert (second.created, second.total) == (0, 3)
    c = candidate_at(source, "我认为2025年将是代理大规模使用的一年。")
    assert source.text[c.start : c.end] == c.quote
    assert c.prefix == source.text[max(0, c.start - 32) : c.start]
    assert c.suffix.startswith("明年会更好。")
    assert (c.horizon_text, c.due_earliest, c.due_latest) == (
        "2025年",
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert c.state == CandidateState.PROPOSED and c.speaker_label == "Sam Altman"


def test_storing_links_a_restatement_to_what_it_restates():
    text = (
        "他预测，在未来十年内，人类社会将因AI的快速发展而发生翻天覆地的变化。\n\n"
        "**Sam Altman：** 我认为在未来十年内，人类社会将因为AI的快速发展而发生翻天覆地的变化。"
    )
    source = SourceFactory(text=text, said_on=dt.date(2024, 9, 18))
    store_candidates(source)
    summary, original = ExtractionCandidate.objects.filter(source=source)
    assert summary.duplicate_of == original
    assert original.duplicate_of is None


def test_accept_creates_a_draft_prediction_with_the_span_and_the_window(source, altman, curator):
    store_candidates(source)
    candidate = candidate_at(source, "我们会在几个月内实现1000万token的上下文。")
    prediction = accept_candidate(candidate, user=curator, now=NOW)
    assert prediction.status == Status.DRAFT
    assert prediction.speaker == altman  # from the transcript's label
    assert prediction.statement == candidate.quote
    assert prediction.horizon_text == "在几个月内"
    assert (prediction.due_earliest, prediction.due_latest) == (dt.date(2024, 10, 1), dt.date(2025, 4, 1))
    assert prediction.vague is True
    assert prediction.created_by == curator
    [span] = prediction.spans.all()
    assert (span.source, span.start, span.end, span.quote) == (
        source,
        candidate.start,
        candidate.end,
        candidate.quote,
    )
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.ACCEPTED
    assert candidate.prediction == prediction and candidate.decided_by == curator and candidate.decided_at


def test_accept_with_edits_moves_the_span_and_opens_the_prediction(source, altman, curator):
    store_candidates(source)
    candidate = candidate_at(source, "我认为2025年将是代理大规模使用的一年。")
    start = candidate.start + len("我认为")
    prediction = accept_candidate(
        candidate,
        user=curator,
        speaker=altman,
        edits=CandidateEdits(
            start=start,
            statement_en="2025 is the year of agents.",
            status=Status.OPEN,
            resolution_criteria=CRITERIA,
        ),
        now=NOW,
    )
    assert prediction.status == Status.OPEN
    assert prediction.resolution_criteria == CRITERIA
    assert prediction.statement == "2025年将是代理大规模使用的一年。"
    assert prediction.statement_en == "2025 is the year of agents."
    assert prediction.spans.get().start == start
    assert prediction.due_latest == dt.date(2025, 12, 31)


def test_criteria_given_when_accepting_open_the_prediction_at_once(source, altman, curator):
    store_candidates(source)
    candidate = candidate_at(source, "我认为2025年将是代理大规模使用的一年。")

    prediction = accept_candidate(
        candidate, user=curator, edits=CandidateEdits(resolution_criteria=CRITERIA), now=NOW
    )

    assert (prediction.status, prediction.resolution_criteria) == (Status.OPEN, CRITERIA)


def test_criteria_given_with_a_draft_stay_a_draft(source, altman, curator):
    store_candidates(source)
    candidate = candidate_at(source, "我认为2025年将是代理大规模使用的一年。")

    prediction = accept_candidate(
        candidate,
        user=curator,
        edits=CandidateEdits(status=Status.DRAFT, resolution_criteria=CRITERIA),
        now=NOW,
    )

    assert (prediction.status, prediction.resolution_criteria) == (Status.DRAFT, CRITERIA)


def test_accepting_as_open_without_criteria_is_refused_and_writes_nothing(source, altman, curator):
    store_candidates(source)
    candidate = candidate_at(source, "我认为2025年将是代理大规模使用的一年。")

    for criteria in ("", "   "):
        with pytest.raises(ValidationError) as excinfo:
            accept_candidate(
                candidate,
                user=curator,
                edits=CandidateEdits(status=Status.OPEN, resolution_criteria=criteria),
                now=NOW,
            )
        assert "accept it as a draft" in excinfo.value.message_dict["resolution_criteria"][0]

    assert Prediction.objects.count() == 0
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.PROPOSED and candidate.prediction is None


def test_an_accepted_draft_is_opened_once_a_curator_writes_its_criteria(source, altman, curator):
    store_candidates(source)
    draft = accept_candidate(candidate_at(source, "明年会更好。"), user=curator, now=NOW)
    assert (draft.status, draft.resolution_criteria) == (Status.DRAFT, "")

    with pytest.raises(ValidationError) as excinfo:
        update_prediction(
            by=None,
            face=Face.API,
            prediction=draft,
            expected_version=draft.version,
            status=Status.OPEN,
            now=NOW,
        )
    assert "resolution_criteria" in excinfo.value.message_dict
    assert Prediction.objects.get(pk=draft.pk).status == Status.DRAFT

    update_prediction(
        by=None,
        face=Face.API,
        prediction=draft,
        expected_version=draft.version,
        resolution_criteria=CRITERIA,
        status=Status.OPEN,
        now=NOW,
    )

    opened = Prediction.objects.get(pk=draft.pk)
    assert (opened.status, opened.resolution_criteria) == (Status.OPEN, CRITERIA)


def test_accept_refuses_a_decided_candidate_and_an_unknown_speaker(source, curator):
    store_candidates(source)
    candidate = candidate_at(source, "明年会更好。")
    with pytest.raises(ValidationError, match="Choose who made this prediction"):
        accept_candidate(candidate, user=curator, now=NOW)  # no speaker is called "Sam Altman" yet
    assert Prediction.objects.count() == 0
    speaker = SpeakerFactory(name="Sam Altman")
    accept_candidate(candidate, user=curator, speaker=speaker, now=NOW)
    with pytest.raises(ValidationError, match="already accepted"):
        accept_candidate(candidate, user=curator, speaker=speaker, now=NOW)
    with pytest.raises(ValidationError, match="already accepted"):
        reject_candidate(candidate, user=curator, now=NOW)
    assert Prediction.objects.count() == 1


def test_accept_refuses_a_span_that_leaves_the_text(source, altman, curator):
    store_candidates(source)
    candidate = candidate_at(source, "明年会更好。")
    with pytest.raises(ValidationError) as excinfo:
        accept_candidate(candidate, user=curator, edits=CandidateEdits(end=len(source.text) + 5), now=NOW)
    assert "end" in excinfo.value.message_dict
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.PROPOSED and Prediction.objects.count() == 0


def test_reject_keeps_the_candidate_so_it_is_never_proposed_again(source, curator):
    store_candidates(source)
    candidate = candidate_at(source, "明年会更好。")
    reject_candidate(candidate, user=curator, now=NOW)
    assert candidate.state == CandidateState.REJECTED and candidate.decided_by == curator
    assert store_candidates(source).created == 0
    assert ExtractionCandidate.objects.review_queue(source.pk).count() == 2
    with pytest.raises(ValidationError, match="already rejected"):
        reject_candidate(candidate, user=curator, now=NOW)


def test_speaker_labels_resolve_by_name_or_alias_ignoring_case(altman):
    SpeakerFactory(name="Kevin Weil", aliases=["Kevin Wheel"])
    assert speaker_for_label("sam  altman") == altman
    assert speaker_for_label("SA") == altman
    assert speaker_for_label("Kevin Wheel").name == "Kevin Weil"
    assert speaker_for_label("主持人") is None
    assert speaker_for_label("") is None


def test_the_task_runs_eagerly_and_stores_the_candidates(source):
    result = extract_source_task.delay(source.pk)
    assert result.get() == {"source": source.pk, "created": 3, "total": 3}
    assert extract_source_task.delay(source.pk).get()["created"] == 0
    assert extract_source_task.delay(999999).get() == {"source": 999999, "created": 0, "total": 0}
