"""`/speakers/<id>/`: one speaker's track record over time."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext

from claims.charts import STANDINGS, YearBucket, timeline_svg, year_buckets
from claims.models import Prediction, Speaker, Status
from claims.services import stats
from claims.views.overview import latest_verdicts, list_url, standing_filter
from claims.views.records import calibration_chart

LIST_LIMIT = 10


@dataclass(frozen=True)
class YearRow:
    """One row of the year-by-year table: what fell due that year, and the hit rate so far."""

    bucket: YearBucket
    hit_rate: float | None
    cumulative_hit_rate: float | None


def speaker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = get_object_or_404(Speaker, pk=pk)
    today = timezone.localdate()
    records = stats.track_records(speaker_ids=[speaker.pk])
    record = records[0] if records else stats.TrackRecord(speaker.pk, speaker.name)
    predictions = Prediction.objects.public().filter(speaker=speaker)
    rows = stats.standing_by_due_year(today, speaker_id=speaker.pk)  # `predictions`', from the tallies
    buckets = year_buckets(rows, today=today)

    def link(bucket: YearBucket, standing: str) -> str:
        return list_url(
            speaker=str(speaker.pk),
            due_after=f"{bucket.first_year}-01-01",
            due_before=f"{bucket.last_year}-12-31",
            **standing_filter(standing),
        )

    context = {
        "speaker": speaker,
        "record": record,
        "calibration": calibration_chart(record, size=220),
        "timeline": timeline_svg(
            buckets,
            today=today,
            link=link,
            title=gettext("Predictions of %(speaker)s by due year") % {"speaker": speaker.name},
        ),
        "legend": [(s, sum(b.counts.get(s.key, 0) for b in buckets)) for s in STANDINGS],
        "years": _year_rows(buckets),
        "undated_count": sum(row["n"] for row in rows if row["year"] is None),
        "recently_resolved": latest_verdicts(predictions, LIST_LIMIT),
        "awaiting": (predictions.awaiting_review(today) | predictions.filter(status=Status.DISPUTED))
        .select_related("speaker")
        .order_by("due_latest", "id")[:LIST_LIMIT],
        "list_url": list_url(speaker=str(speaker.pk)),
        "awaiting_url": list_url(speaker=str(speaker.pk), status=Status.DUE),
        "today": today,
    }
    return render(request, "dashboard/speaker_detail.html", context)


def _year_rows(buckets: list[YearBucket]) -> list[YearRow]:
    """Years in which something fell due, with that year's hit rate and the running one."""
    rows: list[YearRow] = []
    so_far: dict[str, int] = {}
    for bucket in buckets:
        for key, n in bucket.counts.items():
            so_far[key] = so_far.get(key, 0) + n
        if bucket.total:
            rows.append(YearRow(bucket, stats.hit_rate(bucket.counts), stats.hit_rate(so_far)))
    return rows
