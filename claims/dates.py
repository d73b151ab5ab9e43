"""Plausible dates: the one place that says which days a prediction can be said on or fall due in.

Outside settings.EARLIEST_PLAUSIBLE_DATE .. LATEST_PLAUSIBLE_DATE a date is a typo (0001-01-01,
9999-12-31) or a horizon that left the calendar; stored, it would stretch every chart and never
come due. Read at call time, so tests and deployments can move the bounds.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError


def plausible_bounds() -> tuple[dt.date, dt.date]:
    return settings.EARLIEST_PLAUSIBLE_DATE, settings.LATEST_PLAUSIBLE_DATE


def implausible(day: dt.date | None) -> str:
    """Why `day` is not plausible, or "" when it is (or is not given)."""
    if day is None:
        return ""
    earliest, latest = plausible_bounds()
    if earliest <= day <= latest:
        return ""
    side = "before" if day < earliest else "after"
    return (
        f"{day.isoformat()} is {side} the dates this tracker accepts ({earliest.isoformat()} to "
        f"{latest.isoformat()}, settings EARLIEST_PLAUSIBLE_DATE and LATEST_PLAUSIBLE_DATE): check the year."
    )


def validate_plausible_date(day: dt.date | None) -> None:
    """A model field validator: the admin's forms, the API's serializers and full_clean use it."""
    problem = implausible(day)
    if problem:
        raise ValidationError(problem, code="implausible_date")
