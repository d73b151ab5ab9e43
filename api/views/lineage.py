"""How predictions relate: split into parts, linked to earlier ones, and the lineage timeline.
Mixed into api.views.predictions.PredictionViewSet."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import request_is_curator
from api.relations import attach_relations, with_criteria_frozen
from api.serializers.lineage import LineageSerializer, LineageStepSerializer, LinkSerializer
from api.serializers.parts import SplitSerializer
from api.serializers.predictions import PredictionSerializer
from api.views.versions import etag
from claims.groups import signed_in
from claims.models import Face, Prediction, Status
from claims.services.lineage import LineageStep, link_predictions
from claims.services.lineage import lineage as lineage_of
from claims.services.parts import split_prediction


class LineageActions(viewsets.GenericViewSet):
    @extend_schema(
        summary="Split a compound prediction into parts (curators)",
        description="Each part is a new prediction with its own statement and resolution criteria, "
        "keeping the compound prediction's spans, speaker, date, confidence, topics and number of "
        "reviewers; the compound prediction becomes split and is no longer reviewed. Only before its "
        "first review; all or nothing. Answers with the parts; the ETag is the compound's new version.",
        request=SplitSerializer,
        responses={201: PredictionSerializer(many=True)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def split(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        serializer = SplitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        parts = split_prediction(
            prediction=prediction,
            parts=serializer.validated_data["parts"],
            by=signed_in(request.user),
            face=Face.API,
            now=timezone.now(),
        )
        fresh = list(with_criteria_frozen(Prediction.objects.for_api()).filter(pk__in=[p.pk for p in parts]))
        attach_relations(fresh)
        data = PredictionSerializer(fresh, many=True, context=self.get_serializer_context()).data
        response = Response(data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag(prediction)  # split_prediction bumped the compound's version
        return response

    @extend_schema(
        summary="A prediction's lineage as a timeline, oldest first",
        description="Every prediction linked to this one, directly or through others (said again, "
        "revised, retracted; always by the same speaker), each with its window, standing and links. "
        "slipped marks a revision that moved the deadline later.",
        responses={200: LineageSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def lineage(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        steps = lineage_of(prediction)
        if not request_is_curator(request):
            # Readers never see drafts, not even as a step of a lineage.
            hidden = {step.prediction.pk for step in steps if step.prediction.status == Status.DRAFT}
            steps = [
                LineageStep(step.prediction, [link for link in step.links if link.earlier_id not in hidden])
                for step in steps
                if step.prediction.pk not in hidden
            ]
        context = {**self.get_serializer_context(), "current": prediction.pk}
        return Response(
            {
                "prediction": prediction.pk,
                "steps": LineageStepSerializer(steps, many=True, context=context).data,
            }
        )

    @extend_schema(
        summary="Link this prediction to an earlier one (curators)",
        description="This prediction restates, revises or retracts `earlier`, said on or before it by "
        "the same speaker. Once per pair.",
        request=LinkSerializer,
        responses={201: LinkSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def links(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        serializer = LinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link = link_predictions(
            prediction=prediction,
            by=signed_in(request.user),
            face=Face.API,
            now=timezone.now(),
            **serializer.validated_data,
        )
        response = Response(LinkSerializer(link).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag(prediction)
        return response
