"""Resolution criteria: written before a prediction is open, frozen by its first review (in the
service and by a database trigger), clarified afterwards by appending, never by editing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from claims.models import Clarification, Face, Prediction
from claims.services.criteria import add_clarification
from claims.services.predictions import SpanInput, create_prediction, criteria_frozen_since, update_prediction
from claims.services.reviews import record_outcome, record_too_early
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

CRITERIA = "Came true if AI agents were in everyday use by millions of people by 2025-12-31."


def _create(**kwargs) -> Prediction:
    source = SourceFactory()
    return create_prediction(
        speaker=SpeakerFactory(name="Sam Altman"),
        statement="我认为2025年将是代理大规模使用的一年。",
        horizon_text="2025年",
        spans=[SpanInput(source=source, quote="我认为2025年将是代理大规模使用的一年。")],
        **kwargs,
    )


def _review(prediction, reviewer) -> None:
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        note="ChatGPT agent launched.",
        today=TODAY,
        now=NOW,
    )


# --- Written before the prediction is open ----------------------------------------------------


def test_an_open_prediction_needs_criteria_a_draft_does_not(curator):
    with pytest.raises(ValidationError) as caught:
        _create(status="open")
    assert "resolution_criteria" in caught.value.message_dict
    assert "keep it a draft until then" in str(caught.value)
    assert Prediction.objects.count() == 0

    draft = _create(status="draft")
    with pytest.raises(ValidationError, match="Write the resolution criteria"):
        update_prediction(
            by=None, face=Face.API, prediction=draft, expected_version=draft.version, status="open", now=NOW
        )
    assert Prediction.objects.get().status == "draft"

    update_prediction(
        by=None,
        face=Face.API,
        prediction=draft,
        expected_version=draft.version,
        status="open",
        resolution_criteria=CRITERIA,
        now=NOW,
    )
    assert Prediction.objects.values_list("status", "resolution_criteria").get() == ("open", CRITERIA)


def test_blank_criteria_do_not_count():
    with pytest.raises(ValidationError, match="Write the resolution criteria"):
        _create(status="open", resolution_criteria="   ")


def test_the_database_refuses_an_open_prediction_without_criteria():
    draft = PredictionFactory(status="draft", resolution_criteria="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Prediction.objects.filter(pk=draft.pk).update(status="open")
    opened = PredictionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Prediction.objects.filter(pk=opened.pk).update(resolution_criteria="")


# --- Frozen by the first review ---------------------------------------------------------------


def test_criteria_are_editable_until_the_first_review(reviewer):
    prediction = PredictionFactory(reviewers_required=2)
    assert criteria_frozen_since(prediction) is None
    update_prediction(
        by=None,
        face=Face.API,
        prediction=prediction,
        expected_version=1,
        resolution_criteria=CRITERIA + " Weekly use.",
        now=NOW,
    )
    assert Prediction.objects.get().resolution_criteria == CRITERIA + " Weekly use."

    _review(prediction, reviewer)  # one vote of two: no verdict yet, but the criteria freeze
    first = prediction.outcomes.get()
    assert criteria_frozen_since(prediction) == first.recorded_at
    prediction.refresh_from_db()
    with pytest.raises(ValidationError, match="frozen since its first review") as caught:
        update_prediction(
            by=None,
            face=Face.API,
            prediction=prediction,
            expected_version=prediction.version,
            resolution_criteria=CRITERIA,
            now=NOW,
        )
    assert "resolution_criteria" in caught.value.message_dict
    assert "add a clarification instead" in str(caught.value)
    assert Prediction.objects.values_list("resolution_criteria", "version").get() == (
        CRITERIA + " Weekly use.",
        prediction.version,
    )


def test_a_too_early_review_freezes_them_too(reviewer):
    prediction = PredictionFactory(reviewers_required=1)
    record_too_early(
        prediction=prediction,
        reviewer=reviewer,
        next_look_on=TODAY + dt.timedelta(days=30),
        today=TODAY,
        now=NOW,
    )
    with pytest.raises(ValidationError, match="frozen"):
        update_prediction(
            by=None,
            face=Face.API,
            prediction=prediction,
            expected_version=None,
            resolution_criteria="Something else.",
            now=NOW,
        )


def test_other_fields_and_the_same_criteria_may_still_be_saved(reviewer):
    """An edit form sends every field back: the unchanged criteria must not be refused."""
    prediction = PredictionFactory(reviewers_required=2)
    _review(prediction, reviewer)
    prediction.refresh_from_db()
    update_prediction(
        by=None,
        face=Face.API,
        prediction=prediction,
        expected_version=prediction.version,
        statement_en="2025 is the year of agents.",
        resolution_criteria=prediction.resolution_criteria,
        now=NOW,
    )
    assert Prediction.objects.get().statement_en == "2025 is the year of agents."
    prediction.refresh_from_db()
    prediction.save()  # a whole-row save writing the same criteria passes the trigger


def test_the_database_refuses_an_edit_of_frozen_criteria(reviewer):
    """The trigger of migration 0005: code that bypasses the services cannot edit them either."""
    prediction = PredictionFactory(reviewers_required=2)
    other = PredictionFactory()
    Prediction.objects.filter(pk=prediction.pk).update(
        resolution_criteria=CRITERIA + " Edited."
    )  # not frozen yet
    _review(prediction, reviewer)
    # IntegrityError on both SQLite (RAISE(ABORT)) and PostgreSQL (SQLSTATE 23000); DatabaseError
    # is its base class, in case a backend maps the trigger's error differently.
    with pytest.raises(DatabaseError, match="frozen after the first review") as caught, transaction.atomic():
        Prediction.objects.filter(pk=prediction.pk).update(
            resolution_criteria="Came true if anything happened."
        )
    assert isinstance(caught.value, IntegrityError)
    prediction.refresh_from_db()
    assert prediction.resolution_criteria == CRITERIA + " Edited."
    with pytest.raises(IntegrityError), transaction.atomic():
        prediction.resolution_criteria = "Came true if anything happened."
        prediction.save()
    # Only the reviewed prediction is frozen.
    Prediction.objects.filter(pk=other.pk).update(resolution_criteria=CRITERIA + " Other.")
    assert Prediction.objects.get(pk=other.pk).resolution_criteria == CRITERIA + " Other."


# --- Clarifications ---------------------------------------------------------------------------


def test_clarifications_are_appended_with_author_and_date(curator, reviewer):
    prediction = PredictionFactory(reviewers_required=2)
    _review(prediction, reviewer)
    first = add_clarification(
        prediction=prediction, author=curator, text="  Millions means weekly active users. ", now=NOW
    )
    second = add_clarification(
        prediction=prediction, author=curator, text="Agents in browsers count.", now=NOW
    )
    assert first.text == "Millions means weekly active users."
    assert (first.author, first.added_at is not None) == (curator, True)
    assert list(prediction.clarifications.all()) == [first, second]
    assert Prediction.objects.get().resolution_criteria == prediction.resolution_criteria  # untouched


def test_a_clarification_cannot_be_edited():
    clarification = add_clarification(
        prediction=PredictionFactory(), author=None, text="Weekly users.", now=NOW
    )
    clarification.text = "Monthly users."
    with pytest.raises(ValidationError, match="append-only"):
        clarification.save()
    assert Clarification.objects.get().text == "Weekly users."


def test_an_empty_clarification_or_one_without_criteria_is_refused(curator):
    prediction = PredictionFactory()
    with pytest.raises(ValidationError) as caught:
        add_clarification(prediction=prediction, author=curator, text="  ", now=NOW)
    assert "text" in caught.value.message_dict
    draft = PredictionFactory(status="draft", resolution_criteria="")
    with pytest.raises(ValidationError, match="no resolution criteria yet: write them instead"):
        add_clarification(prediction=draft, author=curator, text="Weekly users.", now=NOW)
    assert Clarification.objects.count() == 0
    with pytest.raises(IntegrityError), transaction.atomic():
        Clarification.objects.create(prediction=prediction, text="")
