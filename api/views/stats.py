"""GET /api/stats/: counts, track records, the review backlog and the public record's head."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import request_is_curator
from api.serializers.stats import StatsSerializer
from claims.groups import sees_reviewer_workload
from claims.services.backlog import review_backlog
from claims.services.record import record_head
from claims.services.stats import status_counts, track_records, verdict_counts


class StatsView(APIView):
    @extend_schema(
        summary="Counts by status and verdict; each speaker's track record; the review backlog",
        description="Hit rate = (came true + ½ partly true) / (judged + slipped misses): a deadline a "
        "revision moved later counts against the original date too. Brier score = mean (p − o)² over "
        "resolved predictions with an expressed confidence (o: true 1, partly ½, false 0). backlog: "
        "predictions due and unreviewed, how many wait for an adjudicator, how long the oldest has "
        "waited since its review day, and, for signed-in staff only, per reviewer how many wait on them. "
        "record: the head of the tamper-evident public record (entries and the last entry's SHA-256), "
        "as every export carries it.",
        responses={200: StatsSerializer},
    )
    def get(self, request: Request) -> Response:
        # From the tallies (claims.tallies), drafts for curators only, as visible_predictions.
        by_status = status_counts(drafts=request_is_curator(request))
        data = {
            "predictions": sum(by_status.values()),
            "by_status": by_status,
            "by_verdict": verdict_counts(),
            "speakers": track_records(),
            "backlog": review_backlog(
                timezone.localdate(), with_reviewers=sees_reviewer_workload(request.user)
            ),
            # The whole record's head, whoever asks: it is the same chain for everyone.
            "record": record_head(),
        }
        return Response(StatsSerializer(data, context={"request": request}).data)
