"""/api/predictions/{id}/clarifications/: notes appended to frozen resolution criteria.
Mixed into api.views.predictions.PredictionViewSet."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers.criteria import ClarificationSerializer
from api.views.versions import etag
from claims.groups import signed_in
from claims.services.criteria import add_clarification


class CriteriaActions(viewsets.GenericViewSet):
    @extend_schema(
        methods=["GET"],
        summary="Clarifications of a prediction's resolution criteria, oldest first",
        responses={200: ClarificationSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Clarify the resolution criteria (curators)",
        description="Appended with its author and date; the criteria themselves are never edited once "
        "frozen, and clarifications are never edited at all.",
        request=ClarificationSerializer,
        responses={201: ClarificationSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def clarifications(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        if request.method != "POST":  # GET, and HEAD
            notes = prediction.clarifications.select_related("author__reviewer_profile").order_by(
                "added_at", "id"
            )
            return Response(ClarificationSerializer(notes, many=True).data)
        serializer = ClarificationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        clarification = add_clarification(
            prediction=prediction,
            author=signed_in(request.user),
            text=serializer.validated_data["text"],
            now=timezone.now(),
        )
        response = Response(ClarificationSerializer(clarification).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag(prediction)
        return response
