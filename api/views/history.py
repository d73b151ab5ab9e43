"""/api/predictions/{id}/history/: every edit of a prediction, its spans and its links.
Mixed into api.views.predictions.PredictionViewSet."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers.history import EditRecordSerializer, HistorySerializer
from claims.models import EditRecord


class HistoryActions(viewsets.GenericViewSet):
    @extend_schema(
        summary="A prediction's edit history, oldest first",
        description="Who changed which fields of the prediction, its spans and its lineage links, when, "
        "from where (admin, API, dashboard or a command), each field with its value before and after. "
        "Public like the prediction. Reviews are not edits: they are the review record (outcomes/); "
        "nor is the move from open to due, which the due job derives from the window.",
        responses={200: HistorySerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        edits = EditRecord.objects.of_prediction(prediction.pk)
        return Response({"prediction": prediction.pk, "edits": EditRecordSerializer(edits, many=True).data})
