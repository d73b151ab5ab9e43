"""/api/predictions/: list, read, create, edit and withdraw predictions. The viewset's other
actions come from the mixins of reviews.py, criteria.py, lineage.py and annotations.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.filters import ORDERING_PARAMETER, PredictionFilterBackend
from api.permissions import (
    ReadOrAdjudicate,
    ReadOrClarify,
    ReadOrCorrect,
    ReadOrLink,
    ReadOrReview,
    ReadOrSplit,
    ReadOrUndo,
    ReadOrWithdraw,
)
from api.relations import attach_relations, with_criteria_frozen
from api.serializers.corrections import CorrectPredictionSerializer
from api.serializers.criteria import ClarificationSerializer
from api.serializers.lineage import LinkSerializer
from api.serializers.parts import SplitSerializer
from api.serializers.predictions import PredictionSerializer, WithdrawSerializer
from api.serializers.reviews import (
    AdjudicationSerializer,
    ReviewSerializer,
    TooEarlySerializer,
    UndoSerializer,
)
from api.views.annotations import AnnotationActions
from api.views.corrections import CorrectionActions
from api.views.criteria import CriteriaActions
from api.views.history import HistoryActions
from api.views.lineage import LineageActions
from api.views.reviews import ReviewActions
from api.views.scope import visible_predictions
from api.views.versions import IF_MATCH, VersionChecks, etag
from claims.filters import PredictionFilter
from claims.groups import signed_in
from claims.models import Face, Prediction
from claims.querysets import PredictionQuerySet
from claims.services.predictions import (
    VersionConflict,
    create_prediction,
    update_prediction,
    withdraw_prediction,
)


@extend_schema_view(
    list=extend_schema(summary="List predictions, filtered and ordered", parameters=[ORDERING_PARAMETER]),
    retrieve=extend_schema(
        summary="A prediction with its spans",
        responses={200: OpenApiResponse(PredictionSerializer, description="ETag: the version, quoted.")},
    ),
    create=extend_schema(
        summary="Create a prediction anchored to spans (curators)",
        description="Each span is given by offsets (start, end), by quote alone, or both; a quote alone "
        "must occur once in the source, or prefix/suffix must pick one occurrence. Nothing is saved "
        "unless every span verifies.",
    ),
    update=extend_schema(
        summary="Replace a prediction's fields (curators)",
        description="Needs the version you read: If-Match (412 when stale) or version in the body (409 "
        "when stale); 428 without either. spans, when given, replace all spans.",
        parameters=[IF_MATCH],
    ),
    partial_update=extend_schema(
        summary="Change some of a prediction's fields (curators)",
        description="As PUT: needs If-Match or version.",
        parameters=[IF_MATCH],
    ),
)
class PredictionViewSet(
    ReviewActions,
    CriteriaActions,
    CorrectionActions,
    LineageActions,
    HistoryActions,
    AnnotationActions,
    VersionChecks,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Prediction.objects.all()
    serializer_class = PredictionSerializer
    filter_backends = [PredictionFilterBackend]
    filterset_class = PredictionFilter

    # Its actions (@action) take filter_backends=[]: the list's filters mean nothing for one
    # prediction, and the schema would otherwise document them as the action's parameters.

    # Routes whose writes need another role than curating (the default, ReadOrCurate).
    ROUTE_PERMISSIONS = {
        "prediction-withdraw": ReadOrWithdraw,
        "prediction-outcomes": ReadOrReview,
        "prediction-too-early": ReadOrReview,
        "prediction-adjudication": ReadOrAdjudicate,
        "prediction-undo": ReadOrUndo,
        "prediction-clarifications": ReadOrClarify,
        "prediction-corrections": ReadOrCorrect,
        "prediction-split": ReadOrSplit,
        "prediction-links": ReadOrLink,
    }

    # What each action takes as input: the browsable API's forms and OPTIONS describe these.
    ACTION_SERIALIZERS: dict[str, type[serializers.Serializer]] = {
        "withdraw": WithdrawSerializer,
        "outcomes": ReviewSerializer,
        "too_early": TooEarlySerializer,
        "adjudication": AdjudicationSerializer,
        "undo": UndoSerializer,
        "clarifications": ClarificationSerializer,
        "corrections": CorrectPredictionSerializer,
        "split": SplitSerializer,
        "links": LinkSerializer,
    }

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return self.ACTION_SERIALIZERS.get(self.action, PredictionSerializer)

    def get_queryset(self) -> PredictionQuerySet:
        predictions = visible_predictions(self.request)
        if self.action in ("list", "retrieve"):
            predictions = with_criteria_frozen(predictions.for_api())
        return predictions

    def get_permissions(self) -> Sequence[Any]:
        # By route, not by action: a method the route does not take has no action, and the
        # reviewer asking for it should hear 405, not 403.
        match = self.request.resolver_match if self.request else None
        permission = self.ROUTE_PERMISSIONS.get(match.url_name or "") if match is not None else None
        if permission is not None:
            return [permission()]
        return super().get_permissions()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Filters and ordering are for the list only: ?status=... never hides a detail page.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    # The page is of this view's predictions; the stubs' signature is generic over any rows.
    def paginate_queryset(self, queryset: QuerySet) -> list[Prediction] | None:  # type: ignore[override]
        page = super().paginate_queryset(queryset)
        attach_relations(page or [])
        return page

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.respond(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        for ignored in ("version", "window_overridden"):
            data.pop(ignored, None)
        prediction = create_prediction(
            speaker=data.pop("speaker"),
            statement=data.pop("statement"),
            spans=data.pop("spans"),
            topics=data.pop("topics", []),
            created_by=signed_in(request.user),
            **data,
        )
        response = self.respond(prediction, status=status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        prediction = self.get_object()
        expected_by_header = self.if_match_version(prediction)
        serializer = self.get_serializer(prediction, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        expected = self.expected_version(prediction, expected_by_header, changes.pop("version", None))
        try:
            update_prediction(
                prediction=prediction,
                expected_version=expected,
                topics=changes.pop("topics", None),
                spans=changes.pop("spans", None),
                **changes,
                now=timezone.now(),
                by=signed_in(request.user),
                face=Face.API,
            )
        except VersionConflict as exc:
            raise self.stale(exc, by_header=expected_by_header is not None) from exc
        return self.respond(prediction)

    @extend_schema(
        summary="Withdraw a prediction (curators)",
        description="Idempotent. Needs If-Match or version, like an update. A resolved prediction "
        "cannot be withdrawn.",
        request=WithdrawSerializer,
        responses={200: PredictionSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        expected_by_header = self.if_match_version(prediction)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expected = self.expected_version(
            prediction, expected_by_header, serializer.validated_data.get("version")
        )
        try:
            withdraw_prediction(
                prediction=prediction,
                expected_version=expected,
                now=timezone.now(),
                by=signed_in(request.user),
                face=Face.API,
            )
        except VersionConflict as exc:
            raise self.stale(exc, by_header=expected_by_header is not None) from exc
        return self.respond(prediction)

    def respond(self, prediction: Prediction, status: int = 200) -> Response:
        """The prediction as the list shows it, with its version as ETag."""
        fresh = (
            with_criteria_frozen(self.get_queryset().for_api()).get(pk=prediction.pk)
            if self.action != "retrieve"
            else prediction
        )
        attach_relations([fresh])
        response = Response(
            PredictionSerializer(fresh, context=self.get_serializer_context()).data, status=status
        )
        response["ETag"] = etag(fresh)
        return response
