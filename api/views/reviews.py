"""The review actions of /api/predictions/{id}/: the review record, reviewers' verdicts and
"too early", adjudications and undos. Mixed into api.views.predictions.PredictionViewSet."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers.reviews import (
    AdjudicationSerializer,
    OutcomeSerializer,
    ReviewSerializer,
    TooEarlySerializer,
    UndoSerializer,
)
from api.views.versions import etag
from claims.groups import signed_in
from claims.models import Outcome, Prediction
from claims.services.reviews import adjudicate, record_outcome, record_too_early, undo_verdict


class ReviewActions(viewsets.GenericViewSet):
    @extend_schema(
        methods=["GET"],
        summary="A prediction's review record, oldest first (blind)",
        description='Every review, "too early", adjudication and undo, with its evidence. Blind review: '
        "the votes of a round still under way are shown only to reviewers who have voted in it "
        "themselves (and, once the round is disputed, to adjudicators); everyone else sees concluded "
        "rounds only.",
        responses={200: OutcomeSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Review a prediction: give a verdict (reviewers)",
        description="One vote in the current round; one per reviewer per round, never changed. Once "
        "reviewers_required reviewers agree, the verdict stands and the prediction is resolved; if "
        "they disagree it is disputed and waits for an adjudicator. Give evidence (url, title, the "
        "quoted passage and the day it was read) or a note. The ETag is the prediction's new version.",
        request=ReviewSerializer,
        responses={201: OutcomeSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def outcomes(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        if request.method != "POST":  # GET, and HEAD
            record = Outcome.objects.review_record(prediction, request.user)
            return Response(OutcomeSerializer(record, many=True).data)
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = record_outcome(
            prediction=prediction,
            reviewer=signed_in(request.user),
            **serializer.validated_data,
            today=timezone.localdate(),
            now=timezone.now(),
        )
        return self.recorded(prediction, outcome)

    @extend_schema(
        summary="Review a prediction: too early to judge (reviewers)",
        description="A vote for no verdict yet, with the day to look again (after today and after the "
        'window closes). When the round concludes "too early" the prediction stays open, a new round '
        "begins and it is flagged due again on the earliest next look the reviewers gave.",
        request=TooEarlySerializer,
        responses={201: OutcomeSerializer},
    )
    @action(detail=True, methods=["post"], url_path="too-early", filter_backends=[])
    def too_early(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        serializer = TooEarlySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = record_too_early(
            prediction=prediction,
            reviewer=signed_in(request.user),
            today=timezone.localdate(),
            **serializer.validated_data,
            now=timezone.now(),
        )
        return self.recorded(prediction, outcome)

    @extend_schema(
        summary="Decide a disputed prediction (adjudicators)",
        description="Only when its reviewers disagreed, and not by one of them. Either a verdict with "
        "known_on, or too early with next_look_on; always with the reasoning. Final: the verdict stands "
        "with the number of reviewers who agreed with it.",
        request=AdjudicationSerializer,
        responses={201: OutcomeSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def adjudication(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        serializer = AdjudicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = adjudicate(
            prediction=prediction,
            adjudicator=signed_in(request.user),
            today=timezone.localdate(),
            **serializer.validated_data,
            now=timezone.now(),
        )
        return self.recorded(prediction, outcome)

    @extend_schema(
        summary="Undo a standing verdict (adjudicators)",
        description="Recorded as an event with its reason; nothing is deleted. The prediction awaits "
        "review again in a new round.",
        request=UndoSerializer,
        responses={201: OutcomeSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def undo(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        serializer = UndoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = undo_verdict(
            prediction=prediction,
            by=signed_in(request.user),
            reason=serializer.validated_data["reason"],
            today=timezone.localdate(),
            now=timezone.now(),
        )
        return self.recorded(prediction, outcome)

    def recorded(self, prediction: Prediction, outcome: Outcome) -> Response:
        """201 with the new event of the review record; the ETag is the prediction's version,
        which the review services bumped (they refresh `prediction`)."""
        response = Response(OutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag(prediction)
        return response
