"""Track records: how many predictions each speaker made, how many came true, how well calibrated.

Shared by the dashboard and the API so both show the same numbers. Each function runs one
GROUP BY query over the predictions it is given, whatever their number; the arithmetic happens
on the grouped rows.

Given no queryset, they read claims_tally (claims.tallies: counts the database keeps current
as predictions change) and cost the same at 10k predictions as at 1M; given one, they group it.

Choices made here:
- Track records leave out drafts (unfinished curation) and withdrawn predictions: neither is
  part of the public record. Claims (statements of present fact) count like predictions.
- Hit rate = (came true + ½ × partly true) / judged, judged = came true + came false + partly
  true. Partly true is half a hit: a full hit would reward hedging, a miss would punish the part
  that came true. Ambiguous and unresolvable verdicts are resolved but not judged. None when
  nothing was judged.
- Brier score = mean of (p − o)² over the scored predictions: judged ones whose speaker
  expressed a confidence, p from Prediction.probability (certain .95, expects .8, likely .65,
  maybe .5), o = 1 came true, 0 came false, ½ partly true. 0 is perfect; always saying 50%
  scores .25. None when nothing is scored.
- Slipped deadlines: a revision that moves a deadline later ("next year, again") counts against
  the original date as well as the new one. The new prediction is judged on its own date; the
  original, unless judged already, counts as a miss in the hit rate (slipped_misses).
- Calibration: for each confidence level, the share of its scored predictions that came true
  (partly true counting ½), to set against the probability the words stand for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce, ExtractYear

from claims import tallies
from claims.models import (
    Confidence,
    Prediction,
    PredictionLink,
    Relation,
    Speaker,
    Status,
    Tally,
    TallyGrain,
    Verdict,
)
from claims.models.predictions import CONFIDENCE_PROBABILITY

# What each judged verdict is worth as an outcome: o in the Brier score, a hit in the hit rate.
VERDICT_SCORE: dict[str, float] = {
    Verdict.CAME_TRUE: 1.0,
    Verdict.PARTLY_TRUE: 0.5,
    Verdict.CAME_FALSE: 0.0,
}


def hit_rate(verdicts: dict[str, int], misses: int = 0) -> float | None:
    """(came true + ½ partly true) / (came true + came false + partly true + misses); None if
    none of those. misses: deadlines that slipped before anyone judged them."""
    judged = sum(verdicts.get(verdict, 0) for verdict in VERDICT_SCORE) + misses
    if not judged:
        return None
    return sum(verdicts.get(verdict, 0) * score for verdict, score in VERDICT_SCORE.items()) / judged


@dataclass(frozen=True)
class CalibrationBin:
    """The scored predictions said with one confidence, and how many of them came true."""

    confidence: str
    label: str
    probability: float
    scored: int
    hits: float

    @property
    def observed(self) -> float:
        """Share that came true (partly true counting half); 0.0 when nothing is scored."""
        return self.hits / self.scored if self.scored else 0.0


@dataclass
class TrackRecord:
    speaker_id: int
    speaker_name: str
    predictions: int = 0
    resolved: int = 0
    due: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    scored: int = 0
    brier_sum: float = 0.0
    slipped: int = 0  # revisions that moved one of this speaker's deadlines later
    slipped_misses: int = 0  # originals among them not judged: a miss on their date (once each)
    # Per confidence level: [scored, hits], filled in confidence order by _finish().
    _bins: dict[str, list[float]] = field(default_factory=dict, repr=False)
    calibration: list[CalibrationBin] = field(default_factory=list)

    @property
    def came_true(self) -> int:
        return self.verdicts.get(Verdict.CAME_TRUE, 0)

    @property
    def came_false(self) -> int:
        return self.verdicts.get(Verdict.CAME_FALSE, 0)

    @property
    def partly_true(self) -> int:
        return self.verdicts.get(Verdict.PARTLY_TRUE, 0)

    @property
    def ambiguous(self) -> int:
        return self.verdicts.get(Verdict.AMBIGUOUS, 0)

    @property
    def unresolvable(self) -> int:
        return self.verdicts.get(Verdict.UNRESOLVABLE, 0)

    @property
    def judged(self) -> int:
        """Resolved with a decisive verdict: came true, came false or partly true."""
        return self.came_true + self.came_false + self.partly_true

    @property
    def hit_rate(self) -> float | None:
        """(came true + ½ partly true) / (judged + slipped misses); None when nothing is judged yet."""
        return hit_rate(self.verdicts, self.slipped_misses)

    @property
    def brier_score(self) -> float | None:
        """Mean squared error of the stated confidence; None when nothing is scored."""
        return self.brier_sum / self.scored if self.scored else None

    def _add(self, *, status: str, verdict: str, confidence: str, n: int) -> None:
        self.predictions += n
        if status in (Status.DUE, Status.DISPUTED):
            self.due += n
        if not verdict:
            return
        self.resolved += n
        self.verdicts[verdict] = self.verdicts.get(verdict, 0) + n
        outcome = VERDICT_SCORE.get(verdict)
        probability = CONFIDENCE_PROBABILITY.get(confidence)
        if outcome is None or probability is None:
            return
        self.scored += n
        self.brier_sum += n * (probability - outcome) ** 2
        scored_hits = self._bins.setdefault(confidence, [0, 0.0])
        scored_hits[0] += n
        scored_hits[1] += n * outcome

    def _finish(self) -> None:
        # In the language of the request that reads the stats (the labels are lazy).
        labels = {value: str(label) for value, label in Confidence.choices}
        self.calibration = [
            CalibrationBin(confidence, labels[confidence], probability, int(scored), hits)
            for confidence, probability in sorted(CONFIDENCE_PROBABILITY.items(), key=lambda item: item[1])
            for scored, hits in [self._bins.get(confidence, [0, 0.0])]
        ]


def track_records_by_speaker(
    predictions: QuerySet[Prediction] | None = None, *, speaker_ids: Iterable[int] | None = None
) -> dict[int, TrackRecord]:
    """speaker id -> record, for every speaker with a counted prediction among `predictions`
    (all predictions, from the tallies, when None)."""
    # A split prediction is counted through its parts.
    uncounted = [Status.DRAFT, Status.WITHDRAWN, Status.SPLIT]
    rows: Any
    if predictions is None:
        predictions = Prediction.objects.exclude(status__in=uncounted)
        tallied = Tally.objects.filter(grain=TallyGrain.SPEAKER, n__gt=0).exclude(status__in=uncounted)
        if speaker_ids is not None:
            tallied = tallied.filter(speaker_id__in=list(speaker_ids))
        name = Speaker.objects.filter(id=OuterRef("speaker_id")).values("name")
        rows = tallied.annotate(speaker__name=Subquery(name)).values(
            "speaker_id", "speaker__name", "status", "verdict", "confidence", "n"
        )
    else:
        predictions = predictions.exclude(status__in=uncounted)
        if speaker_ids is not None:
            predictions = predictions.filter(speaker_id__in=list(speaker_ids))
        rows = (
            predictions.order_by()
            .values("speaker_id", "speaker__name", "status", "verdict", "confidence")
            .annotate(n=Count("id"))
        )
    records: dict[int, TrackRecord] = {}
    for row in rows:
        record = records.get(row["speaker_id"])
        if record is None:
            record = records[row["speaker_id"]] = TrackRecord(row["speaker_id"], row["speaker__name"])
        record._add(status=row["status"], verdict=row["verdict"], confidence=row["confidence"], n=row["n"])
    _count_slipped_deadlines(records, predictions)
    for record in records.values():
        record._finish()
    return records


def _count_slipped_deadlines(records: dict[int, TrackRecord], predictions: QuerySet[Prediction]) -> None:
    """One query: revisions among `predictions` that moved a deadline later."""
    revisions = PredictionLink.objects.filter(
        relation=Relation.REVISION,
        prediction__in=predictions,
        prediction__speaker_id__in=list(records),
        prediction__due_latest__gt=F("earlier__due_latest"),
    ).values_list("prediction__speaker_id", "earlier_id", "earlier__verdict")
    # An original date is missed once, however many later predictions revise it.
    missed: set[int] = set()
    for speaker_id, original_id, original_verdict in revisions:
        record = records[speaker_id]
        record.slipped += 1
        if original_verdict not in VERDICT_SCORE and original_id not in missed:
            missed.add(original_id)
            record.slipped_misses += 1


def track_records(
    predictions: QuerySet[Prediction] | None = None, *, speaker_ids: Iterable[int] | None = None
) -> list[TrackRecord]:
    """One record per speaker with a counted prediction, most predictions first."""
    records = track_records_by_speaker(predictions, speaker_ids=speaker_ids).values()
    return sorted(records, key=lambda record: (-record.predictions, record.speaker_name, record.speaker_id))


def status_counts(predictions: QuerySet[Prediction] | None = None, *, drafts: bool = True) -> dict[str, int]:
    """Predictions per status, every status present (0 when none). Without `predictions`: all of
    them from the tallies, drafts counted as 0 unless `drafts`."""
    counts = dict.fromkeys(Status.values, 0)
    if predictions is None:
        counts.update(_tallied("status"))
        if not drafts:
            counts[Status.DRAFT] = 0
        return counts
    counts.update(dict(predictions.order_by().values_list("status").annotate(n=Count("id"))))
    return counts


def _tallied(field: str, **filters: Any) -> dict[str, int]:
    rows = (
        Tally.objects.filter(grain=TallyGrain.SPEAKER, **filters)
        .order_by()
        .values_list(field)
        .annotate(total=Sum("n"))
    )
    return {key: total for key, total in rows if total}


def verdict_counts(predictions: QuerySet[Prediction] | None = None) -> dict[str, int]:
    """Resolved predictions per current verdict, every verdict present (0 when none); all of them,
    from the tallies, without `predictions`."""
    counts = dict.fromkeys(Verdict.values, 0)
    if predictions is None:
        counts.update(_tallied("verdict", status=Status.RESOLVED))
        return counts
    rows = (
        predictions.filter(status=Status.RESOLVED).order_by().values_list("verdict").annotate(n=Count("id"))
    )
    counts.update(dict(rows))
    return counts


def standing_by_due_year(on: dt.date, *, speaker_id: int | None = None) -> Sequence[Mapping[str, Any]]:
    """PredictionQuerySet.standing_by_due_year over all predictions, or one speaker's, from the
    tallies: rows of {year, standing, n}. The one part that depends on `on`, open predictions
    whose review day has passed but that no flagging run has moved to due yet, is counted from
    the due-year rows for the years before on's and from at most a year of due-day rows for on's
    year, then corrected for next looks as unflagged_count is. A bounded number of rows, however
    many predictions: a speaker page at 1M predictions reads its speaker's rows, not its
    speaker's predictions."""
    if speaker_id is None:
        years, days, speaker = TallyGrain.DUE_YEAR, TallyGrain.DUE_DAY, 0
    else:
        years, days, speaker = TallyGrain.SPEAKER_DUE_YEAR, TallyGrain.SPEAKER_DUE_DAY, speaker_id
    totals: dict[tuple[int | None, str], int] = {}

    def add(year: int | None, standing: str, n: int) -> None:
        totals[year, standing] = totals.get((year, standing), 0) + n

    tallied = (
        Tally.objects.filter(grain=years, speaker_id=speaker, n__gt=0)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .values_list("due_year", "status", "verdict", "n")
    )
    for year, status, verdict, n in tallied:
        if status == Status.RESOLVED:
            standing = verdict
        elif status in (Status.DUE, Status.DISPUTED) or status == Status.OPEN and 0 < year < on.year:
            standing = Status.DUE.value  # open ones: due before on's year, so before `on`
        else:
            standing = Status.OPEN.value
        add(year or None, standing, n)
    this_year = (
        _open_days(grain=days, speaker_id=speaker)
        .filter(due_day__gte=_day(dt.date(on.year, 1, 1)), due_day__lt=_day(on), n__gt=0)
        .aggregate(n=Sum("n"))["n"]
    )
    if this_year:
        add(on.year, Status.OPEN.value, -this_year)
        add(on.year, Status.DUE.value, this_year)
    looked_at = _next_look_corrections(on)
    if speaker_id is not None:
        looked_at = looked_at.filter(speaker_id=speaker_id)
    corrections = (
        looked_at.order_by()
        .annotate(year=ExtractYear("due_latest"))
        .values_list("year")
        .annotate(n=Count("id"))
    )
    for year, n in corrections:
        n = n if year is None else -n  # undated: due by its next look; dated: not yet, by it
        add(year, Status.OPEN.value, -n)
        add(year, Status.DUE.value, n)
    return [{"year": year, "standing": standing, "n": n} for (year, standing), n in totals.items() if n]


def _open_days(grain: str = TallyGrain.DUE_DAY, speaker_id: int = 0) -> QuerySet[Tally]:
    """The due-day tallies of all speakers (or, at SPEAKER_DUE_DAY, one): open dated predictions,
    one row a due day (the rest of the key is fixed at this grain)."""
    return Tally.objects.filter(
        grain=grain, speaker_id=speaker_id, status=Status.OPEN, verdict="", confidence="", due_year=0
    )


def _open_days_before(on: dt.date) -> QuerySet[Tally]:
    """The due-day tallies of the open predictions due before `on` (one row a day at most)."""
    return _open_days().filter(due_day__lt=_day(on))


def _next_look_corrections(on: dt.date) -> QuerySet[Prediction]:
    """The open predictions whose next look makes review_day_passed(on) differ from
    due_latest < on: dated ones whose next look is still to come, undated ones whose next look
    came. Found through prediction_open_next_look_idx: the few with a next look."""
    return Prediction.objects.filter(status=Status.OPEN, next_look_on__isnull=False).filter(
        Q(due_latest__lt=on, next_look_on__gt=on) | Q(due_latest__isnull=True, next_look_on__lte=on)
    )


def unflagged_count(on: dt.date) -> CombinedExpression:
    """Prediction.objects.due(on).count() as an expression for one query: the open predictions
    due before `on` from the due-day tallies, less the dated ones a next look still holds back,
    plus the undated ones a next look made due. One count over review_day_passed's OR was
    planned for 240k rows at 1M predictions and started parallel workers (~25 ms) to find none."""

    def count(predictions: QuerySet[Prediction]) -> Subquery:
        return Subquery(
            predictions.order_by()
            .annotate(n=Func(template="COUNT(*)", output_field=IntegerField()))
            .values("n")[:1]
        )

    days = Subquery(
        _open_days_before(on).order_by().values("grain").annotate(total=Sum("n")).values("total")[:1]
    )
    corrections = _next_look_corrections(on)
    return (
        Coalesce(days, 0)
        - count(corrections.filter(due_latest__isnull=False))
        + count(corrections.filter(due_latest__isnull=True))
    )


def _day(day: dt.date) -> int:
    """Tally.due_day's form of a date (YYYYMMDD)."""
    return day.year * 10000 + day.month * 100 + day.day


def open_due_between(first: dt.date, last: dt.date) -> int:
    """How many open predictions are due from `first` to `last`, both included (the count of
    PredictionQuerySet.due_soon), from the due-day tallies: a sum of at most one row a day,
    found by the tally key's index, whatever the table's size."""
    total = (
        _open_days()
        .filter(due_day__gte=_day(first), due_day__lte=_day(last))
        .aggregate(total=Sum("n"))["total"]
    )
    return total or 0


@transaction.atomic
def recount_tallies() -> None:
    """Rebuild the tallies from a full recount of the predictions (what the triggers maintain)."""
    with connection.cursor() as cursor:
        tallies.recount(cursor.execute, connection.vendor)
