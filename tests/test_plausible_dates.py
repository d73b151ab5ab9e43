"""Dates outside the plausible range, and horizons that leave the calendar, are refused with the
reason: never stored, never a silently undated prediction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from claims.dates import implausible
from claims.models import Prediction
from tests.api_helpers import anchored, api, assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def patch(user, prediction: Prediction, data: dict):
    return api(user).patch(
        f"/api/predictions/{prediction.pk}/", {**data, "version": prediction.version}, format="json"
    )


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"])
def test_an_implausible_said_on_is_400_naming_the_range(curator, day):
    prediction = anchored()
    response = patch(curator, prediction, {"said_on": day})
    assert_error(response, 400, field="said_on", contains="1900-01-01 to 2200-12-31")
    assert Prediction.objects.get(pk=prediction.pk).said_on == prediction.said_on


@pytest.mark.parametrize("field", ["due_earliest", "due_latest"])
def test_a_window_set_by_hand_outside_the_range_is_400(curator, field):
    prediction = anchored()
    response = patch(curator, prediction, {field: "9999-12-31"})
    assert_error(response, 400, field=field, contains="check the year")


def test_the_bounds_themselves_are_accepted(curator):
    prediction = anchored()
    response = patch(curator, prediction, {"due_earliest": "1900-01-01", "due_latest": "2200-12-31"})
    assert response.status_code == 200, response.content


def test_an_overflowing_horizon_is_an_error_not_an_undated_prediction(curator):
    prediction = anchored()
    response = patch(curator, prediction, {"horizon_text": "九千年后"})
    body = assert_error(response, 400, field="horizon_text", contains="past the end of the calendar")
    assert "九千年" in body["errors"]["horizon_text"][0]
    stored = Prediction.objects.get(pk=prediction.pk)
    assert stored.horizon_text == "2025年" and stored.due_latest == dt.date(2025, 12, 31)


def test_a_horizon_beyond_the_latest_plausible_date_is_an_error(curator):
    prediction = anchored()
    response = patch(curator, prediction, {"horizon_text": "within 500 years"})
    assert_error(response, 400, field="horizon_text", contains="outside the plausible dates")


def test_the_model_refuses_an_overflowing_horizon_in_full_clean():
    prediction = anchored()
    prediction.horizon_text = "九千年后"
    with pytest.raises(ValidationError) as caught:
        prediction.full_clean()
    assert "horizon_text" in caught.value.message_dict


def test_the_bounds_come_from_the_settings(settings):
    settings.LATEST_PLAUSIBLE_DATE = dt.date(2100, 12, 31)
    assert implausible(dt.date(2100, 12, 31)) == ""
    assert "2100-12-31" in implausible(dt.date(2101, 1, 1))


@pytest.mark.parametrize(
    "words, overflowed",
    [
        ("九千年后", "九千年"),
        ("八千年内", "八千年内"),  # not 年内, this year: the words are one count
        ("within 9000 years", "within 9000 years"),
        ("in 9,000 years", "in 9,000 years"),  # not "000 years", due today
    ],
)
def test_counts_that_leave_the_calendar_are_named_whole(words, overflowed):
    from claims.horizons import compute_window

    window = compute_window(words, dt.date(2024, 10, 1))
    assert (window.due_latest, window.overflowed) == (None, overflowed)


def test_a_count_with_thousands_separators_reads_whole():
    from claims.horizons import compute_window

    assert compute_window("within 1,000 years", dt.date(2024, 10, 1)).due_latest == dt.date(3024, 10, 1)
