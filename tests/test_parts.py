"""Splitting a compound prediction into parts reviewed separately, each keeping the original spans."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from claims.models import Face, Prediction, Span, Status
from claims.services.backlog import review_backlog
from claims.services.due import flag_due_predictions
from claims.services.parts import PartInput, split_prediction
from claims.services.predictions import SpanInput, create_prediction
from claims.services.reviews import record_outcome
from claims.services.stats import status_counts
from tests.clock import NOW, TODAY
from tests.factories import SAMPLE_TEXT, SourceFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db

AGENTS = PartInput(
    statement="我认为2025年将是代理大规模使用的一年。",
    statement_en="Agents are used at scale in 2025.",
    resolution_criteria="Came true if an AI agent product had millions of weekly users by 2025-12-31.",
)
BETTER = PartInput(
    statement="明年会更好。",
    statement_en="Next year will be better.",
    resolution_criteria="Came true if agents were more capable at the end of 2025 than at the start.",
)


@pytest.fixture
def compound(curator) -> Prediction:
    """One prediction anchored to two sentences of an interview: two claims in one."""
    source = SourceFactory(text=SAMPLE_TEXT)
    prediction = create_prediction(
        speaker=SpeakerFactory(name="Sam Altman"),
        statement="我认为2025年将是代理大规模使用的一年。明年会更好。",
        statement_en="2025 will be the year of agents, and next year better.",
        horizon_text="2025年",
        confidence="expects",
        topics=[TopicFactory(slug="agents")],
        key="altman-agents-2025",
        resolution_criteria="Came true if agents were used at scale in 2025 and got better.",
        reviewers_required=2,
        created_by=curator,
        spans=[
            SpanInput(source=source, quote="我认为2025年将是代理大规模使用的一年。"),
            SpanInput(source=source, quote="明年会更好。", role="context"),
            SpanInput(source=source, quote="2025年", role="horizon"),
        ],
    )
    return prediction


def _spans(prediction: Prediction) -> list[tuple]:
    return list(prediction.spans.order_by("id").values_list("source_id", "start", "end", "quote", "role"))


def test_each_part_keeps_the_original_spans_and_the_compound_becomes_split(compound, curator):
    original_spans = _spans(compound)
    parts = split_prediction(face=Face.API, prediction=compound, parts=[AGENTS, BETTER], by=curator, now=NOW)
    assert [part.statement for part in parts] == [AGENTS.statement, BETTER.statement]
    for number, part in enumerate(parts, start=1):
        assert _spans(part) == original_spans  # same source, offsets, quote and role
        # The 2025 window closed before TODAY: due at once, as the compound would have been.
        assert part.parent == compound and part.status == "due"
        assert (part.speaker, part.said_on, part.confidence, part.reviewers_required) == (
            compound.speaker,
            compound.said_on,
            "expects",
            2,
        )
        assert (part.horizon_text, part.due_latest) == ("2025年", dt.date(2025, 12, 31))
        assert [topic.slug for topic in part.topics.all()] == ["agents"]
        assert part.key == f"altman-agents-2025-part-{number}"
        assert part.created_by == curator
    assert parts[0].resolution_criteria == AGENTS.resolution_criteria
    compound.refresh_from_db()
    assert (compound.status, compound.version) == ("split", 2)
    assert list(compound.parts.order_by("id")) == parts
    assert _spans(compound) == original_spans  # the compound keeps its own spans too
    assert not Span.objects.mismatched().exists()


def test_a_part_may_have_its_own_horizon(compound, curator):
    later = PartInput(
        statement=BETTER.statement, resolution_criteria=BETTER.resolution_criteria, horizon_text="明年"
    )
    _, better = split_prediction(
        face=Face.API, prediction=compound, parts=[AGENTS, later], by=curator, now=NOW
    )
    assert (better.horizon_text, better.due_latest) == ("明年", dt.date(2025, 12, 31))


def test_it_is_refused_after_a_review(compound, curator, reviewer):
    record_outcome(
        prediction=compound,
        reviewer=reviewer,
        verdict="partly_true",
        known_on=dt.date(2025, 7, 17),
        note="Agents yes; better, arguably.",
        today=TODAY,
        now=NOW,
    )
    with pytest.raises(ValidationError, match="split predictions before their first review") as caught:
        split_prediction(face=Face.API, prediction=compound, parts=[AGENTS, BETTER], by=curator, now=NOW)
    assert "parts" in caught.value.message_dict
    assert Prediction.objects.count() == 1
    compound.refresh_from_db()
    assert compound.status == "open"


@pytest.mark.parametrize("status", ["withdrawn", "split"])
def test_only_a_draft_open_or_due_prediction_is_split(compound, curator, status):
    Prediction.objects.filter(pk=compound.pk).update(status=status)
    with pytest.raises(ValidationError, match="only a draft, open or due prediction can be split"):
        split_prediction(face=Face.API, prediction=compound, parts=[AGENTS, BETTER], by=curator, now=NOW)
    assert Prediction.objects.count() == 1


def test_a_bad_part_splits_nothing(compound, curator):
    no_criteria = PartInput(statement=BETTER.statement, resolution_criteria="")
    with pytest.raises(ValidationError) as caught:
        split_prediction(face=Face.API, prediction=compound, parts=[AGENTS, no_criteria], by=curator, now=NOW)
    assert "parts[2].resolution_criteria" in caught.value.message_dict
    assert Prediction.objects.count() == 1 and Span.objects.count() == 3
    compound.refresh_from_db()
    assert (compound.status, compound.version) == ("open", 1)


def test_it_needs_at_least_two_parts(compound, curator):
    with pytest.raises(ValidationError, match="at least two parts"):
        split_prediction(face=Face.API, prediction=compound, parts=[AGENTS], by=curator, now=NOW)
    assert Prediction.objects.count() == 1


def test_the_parts_of_a_draft_are_drafts(compound, curator):
    Prediction.objects.filter(pk=compound.pk).update(status="draft")
    unwritten = PartInput(statement=BETTER.statement, resolution_criteria="")  # a draft may wait for criteria
    parts = split_prediction(
        face=Face.API, prediction=compound, parts=[AGENTS, unwritten], by=curator, now=NOW
    )
    assert [part.status for part in parts] == ["draft", "draft"]


def test_a_split_prediction_is_reviewed_through_its_parts(compound, curator, reviewer):
    agents, _ = split_prediction(
        face=Face.API, prediction=compound, parts=[AGENTS, BETTER], by=curator, now=NOW
    )
    with pytest.raises(ValidationError, match="review its parts instead"):
        record_outcome(
            prediction=compound,
            reviewer=reviewer,
            verdict="came_true",
            known_on=dt.date(2025, 7, 17),
            note="x",
            today=TODAY,
            now=NOW,
        )
    record_outcome(
        prediction=agents,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        note="x",
        today=TODAY,
        now=NOW,
    )
    assert agents.outcomes.count() == 1 and compound.outcomes.count() == 0


def test_the_parts_of_an_overdue_prediction_are_due_at_once_and_every_panel_counts_them(compound, curator):
    # The compound's window (2025) closed before TODAY and the due job made it due.
    flag_due_predictions(TODAY, now=NOW)
    compound.refresh_from_db()
    assert compound.status == Status.DUE
    later = dataclasses.replace(BETTER, horizon_text="十年内")

    agents, better = split_prediction(
        face=Face.API, prediction=compound, parts=[AGENTS, later], by=curator, now=NOW
    )

    assert agents.status == Status.DUE and better.status == Status.OPEN  # its own horizon is not over
    assert list(agents.due_flags.values_list("due_on", flat=True)) == [agents.due_latest]
    # The job finds nothing more to do: the split did what it would have done.
    assert flag_due_predictions(TODAY, now=NOW).flagged == 0
    due = Prediction.objects.filter(status=Status.DUE).count()
    assert due == 1
    assert status_counts()[Status.DUE] == due
    assert review_backlog(TODAY).waiting == due
