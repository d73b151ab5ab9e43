"""Candidate extraction over the API: start it for a source, list the candidates, accept or reject.

Curators only, reads included (the candidates are unreviewed material): no credentials is 401,
credentials without the curators group 403, as everywhere else in the API. Views are thin: the
work is claims.services.candidates and the Celery task claims.extraction.tasks.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import states
from celery.backends.base import DisabledBackend
from celery.result import AsyncResult, EagerResult
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import Conflict
from api.permissions import IsCurator
from claims.extraction.tasks import extract_source_task
from claims.groups import signed_in
from claims.models import CandidateState, ExtractionCandidate, Source, Speaker, Status
from claims.services.candidates import CandidateDecided, CandidateEdits, accept_candidate, reject_candidate
from tracker.celery import publish

logger = logging.getLogger(__name__)


class CandidateSerializer(serializers.ModelSerializer):
    speaker = serializers.CharField(source="speaker_label", allow_blank=True, read_only=True)

    class Meta:
        model = ExtractionCandidate
        fields = [
            "id",
            "source",
            "start",
            "end",
            "quote",
            "prefix",
            "suffix",
            "horizon_text",
            "due_earliest",
            "due_latest",
            "score",
            "speaker",
            "duplicate_of",
            "state",
            "prediction",
            "decided_at",
        ]
        read_only_fields = fields


class AcceptSerializer(serializers.Serializer):
    speaker = serializers.PrimaryKeyRelatedField(
        queryset=Speaker.objects.all(),
        required=False,
        allow_null=True,
        help_text="Who made the prediction; defaults to the speaker the transcript label names.",
    )
    start = serializers.IntegerField(required=False, min_value=0, help_text="Move the span (code points).")
    end = serializers.IntegerField(required=False, min_value=1)
    statement = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    statement_en = serializers.CharField(required=False, allow_blank=True, default="")
    horizon_text = serializers.CharField(required=False, allow_blank=True, max_length=200)
    resolution_criteria = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="What settles it. Needed to open the prediction; without them it becomes a draft.",
    )
    status = serializers.ChoiceField(
        choices=[Status.DRAFT, Status.OPEN],
        required=False,
        help_text="Default: open when resolution_criteria are given, else draft.",
    )

    def edits(self) -> CandidateEdits:
        data = self.validated_data
        return CandidateEdits(
            start=data.get("start"),
            end=data.get("end"),
            statement=data.get("statement") or None,
            statement_en=data.get("statement_en", ""),
            horizon_text=data.get("horizon_text"),
            status=data.get("status"),
            resolution_criteria=data.get("resolution_criteria", ""),
        )


_STARTED = inline_serializer(
    "ExtractionStarted",
    {
        "source": serializers.IntegerField(),
        "task_id": serializers.CharField(allow_null=True),
        "status_url": serializers.CharField(allow_null=True),
        "candidates_url": serializers.CharField(),
        "created": serializers.IntegerField(allow_null=True),
        "total": serializers.IntegerField(allow_null=True),
    },
)
_TASK_STATUS = inline_serializer(
    "ExtractionStatus",
    {"task_id": serializers.CharField(), "state": serializers.CharField(), "result": serializers.JSONField()},
)
_ACCEPTED = inline_serializer(
    "CandidateAccepted",
    {
        "candidate": CandidateSerializer(),
        "prediction": serializers.IntegerField(),
        "prediction_url": serializers.CharField(),
    },
)


class ExtractSourceView(APIView):
    permission_classes = [IsCurator]

    @extend_schema(
        summary="Extract candidates from a source (curators)",
        description="Starts the extraction task. With a broker it answers 202 and a status URL; "
        "when tasks run in-process (no broker configured) the work is done already and it answers "
        "200 with the counts. Running it again proposes nothing already accepted or rejected.",
        request=None,
        responses={200: _STARTED, 202: _STARTED, 404: OpenApiResponse(description="No such source.")},
    )
    def post(self, request: Request, pk: int) -> Response:
        source = get_object_or_404(Source.objects.without_text(), pk=pk)
        try:
            result = publish(extract_source_task, source.pk)
        except OSError as exc:  # kombu's connection errors are OSErrors: the client gets a 503
            logger.warning("could not enqueue extraction of source #%s: %s", source.pk, exc)
            return Response(
                {"detail": "The task queue is unavailable; try again later.", "errors": {}},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        body: dict[str, Any] = {
            "source": source.pk,
            "task_id": None,
            "status_url": None,
            "candidates_url": request.build_absolute_uri(
                reverse("extraction:source-candidates", args=[source.pk])
            ),
            "created": None,
            "total": None,
        }
        if isinstance(result, EagerResult):  # no broker: the task ran inside this request
            outcome = result.get(propagate=True)
            body.update(created=outcome["created"], total=outcome["total"])
            return Response(body, status=status.HTTP_200_OK)
        body["task_id"] = result.id
        body["status_url"] = request.build_absolute_uri(reverse("extraction:task-status", args=[result.id]))
        return Response(body, status=status.HTTP_202_ACCEPTED)


class ExtractionStatusView(APIView):
    permission_classes = [IsCurator]

    @extend_schema(
        summary="State of an extraction task (curators)",
        description="PENDING until a worker reports; SUCCESS with the counts. Without a result "
        "backend (CELERY_RESULT_BACKEND) the state stays PENDING: list the candidates instead.",
        responses={200: _TASK_STATUS},
    )
    def get(self, request: Request, task_id: str) -> Response:
        result: AsyncResult[Any] = AsyncResult(task_id)
        if isinstance(result.backend, DisabledBackend):
            # No CELERY_RESULT_BACKEND, so nothing to ask: what Celery says of any task it has
            # no news of, as the schema documents.
            return Response({"task_id": task_id, "state": states.PENDING, "result": None})
        state = result.state
        value = result.result if state == states.SUCCESS else None
        return Response({"task_id": task_id, "state": state, "result": value})


class SourceCandidatesView(ListAPIView):
    """A source's candidates in text order; ?state=proposed|accepted|rejected filters."""

    permission_classes = [IsCurator]
    serializer_class = CandidateSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return ExtractionCandidate.objects.none()
        source = get_object_or_404(Source.objects.without_text(), pk=self.kwargs["pk"])
        queryset = ExtractionCandidate.objects.filter(source=source).in_text_order()
        state = self.request.query_params.get("state")
        if state:
            if state not in CandidateState.values:
                raise serializers.ValidationError(
                    {"state": f"Use one of {', '.join(CandidateState.values)}."}
                )
            queryset = queryset.filter(state=state)
        return queryset

    @extend_schema(summary="A source's extraction candidates, in text order (curators)")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class CandidateViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsCurator]
    serializer_class = CandidateSerializer
    queryset = ExtractionCandidate.objects.all()

    @extend_schema(summary="One extraction candidate (curators)")
    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Accept a candidate: create a prediction from it (curators)",
        description="Creates a prediction with the candidate's span and the window computed from its "
        "horizon words and the source's date. It is open when resolution_criteria are given (a draft "
        "otherwise, to be completed and opened later); status open without criteria is refused. Fields "
        "given override the candidate's (span offsets, horizon words, statement, speaker).",
        request=AcceptSerializer,
        responses={201: _ACCEPTED},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        candidate = self.get_object()
        payload = AcceptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            prediction = accept_candidate(
                candidate,
                user=signed_in(request.user),
                speaker=payload.validated_data.get("speaker"),
                edits=payload.edits(),
                now=timezone.now(),
            )
        except CandidateDecided as exc:
            raise Conflict(exc.messages[0]) from None
        body = {
            "candidate": CandidateSerializer(candidate).data,
            "prediction": prediction.pk,
            "prediction_url": request.build_absolute_uri(
                reverse("api:prediction-detail", args=[prediction.pk])
            ),
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reject a candidate (curators)",
        description="It is kept as rejected, so extraction never proposes it again.",
        request=None,
        responses={200: CandidateSerializer},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        candidate = self.get_object()
        try:
            reject_candidate(candidate, user=signed_in(request.user), now=timezone.now())
        except CandidateDecided as exc:
            raise Conflict(exc.messages[0]) from None
        return Response(CandidateSerializer(candidate).data)
