"""`/`: what is due, what came true, and who is right, at a glance."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from claims.charts import STANDINGS, YearBucket, timeline_svg, year_buckets
from claims.groups import sees_reviewer_workload
from claims.models import Prediction, Status
from claims.services import stats
from claims.services.backlog import review_backlog
from claims.services.record import record_head
from claims.views.records import with_calibration_charts

LIST_LIMIT = 10
UNDATED_LIMIT = 5
COMING_DUE_DAYS = 90
SPEAKER_LIMIT = 20


def overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    public = Prediction.objects.public()
    # Counts from the tallies (claims.tallies): the same cost whatever the table's size.
    rows = stats.standing_by_due_year(today)
    buckets = year_buckets(rows, today=today)
    dated_totals = _totals(row for row in rows if row["year"] is not None)
    undated_totals = _totals(row for row in rows if row["year"] is None)
    coming_due = public.due_soon(today, COMING_DUE_DAYS)
    records = stats.track_records()
    context = {
        "today": today,
        "status_counts": stats.status_counts(drafts=False),
        "verdict_counts": stats.verdict_counts(),
        # Disputed ones too: like the count (standing_by_due_year) and the backlog, they wait.
        "due_now": first_waiting(public, today, LIST_LIMIT),
        "due_now_count": dated_totals.get("due", 0) + undated_totals.get("due", 0),
        "coming_due": coming_due.select_related("speaker").order_by("due_latest", "id")[:LIST_LIMIT],
        "coming_due_count": stats.open_due_between(today, today + dt.timedelta(days=COMING_DUE_DAYS)),
        "coming_due_days": COMING_DUE_DAYS,
        "coming_due_until": today + dt.timedelta(days=COMING_DUE_DAYS),
        "recently_resolved": latest_verdicts(public, LIST_LIMIT),
        "backlog": review_backlog(today, with_reviewers=sees_reviewer_workload(request.user)),
        "record": record_head(),
        "timeline": timeline_svg(buckets, today=today, link=_timeline_link),
        "legend": [(standing, dated_totals.get(standing.key, 0)) for standing in STANDINGS],
        "undated": public.undated()
        .exclude(status=Status.WITHDRAWN)
        .select_related("speaker")
        .order_by("-said_on", "-id")[:UNDATED_LIMIT],
        "undated_count": sum(undated_totals.values()),
        "undated_legend": [
            (
                "still open" if standing.key == Status.OPEN else standing.label.lower(),
                undated_totals[standing.key],
            )
            for standing in STANDINGS
            if undated_totals.get(standing.key)
        ],
        "records": with_calibration_charts(records[:SPEAKER_LIMIT]),
        "more_speakers": max(0, len(records) - SPEAKER_LIMIT),
        "list_limit": LIST_LIMIT,
        "undated_limit": UNDATED_LIMIT,
    }
    return render(request, "dashboard/overview.html", context)


def first_waiting(predictions: QuerySet[Prediction], today: dt.date, limit: int) -> list[Prediction]:
    """The first `limit` by (due_latest, id) of `predictions` awaiting review on `today` or
    disputed, with speakers, in the database's order (undated last on PostgreSQL, first on SQLite).

    Three reads merged, each `limit` rows in index order at most: the flagged (due, disputed),
    and review_day_passed's two arms spelled out, the open dated ones past their day and the open
    undated ones a next look made due, so that each bound is an index condition. As one OR the
    planner could not bound it by index: it sorted every due prediction (770 ms at 1M), or
    walked every open one when few wait.
    """
    next_look_come = Q(next_look_on__isnull=True) | Q(next_look_on__lte=today)
    parts = [
        predictions.filter(status__in=[Status.DUE, Status.DISPUTED]),
        predictions.filter(next_look_come, status=Status.OPEN, due_latest__lt=today),
        predictions.filter(status=Status.OPEN, due_latest__isnull=True, next_look_on__lte=today),
    ]
    rows = [
        prediction
        for part in parts
        for prediction in part.select_related("speaker").order_by("due_latest", "id")[:limit]
    ]
    undated_last = connection.features.nulls_order_largest

    def key(prediction: Prediction) -> tuple[bool, dt.date, int]:
        undated = prediction.due_latest is None
        return (undated == undated_last, prediction.due_latest or dt.date.min, prediction.id)

    return sorted(rows, key=key)[:limit]


def latest_verdicts(predictions: QuerySet[Prediction], limit: int) -> QuerySet[Prediction]:
    """The `limit` most recently known standing verdicts among `predictions`, with speakers.

    From the prediction's denormalized standing, not its review record: the record's newest
    row may be a vote of a round still under way (hidden from readers) or an undo.
    """
    return (
        predictions.filter(status=Status.RESOLVED)
        .select_related("speaker")
        .order_by("-verdict_known_on", "-id")[:limit]
    )


def _totals(rows) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["standing"]] = totals.get(row["standing"], 0) + row["n"]
    return totals


def _timeline_link(bucket: YearBucket, standing: str) -> str:
    return list_url(
        due_after=dt.date(bucket.first_year, 1, 1).isoformat(),
        due_before=dt.date(bucket.last_year, 12, 31).isoformat(),
        **standing_filter(standing),
    )


def standing_filter(standing: str) -> dict[str, str]:
    """List filters that select a standing: a verdict, or the status that stands for it."""
    if standing in (Status.DUE, Status.OPEN):
        return {"status": standing}
    return {"verdict": standing}


def list_url(**params: str) -> str:
    return f"{reverse('dashboard:prediction-list')}?{urlencode(params)}"
