"""The tamper-evident record's cost: writes with the chain against the same writes without it.

Each review (record_outcome, with one piece of evidence) appends two entries to the chain, each
edit (update_prediction) one. The baseline runs the same service calls with append_to_record
replaced by a no-op, in the same run, on predictions built alike; the sides take turns over
ROUNDS rounds and the best round of each counts (on a shared machine other work only adds time).
Then verify_record over everything written: entries checked per second.

flag_due and the API's reads touch no record row (a status the job derives is not an edit, and
no list reads the chain), so the chain costs them nothing; this bench measures where it costs.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth.models import User
from django.db import connection

from claims.models import Face, Prediction, Speaker, Status
from claims.services import record
from claims.services.predictions import update_prediction
from claims.services.reviews import EvidenceInput, record_outcome

WRITES = 400  # per side per round
ROUNDS = 3
TODAY = dt.date(2026, 3, 10)
NOW = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
EVIDENCE = EvidenceInput(
    url="https://example.org/agents", title="Agents", passage="Agents are here.", retrieved_on=TODAY
)


def _predictions(speaker: Speaker, count: int, status: str) -> list[Prediction]:
    rows = [
        Prediction(
            statement=f"我认为2025年将是代理之年。({n})",
            speaker=speaker,
            said_on=dt.date(2024, 10, 1),
            due_earliest=dt.date(2024, 10, 1),
            due_latest=dt.date(2025, 12, 31),
            window_overridden=True,
            resolution_criteria="Agents in everyday use by millions by 2025-12-31.",
            status=status,
            reviewers_required=1,
            created_at=NOW,
            updated_at=NOW,
        )
        for n in range(count)
    ]
    return Prediction.objects.bulk_create(rows)


@contextmanager
def _without_chain() -> Iterator[None]:
    """append_to_record as a no-op wherever the services imported it."""
    targets = [
        name
        for name, module in sys.modules.items()
        if name.startswith("claims.") and getattr(module, "append_to_record", None) is record.append_to_record
    ]
    patches = [mock.patch(f"{name}.append_to_record", lambda *rows, **kwargs: []) for name in targets]
    for patch in patches:
        patch.start()
    try:
        yield
    finally:
        for patch in patches:
            patch.stop()


def _time(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _reviews(predictions: list[Prediction], reviewer: User) -> Callable[[], None]:
    def run() -> None:
        for prediction in predictions:
            record_outcome(
                prediction=prediction,
                reviewer=reviewer,
                verdict="came_true",
                known_on=dt.date(2025, 7, 17),
                evidence=[EVIDENCE],
                note="Launched.",
                today=TODAY,
                now=NOW,
            )

    return run


def _edits(predictions: list[Prediction], curator: User) -> Callable[[], None]:
    def run() -> None:
        for prediction in predictions:
            update_prediction(
                prediction=prediction,
                expected_version=None,
                now=NOW,
                by=curator,
                face=Face.API,
                statement_en="2025 will be the year of agents.",
            )

    return run


def run(report) -> None:
    from claims.services.record import verify_record

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE claims_prediction, claims_speaker, claims_recordentry CASCADE")
    speaker = Speaker.objects.create(name="Bench Speaker")
    # get_or_create: a kept BENCH_DATABASE_URL still has them from the last run.
    reviewer, _ = User.objects.get_or_create(username="bench-reviewer")
    curator, _ = User.objects.get_or_create(username="bench-curator")
    # Warm both sides up first (connections, caches, the first pages of each index): uncounted.
    _reviews(_predictions(speaker, 50, Status.DUE), reviewer)()
    with _without_chain():
        _reviews(_predictions(speaker, 50, Status.DUE), reviewer)()
    best: dict[str, float] = {}
    for round_number in range(ROUNDS):
        sides = [("chain", False), ("baseline", True)]
        if round_number % 2:
            sides.reverse()
        for side, bare in sides:
            due = _predictions(speaker, WRITES, Status.DUE)
            drafts = _predictions(speaker, WRITES, Status.DRAFT)
            if bare:
                with _without_chain():
                    reviews, edits = _time(_reviews(due, reviewer)), _time(_edits(drafts, curator))
            else:
                reviews, edits = _time(_reviews(due, reviewer)), _time(_edits(drafts, curator))
            for what, seconds in (("reviews", reviews), ("edits", edits)):
                key = f"{what} {side}"
                best[key] = min(best.get(key, seconds), seconds)
    report.line(f"record chain: {WRITES} reviews (2 entries each) and {WRITES} edits (1 entry each) per side")
    for what in ("reviews", "edits"):
        report.ratio(
            f"record chain, {what} per second",
            WRITES / best[f"{what} chain"],
            WRITES / best[f"{what} baseline"],
            unit="/s",
            at_least=0.7,
        )
    start = time.perf_counter()
    check = verify_record()
    seconds = time.perf_counter() - start
    # The chained rows only: the baseline's rows are not in the record by design.
    report.line(
        f"record chain: verify_record read {check.entries} entries in {seconds:.2f} s "
        f"({check.entries / seconds:.0f} entries/s)"
    )
