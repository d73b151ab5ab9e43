"""Track records and slipped deadlines: "next year, again" counts against the original date too."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import Prediction
from claims.services.stats import track_records, track_records_by_speaker
from tests.factories import PredictionFactory, PredictionLinkFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

RESOLVED = {"status": "resolved", "verdict_known_on": dt.date(2025, 7, 17), "verdict_reviewers": 1}


@pytest.fixture
def altman():
    return SpeakerFactory(name="Sam Altman")


def _said(speaker, year: int, **kwargs) -> Prediction:
    """Said on 1 October `year - 1` with the horizon `year`年."""
    return PredictionFactory(
        speaker=speaker, said_on=dt.date(year - 1, 10, 1), horizon_text=f"{year}年", **kwargs
    )


def _revise(earlier: Prediction, later: Prediction, relation: str = "revision") -> None:
    PredictionLinkFactory(earlier=earlier, prediction=later, relation=relation)


def _record(speaker):
    return track_records_by_speaker()[speaker.pk]


def test_a_slipped_deadline_counts_the_unjudged_original_as_a_miss(altman):
    original = _said(altman, 2024, status="due")
    again = _said(altman, 2025, verdict="came_true", **RESOLVED)
    _revise(original, again)
    record = _record(altman)
    assert (record.predictions, record.judged, record.came_true) == (2, 1, 1)
    assert (record.slipped, record.slipped_misses) == (1, 1)
    assert record.hit_rate == 0.5  # one hit on the new date, one miss on the old one


def test_without_the_link_the_same_predictions_score_a_full_hit(altman):
    _said(altman, 2024, status="due")
    _said(altman, 2025, verdict="came_true", **RESOLVED)
    record = _record(altman)
    assert (record.slipped, record.slipped_misses, record.hit_rate) == (0, 0, 1.0)


def test_a_judged_original_counts_once_by_its_own_verdict(altman):
    came_false = _said(altman, 2024, verdict="came_false", **RESOLVED)
    came_true = _said(altman, 2025, verdict="came_true", **RESOLVED)
    partly = _said(altman, 2026, verdict="partly_true", **RESOLVED)
    _revise(came_false, came_true)
    _revise(came_true, partly)
    record = _record(altman)
    assert (record.slipped, record.slipped_misses) == (2, 0)
    assert record.hit_rate == pytest.approx((1 + 0.5) / 3)


def test_an_original_revised_twice_is_missed_once(altman):
    original = _said(altman, 2024, status="due")
    second = _said(altman, 2025, status="due")
    third = _said(altman, 2026, verdict="came_true", **RESOLVED)
    _revise(original, second)
    _revise(original, third)
    _revise(second, third)
    record = _record(altman)
    assert (record.slipped, record.slipped_misses) == (3, 2)  # the 2024 and 2025 dates were missed
    assert record.hit_rate == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("relation", "later_year"),
    [("restatement", 2025), ("retraction", 2025), ("revision", 2024), ("revision", 2023)],
)
def test_only_a_revision_that_moves_the_deadline_later_slips(altman, relation, later_year):
    original = _said(altman, 2024, status="due")
    later = PredictionFactory(
        speaker=altman, said_on=dt.date(2023, 12, 1), horizon_text=f"{later_year}年", status="open"
    )
    _revise(original, later, relation)
    record = _record(altman)
    assert (record.slipped, record.slipped_misses) == (0, 0)


def test_slips_follow_the_predictions_counted(altman):
    """A withdrawn or split revision is not part of the record; nor is another speaker's slip."""
    original = _said(altman, 2024, status="due")
    _revise(original, _said(altman, 2025, status="withdrawn"))
    other = SpeakerFactory(name="Dario Amodei")
    _revise(_said(other, 2024, status="due"), _said(other, 2025, status="open"))
    assert (_record(altman).slipped, _record(other).slipped) == (0, 1)
    only_altman = track_records(Prediction.objects.filter(speaker=altman))
    assert [(r.speaker_name, r.slipped) for r in only_altman] == [("Sam Altman", 0)]


def test_split_predictions_count_through_their_parts(altman):
    compound = _said(altman, 2025, status="split")
    _said(altman, 2025, parent=compound, verdict="came_true", **RESOLVED)
    _said(altman, 2025, parent=compound, verdict="came_false", **RESOLVED)
    record = _record(altman)
    assert (record.predictions, record.judged, record.hit_rate) == (2, 2, 0.5)


def test_disputed_predictions_count_as_awaiting_review(altman):
    _said(altman, 2025, status="disputed")
    record = _record(altman)
    assert (record.predictions, record.due, record.resolved) == (1, 1, 0)


def test_slipped_deadlines_cost_one_query_whatever_their_number(altman, django_assert_num_queries):
    for year in range(2024, 2030):
        _revise(_said(altman, year, status="due"), _said(altman, year + 1, status="open"))
    # 1. the GROUP BY over predictions, 2. the revisions that moved a deadline later.
    with django_assert_num_queries(2):
        (record,) = track_records()
    assert (record.slipped, record.slipped_misses) == (6, 6)
