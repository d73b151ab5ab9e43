"""/api/speakers/: who said the predictions, each with their track record."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from api.serializers.speakers import SpeakerSerializer
from claims.models import Speaker
from claims.services.stats import track_records_by_speaker


@extend_schema_view(
    list=extend_schema(summary="List speakers with their track records"),
    retrieve=extend_schema(summary="A speaker with their track record"),
)
class SpeakerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Speaker.objects.order_by("name", "id")
    serializer_class = SpeakerSerializer
    filter_backends: list = []

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "track_records": getattr(self, "_track_records", {})}

    # The page is of this view's speakers; the stubs' signature is generic over any rows.
    def paginate_queryset(self, queryset: QuerySet) -> list[Speaker] | None:  # type: ignore[override]
        page = super().paginate_queryset(queryset)
        self.load_track_records([speaker.pk for speaker in page or []])
        return page

    def get_object(self) -> Speaker:
        speaker = super().get_object()
        self.load_track_records([speaker.pk])
        return speaker

    def load_track_records(self, speaker_ids: list[int]) -> None:
        # One GROUP BY for the whole page (track records never count drafts or withdrawn ones).
        self._track_records = track_records_by_speaker(speaker_ids=speaker_ids)
