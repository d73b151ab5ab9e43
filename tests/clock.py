"""Fixed time for tests. Services and jobs take `today` and `now` from their caller, so a test
passes fixed ones; where a face (a view, a command, a task) reads the clock, the test freezes it
with time-machine. A test never compares a fixed date with the real clock: the suite must pass
whatever the date (.ci/run runs it a year and ten years ahead).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

from django.conf import settings


def noon(day: dt.date) -> dt.datetime:
    """Midday of `day` in TIME_ZONE: a `now` that falls on `day` (its local date is `day`)."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


# The day a test acts on unless it names its own: after the factories' windows close
# (2025-12-31) and after the days their outcomes became known.
TODAY = dt.date(2026, 1, 15)
NOW = noon(TODAY)


def stopped_at(moment: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock for a job that reads the time as it goes (the digest), stopped at `moment`."""
    return lambda: moment
