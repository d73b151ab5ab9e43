"""Lineage: a speaker's prediction said again, revised or retracted, and slipped deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Face, PredictionLink
from claims.services.lineage import is_slipped, lineage, link_predictions
from tests.clock import NOW
from tests.factories import PredictionFactory, PredictionLinkFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def altman():
    return SpeakerFactory(name="Sam Altman")


def _said(speaker, said_on: dt.date, horizon_text: str = "明年", **kwargs):
    return PredictionFactory(speaker=speaker, said_on=said_on, horizon_text=horizon_text, **kwargs)


def test_it_links_a_later_prediction_to_an_earlier_one_by_the_same_speaker(altman, curator):
    first = _said(altman, dt.date(2023, 11, 6))  # "next year": 2024
    again = _said(altman, dt.date(2024, 10, 1))  # "next year" again: 2025
    link = link_predictions(
        face=Face.API,
        now=NOW,
        prediction=again,
        earlier=first,
        relation="revision",
        note="Next year, again.",
        by=curator,
    )
    assert (link.prediction, link.earlier, link.relation, link.note, link.created_by) == (
        again,
        first,
        "revision",
        "Next year, again.",
        curator,
    )
    assert str(link) == f"#{again.pk} revised #{first.pk}"


def test_it_refuses_another_speakers_prediction(altman, curator):
    first = _said(SpeakerFactory(name="Dario Amodei"), dt.date(2023, 11, 6))
    again = _said(altman, dt.date(2024, 10, 1))
    with pytest.raises(ValidationError, match="by another speaker") as caught:
        link_predictions(
            face=Face.API, now=NOW, prediction=again, earlier=first, relation="restatement", by=curator
        )
    assert "earlier" in caught.value.message_dict
    assert PredictionLink.objects.count() == 0


def test_the_earlier_one_must_have_been_said_first(altman, curator):
    first = _said(altman, dt.date(2023, 11, 6))
    again = _said(altman, dt.date(2024, 10, 1))
    with pytest.raises(ValidationError, match="link the later one to the earlier one"):
        link_predictions(
            face=Face.API, now=NOW, prediction=first, earlier=again, relation="restatement", by=curator
        )
    # Said the same day: the one entered first counts as the earlier, so links never form a cycle.
    same_day = _said(altman, dt.date(2024, 10, 1))
    link_predictions(
        face=Face.API, now=NOW, prediction=same_day, earlier=again, relation="restatement", by=curator
    )
    with pytest.raises(ValidationError, match="link the later one to the earlier one"):
        link_predictions(
            face=Face.API, now=NOW, prediction=again, earlier=same_day, relation="restatement", by=curator
        )
    assert PredictionLink.objects.count() == 1


def test_it_refuses_a_second_link_between_the_same_two_predictions(altman, curator):
    first = _said(altman, dt.date(2023, 11, 6))
    again = _said(altman, dt.date(2024, 10, 1))
    link_predictions(
        face=Face.API, now=NOW, prediction=again, earlier=first, relation="restatement", by=curator
    )
    with pytest.raises(ValidationError, match="already linked"):
        link_predictions(
            face=Face.API, now=NOW, prediction=again, earlier=first, relation="revision", by=curator
        )
    assert PredictionLink.objects.get().relation == "restatement"


def test_it_refuses_a_link_to_itself_or_an_unknown_relation(altman, curator):
    first = _said(altman, dt.date(2023, 11, 6))
    again = _said(altman, dt.date(2024, 10, 1))
    with pytest.raises(ValidationError, match="cannot be linked to itself"):
        link_predictions(
            face=Face.API, now=NOW, prediction=first, earlier=first, relation="restatement", by=curator
        )
    with pytest.raises(ValidationError) as caught:
        link_predictions(
            face=Face.API, now=NOW, prediction=again, earlier=first, relation="repeat", by=curator
        )
    assert "relation" in caught.value.message_dict
    assert PredictionLink.objects.count() == 0


def test_the_database_refuses_a_bad_link(altman):
    first = _said(altman, dt.date(2023, 11, 6))
    again = _said(altman, dt.date(2024, 10, 1))
    PredictionLink.objects.create(prediction=again, earlier=first, relation="revision")
    for fields in (
        {"prediction": again, "earlier": first, "relation": "restatement"},  # the same pair twice
        {"prediction": first, "earlier": first, "relation": "restatement"},  # itself
        {"prediction": again, "earlier": _said(altman, dt.date(2022, 1, 1)), "relation": "repeat"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            PredictionLink.objects.create(**fields)


# --- The lineage timeline ---------------------------------------------------------------------


def test_lineage_is_every_linked_prediction_oldest_first_in_two_queries(
    altman, curator, django_assert_num_queries
):
    y2023 = _said(altman, dt.date(2023, 11, 6))
    y2024 = _said(altman, dt.date(2024, 10, 1))
    y2025 = _said(altman, dt.date(2025, 6, 1))
    unrelated = _said(altman, dt.date(2024, 5, 1))
    elsewhere = _said(altman, dt.date(2024, 6, 1))
    link_predictions(face=Face.API, now=NOW, prediction=y2025, earlier=y2024, relation="revision", by=curator)
    link_predictions(face=Face.API, now=NOW, prediction=y2024, earlier=y2023, relation="revision", by=curator)
    link_predictions(
        face=Face.API, now=NOW, prediction=y2025, earlier=y2023, relation="restatement", by=curator
    )
    link_predictions(
        face=Face.API, now=NOW, prediction=elsewhere, earlier=unrelated, relation="retraction", by=curator
    )

    for member in (y2023, y2024, y2025):  # the same timeline from any of its predictions
        # 1. the speaker's links with both ends, 2. the predictions in the lineage with their speaker.
        with django_assert_num_queries(2):
            steps = lineage(member)
            shown = [
                (
                    step.prediction,
                    step.prediction.speaker.name,
                    sorted(link.relation for link in step.links),
                    step.slipped,
                )
                for step in steps
            ]
        assert shown == [
            (y2023, "Sam Altman", [], False),
            (y2024, "Sam Altman", ["revision"], True),
            (y2025, "Sam Altman", ["restatement", "revision"], True),
        ]
    assert [step.prediction for step in lineage(unrelated)] == [unrelated, elsewhere]


def test_a_prediction_without_links_is_a_lineage_of_one(altman, django_assert_num_queries):
    alone = _said(altman, dt.date(2024, 10, 1))
    with django_assert_num_queries(2):
        (step,) = lineage(alone)
    assert (step.prediction, step.links, step.slipped) == (alone, [], False)


@pytest.mark.parametrize(
    ("relation", "earlier_horizon", "later_horizon", "slipped"),
    [
        ("revision", "2024年", "2025年", True),  # deadline moved later: "next year, again"
        ("revision", "2025年", "2025年", False),  # same deadline, different claim
        ("revision", "2025年", "2024年", False),  # moved earlier: not a slip
        ("restatement", "2024年", "2025年", False),  # said again: judged on its own
        ("retraction", "2024年", "2025年", False),
        ("revision", "", "2025年", False),  # undated original: no date to slip from
        ("revision", "2024年", "", False),
    ],
)
def test_a_slipped_deadline_is_a_revision_that_moved_the_deadline_later(
    altman, relation, earlier_horizon, later_horizon, slipped
):
    link = PredictionLinkFactory(
        earlier=_said(altman, dt.date(2023, 11, 6), earlier_horizon),
        prediction=_said(altman, dt.date(2024, 10, 1), later_horizon),
        relation=relation,
    )
    assert is_slipped(link) is slipped
