"""/api/predictions/{id}/corrections/: the one way a judged prediction's words, speaker, window
or spans change. Mixed into api.views.predictions.PredictionViewSet."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers.corrections import CorrectionSerializer, CorrectPredictionSerializer
from api.views.versions import etag
from claims.groups import signed_in
from claims.models import Face
from claims.services.corrections import correct_prediction


class CorrectionActions(viewsets.GenericViewSet):
    @extend_schema(
        methods=["GET"],
        summary="Corrections of a judged prediction, oldest first",
        responses={200: CorrectionSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Correct a judged prediction (curators)",
        description="From its first review on, a prediction's statement, speaker, kind, confidence, dates, "
        "horizon words and spans change only by a correction: appended with what was wrong, its author and "
        "date, the fields before and after. Unless it is a typo fix (the statement's spelling only), it "
        "reopens review: the verdict or the votes so far stay on record, and a new round judges the "
        "corrected prediction. Before the first review, edit the prediction instead.",
        request=CorrectPredictionSerializer,
        responses={201: CorrectionSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def corrections(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        if request.method != "POST":  # GET, and HEAD
            rows = prediction.corrections.select_related("author__reviewer_profile").order_by("number")
            return Response(CorrectionSerializer(rows, many=True).data)
        serializer = CorrectPredictionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        correction = correct_prediction(
            prediction=prediction,
            by=signed_in(request.user),
            what_was_wrong=data.pop("what_was_wrong"),
            typo=data.pop("typo"),
            today=timezone.localdate(),
            now=timezone.now(),
            face=Face.API,
            **data,
        )
        response = Response(CorrectionSerializer(correction).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag(prediction)
        return response
