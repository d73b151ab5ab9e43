"""The tallies (claims.tallies) stay equal to a full recount of the predictions whatever writes
them: services, the due job's one UPDATE, QuerySet.update, bulk_create, deletes and raw SQL."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection
from django.db.models import Count
from django.db.models.functions import ExtractYear

from claims.models import Confidence, Outcome, Prediction, Status, Tally, TallyGrain, Verdict
from claims.services.due import flag_due_predictions
from claims.services.reviews import record_outcome
from claims.services.stats import (
    open_due_between,
    recount_tallies,
    standing_by_due_year,
    status_counts,
    unflagged_count,
)
from tests.clock import noon
from tests.factories import PredictionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)
NOW = noon(TODAY)
UNJUDGED = [Status.DRAFT, Status.OPEN, Status.DUE, Status.WITHDRAWN]
# Both sides of the 90 days from TODAY that the overview counts as coming due (to 2026-05-30).
DAYS = [
    None,
    dt.date(2024, 5, 1),
    dt.date(2025, 12, 31),
    dt.date(2026, 2, 1),
    dt.date(2026, 2, 28),
    TODAY,
    dt.date(2026, 5, 30),
    dt.date(2026, 5, 31),
    dt.date(2027, 7, 1),
]


def _recount() -> dict[tuple, int]:
    """What the tallies should hold, grouped afresh from the predictions."""
    counts: dict[tuple, int] = {}
    by_speaker = (
        Prediction.objects.order_by()
        .values_list("speaker_id", "status", "verdict", "confidence")
        .annotate(n=Count("id"))
    )
    for speaker_id, status, verdict, confidence, n in by_speaker:
        counts[TallyGrain.SPEAKER, speaker_id, status, verdict, confidence, 0, 0] = n
    by_year = (
        Prediction.objects.order_by()
        .annotate(year=ExtractYear("due_latest"))
        .values_list("speaker_id", "year", "status", "verdict")
        .annotate(n=Count("id"))
    )
    for speaker_id, year, status, verdict, n in by_year:
        key = (status, verdict, "", year or 0, 0)
        counts[TallyGrain.DUE_YEAR, 0, *key] = counts.get((TallyGrain.DUE_YEAR, 0, *key), 0) + n
        counts[TallyGrain.SPEAKER_DUE_YEAR, speaker_id, *key] = n
    by_day = (
        Prediction.objects.filter(status=Status.OPEN, due_latest__isnull=False)
        .order_by()
        .values_list("speaker_id", "due_latest", "status", "verdict")
        .annotate(n=Count("id"))
    )
    for speaker_id, day, status, verdict, n in by_day:
        key = (status, verdict, "", 0, int(day.strftime("%Y%m%d")))
        counts[TallyGrain.DUE_DAY, 0, *key] = counts.get((TallyGrain.DUE_DAY, 0, *key), 0) + n
        counts[TallyGrain.SPEAKER_DUE_DAY, speaker_id, *key] = n
    return counts


def _tallied() -> dict[tuple, int]:
    rows = Tally.objects.exclude(n=0).values_list(
        "grain", "speaker_id", "status", "verdict", "confidence", "due_year", "due_day", "n"
    )
    return {tuple(row[:-1]): row[-1] for row in rows}


def _unreviewed(rng: random.Random, status: list[str]) -> Prediction | None:
    ids = list(
        Prediction.objects.filter(status__in=status)
        .exclude(id__in=Outcome.objects.values("prediction_id"))
        .values_list("id", flat=True)
    )
    return Prediction.objects.get(id=rng.choice(ids)) if ids else None


def _random_writes(seed: int, reviewer, steps: int = 60) -> None:
    rng = random.Random(seed)
    speakers = [SpeakerFactory(name=f"Speaker {i}") for i in range(3)]
    confidences = list(Confidence.values)
    for step in range(steps):
        op = rng.randrange(8)
        if op == 0:  # one save, through the model (the window set by hand, else the horizon's)
            PredictionFactory(
                speaker=rng.choice(speakers),
                status=rng.choice(UNJUDGED),
                confidence=rng.choice(confidences),
                window_overridden=True,
                due_earliest=None,
                due_latest=rng.choice(DAYS),
            )
        elif op == 1:  # bulk_create
            Prediction.objects.bulk_create(
                [
                    PredictionFactory.build(
                        speaker=rng.choice(speakers),
                        status=rng.choice(UNJUDGED),
                        confidence=rng.choice(confidences),
                        due_latest=rng.choice(DAYS),
                    )
                    for _ in range(rng.randrange(1, 5))
                ]
            )
        elif op == 2:  # the due job: one UPDATE over every open prediction whose day has come
            flag_due_predictions(TODAY, now=NOW)
        elif op == 3:  # QuerySet.update over several rows
            Prediction.objects.filter(
                status__in=[Status.OPEN, Status.DRAFT],
                id__in=Prediction.objects.values("id")[: rng.randrange(5)],
            ).update(confidence=rng.choice(confidences), due_earliest=None, due_latest=rng.choice(DAYS[1:]))
        elif op == 4:  # a reviewer's verdict, through the service
            prediction = _unreviewed(rng, [Status.DUE])
            if prediction:
                record_outcome(
                    prediction=prediction,
                    reviewer=reviewer,
                    verdict=rng.choice([Verdict.CAME_TRUE, Verdict.CAME_FALSE, Verdict.PARTLY_TRUE]),
                    known_on=dt.date(2026, 1, 15),
                    note="Checked.",
                    today=TODAY,
                    now=NOW,
                )
        elif op == 5:  # deletes
            prediction = _unreviewed(rng, UNJUDGED)
            if prediction:
                Prediction.objects.filter(id=prediction.id).delete()
        elif op == 6:  # raw SQL
            prediction = _unreviewed(rng, [Status.OPEN, Status.DUE, Status.DRAFT])
            if prediction:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE claims_prediction SET status = %s, speaker_id = %s WHERE id = %s",
                        [rng.choice(UNJUDGED), rng.choice(speakers).id, prediction.id],
                    )
        else:  # one save of a changed field
            prediction = _unreviewed(rng, [Status.OPEN, Status.DRAFT])
            if prediction:
                prediction.speaker = rng.choice(speakers)
                prediction.status = rng.choice([Status.OPEN, Status.WITHDRAWN])
                prediction.save()
        if step % 10 == 9:
            assert _tallied() == _recount(), f"seed {seed}, step {step}"
            for speaker in speakers:
                assert _timeline(speaker.id) == _timeline_grouped(speaker.id), f"seed {seed}, step {step}"
            assert _coming_due() == _coming_due_counted(), f"seed {seed}, step {step}"


def _key(row) -> tuple:
    return (row["year"] or 0, row["standing"])


def _timeline(speaker_id: int | None = None) -> list:
    """The timeline as a speaker page (or, without a speaker, the overview) shows it, from the tallies."""
    return sorted(standing_by_due_year(TODAY, speaker_id=speaker_id), key=_key)


def _timeline_grouped(speaker_id: int | None = None) -> list:
    predictions = (
        Prediction.objects.all() if speaker_id is None else Prediction.objects.filter(speaker_id=speaker_id)
    )
    return sorted(predictions.standing_by_due_year(TODAY), key=_key)


def _coming_due() -> int:
    return open_due_between(TODAY, TODAY + dt.timedelta(days=90))


def _coming_due_counted() -> int:
    return Prediction.objects.due_soon(TODAY, 90).count()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_tallies_equal_a_full_recount_after_random_writes(seed, reviewer):
    _random_writes(seed, reviewer)
    assert _tallied() == _recount()
    assert _coming_due() == _coming_due_counted()
    assert Prediction.objects.filter(status=Status.RESOLVED).exists() or seed != 1


@pytest.mark.postgres
def test_the_statement_level_triggers_equal_a_full_recount_after_random_writes(reviewer):
    _random_writes(4, reviewer, steps=80)
    assert _tallied() == _recount()
    assert _coming_due() == _coming_due_counted()


def test_the_due_job_one_update_over_many_rows_is_counted_once():
    PredictionFactory.create_batch(30, status=Status.OPEN, due_latest=dt.date(2025, 12, 31))
    flag_due_predictions(TODAY, now=NOW)
    assert status_counts()[Status.DUE] == 30
    assert _tallied() == _recount()


def test_a_recount_rebuilds_tallies_gone_wrong():
    PredictionFactory.create_batch(3, due_latest=dt.date(2025, 12, 31))
    expected = _tallied()
    Tally.objects.update(n=99)
    recount_tallies()
    assert _tallied() == expected == _recount()


def test_the_timeline_from_the_tallies_matches_the_grouped_table():
    PredictionFactory.create_batch(2, status=Status.OPEN, due_latest=dt.date(2025, 12, 31))  # not flagged yet
    PredictionFactory(status=Status.OPEN, due_latest=dt.date(2027, 1, 1))
    PredictionFactory(status=Status.DUE, due_latest=dt.date(2025, 6, 1))
    PredictionFactory(status=Status.OPEN, due_latest=None)
    PredictionFactory(status=Status.DRAFT, due_latest=dt.date(2025, 6, 1))
    PredictionFactory(
        status=Status.SPLIT, due_latest=dt.date(2025, 6, 1)
    )  # shown open, its day passed or not
    # A next look changes the review day: to come (not due though past its date), come (due),
    # and an undated one a next look made due.
    looks = [(dt.date(2025, 11, 1), dt.date(2026, 4, 1)), (dt.date(2025, 10, 1), TODAY), (None, TODAY)]
    for due_latest, next_look_on in looks:
        PredictionFactory(
            status=Status.OPEN,
            window_overridden=True,
            due_earliest=None,
            due_latest=due_latest,
            next_look_on=next_look_on,
        )

    # This year's: due before TODAY (one the due job has not seen), not yet on it; both one speaker's.
    speaker = SpeakerFactory()
    for day in [dt.date(2026, 1, 1), dt.date(2026, 2, 28), TODAY, dt.date(2026, 12, 31)]:
        PredictionFactory(
            speaker=speaker, status=Status.OPEN, window_overridden=True, due_earliest=None, due_latest=day
        )

    expected = _timeline_grouped()
    assert _timeline() == expected
    assert {"year": None, "standing": "due", "n": 1} in expected
    assert _timeline(speaker.id) == [
        {"year": 2026, "standing": "due", "n": 2},
        {"year": 2026, "standing": "open", "n": 2},
    ]
    for speaker_id in Prediction.objects.values_list("speaker_id", flat=True):
        assert _timeline(speaker_id) == _timeline_grouped(speaker_id)
    unflagged = Prediction.objects.annotate(n=unflagged_count(TODAY)).values_list("n", flat=True)[0]
    assert unflagged == Prediction.objects.due(TODAY).count() == 6 + 2
    assert not Prediction.objects.due(TODAY).filter(next_look_on=dt.date(2026, 4, 1)).exists()


def test_coming_due_counts_both_ends_of_the_window_and_nothing_outside_it():
    def dated(status: str, day: dt.date | None) -> None:
        PredictionFactory(status=status, window_overridden=True, due_earliest=None, due_latest=day)

    for day in [TODAY - dt.timedelta(days=1), TODAY, dt.date(2026, 5, 30), dt.date(2026, 5, 31)]:
        dated(Status.OPEN, day)
    dated(Status.DUE, TODAY)  # flagged: not open any more
    dated(Status.OPEN, None)
    assert _coming_due() == 2 == _coming_due_counted()


@pytest.mark.django_db(transaction=True)  # as between tests: PostgreSQL truncates outside a transaction
def test_a_flush_in_either_table_order_leaves_no_counts_behind():
    """What manage.py flush runs between transactional tests. On SQLite it deletes table by table
    in an order that changes from process to process (a set of names): with claims_tally emptied
    before claims_prediction, the delete triggers used to leave -1 counters behind, and the next
    test's overview drew negative bars. PostgreSQL truncates every table in one statement."""
    PredictionFactory.create_batch(3, status=Status.OPEN, due_latest=dt.date(2026, 4, 1))
    statements = sql_flush(no_style(), connection)
    tally_first = sorted(statements, key=lambda sql: '"claims_tally"' not in sql)
    connection.ops.execute_sql_flush(tally_first)  # in one transaction, as flush runs it
    assert list(Tally.objects.exclude(n=0).values_list("grain", "status", "n")) == []
    PredictionFactory(status=Status.OPEN, due_latest=dt.date(2026, 4, 1))
    assert _tallied() == _recount()
    assert status_counts()[Status.OPEN] == 1
