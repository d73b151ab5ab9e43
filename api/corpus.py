"""Corpus runs over the API (curators): start one over files under CORPUS_ROOT, follow its
progress, resume it. The work is claims.services.corpus and claims.extraction.tasks."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import IsCorpusCurator
from claims.extraction.tasks import enqueue_corpus_run
from claims.groups import signed_in
from claims.models import CorpusFileState, CorpusRun
from claims.services.corpus import corpus_paths, corpus_run_create

logger = logging.getLogger(__name__)


class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    failed = serializers.IntegerField()
    pending = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="Finished files (done or failed), rounded down.")


class CorpusRunSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()
    failures = serializers.SerializerMethodField()
    queued = serializers.IntegerField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = CorpusRun
        fields = ["id", "label", "said_on", "created_at", "progress", "failures", "queued"]
        read_only_fields = fields

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, run: CorpusRun) -> dict[str, int]:
        return ProgressSerializer(run.progress()).data

    @extend_schema_field(
        inline_serializer(
            "CorpusFailure", {"path": serializers.CharField(), "error": serializers.CharField()}, many=True
        )
    )
    def get_failures(self, run: CorpusRun) -> list[dict[str, str]]:
        """The failed files with their errors (the first 100)."""
        failed = run.files.filter(state=CorpusFileState.FAILED).values("path", "error")[:100]
        return [{"path": row["path"], "error": row["error"]} for row in failed]


class CorpusRunListSerializer(CorpusRunSerializer):
    """A list row: the progress only (each run's failures would cost a query a row)."""

    class Meta(CorpusRunSerializer.Meta):
        fields = ["id", "label", "said_on", "created_at", "progress"]
        read_only_fields = fields


class StartSerializer(serializers.Serializer):
    paths = serializers.ListField(
        child=serializers.CharField(),
        allow_empty=False,
        help_text="Files or folders, relative to CORPUS_ROOT.",
    )
    said_on = serializers.DateField(
        required=False, allow_null=True, help_text="For texts with no date of their own."
    )

    def validate_paths(self, value: list[str]) -> list[str]:
        try:
            return corpus_paths(value)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class CorpusRunViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsCorpusCurator]
    serializer_class = CorpusRunSerializer
    # Meta.ordering is not applied to a grouped query: newest first, said again.
    queryset = CorpusRun.objects.with_progress().order_by("-created_at", "-id")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return CorpusRunListSerializer if self.action == "list" else CorpusRunSerializer

    def _queued(self, run: CorpusRun) -> Response | int:
        try:
            return enqueue_corpus_run(run, now=timezone.now())
        except OSError as exc:  # kombu's connection errors: the run stays, to resume later
            logger.warning("could not queue corpus run #%s: %s", run.pk, exc)
            return Response(
                {"detail": f"The task queue is unavailable; resume run #{run.pk} later.", "errors": {}},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )

    def _answer(self, run: CorpusRun, queued: int) -> Response:
        run = self.get_queryset().get(pk=run.pk)  # fresh figures
        run.queued = queued
        finished = run.progress().pending == 0
        code = status.HTTP_200_OK if finished else status.HTTP_202_ACCEPTED
        return Response(CorpusRunSerializer(run).data, status=code)

    @extend_schema(
        summary="Start a corpus run: import and extract many files (curators)",
        description="Records every file under the paths and queues one task per file for the workers; "
        "202 while files remain, 200 when all are finished already (no broker: done in the request). "
        "Follow it with GET; a bad file is listed in failures and does not stop the run.",
        request=StartSerializer,
        responses={200: CorpusRunSerializer, 202: CorpusRunSerializer},
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        payload = StartSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with transaction.atomic():
            run = corpus_run_create(
                paths=payload.validated_data["paths"],
                said_on=payload.validated_data.get("said_on"),
                user=signed_in(request.user),
                now=timezone.now(),
            )
        queued = self._queued(run)
        return queued if isinstance(queued, Response) else self._answer(run, queued)

    @extend_schema(summary="A corpus run and its progress (curators)")
    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(summary="Corpus runs, newest first (curators)")
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Resume a corpus run (curators)",
        description="Re-queues the run's files that are not finished and that no live worker holds "
        "(never claimed, or claimed by a worker whose lease ran out). A file is never imported twice.",
        request=None,
        responses={200: CorpusRunSerializer, 202: CorpusRunSerializer},
    )
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        queued = self._queued(run)
        return queued if isinstance(queued, Response) else self._answer(run, queued)
