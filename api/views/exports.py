"""/api/predictions/export.csv and .jsonl: the prediction list, filtered and ordered, streamed whole."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.fields import BooleanField
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request

from api import exports, exports_copy
from api.filters import PredictionFilterBackend
from api.relations import with_criteria_frozen
from api.serializers.fields import collection_url
from api.serializers.predictions import PredictionSerializer
from api.views.scope import visible_predictions
from claims.filters import PredictionFilter
from claims.models import Prediction

# Response headers of both exports: the public record's head when the export began.
RECORD_HEADERS = [
    OpenApiParameter(
        exports.RECORD_ENTRIES_HEADER,
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=[200],
        description="Entries in the public record when the export began (as `record.entries` in /api/stats/).",
    ),
    OpenApiParameter(
        exports.RECORD_HEAD_HEADER,
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="SHA-256 of the record's last entry then (`record.head` in /api/stats/). Keep it with "
        "the file: `manage.py verify_record --head ENTRIES:HEAD` checks that nothing up to it changed.",
    ),
]


class JSONOnlyNegotiation(BaseContentNegotiation):
    """The export format is in the URL; errors are always JSON whatever the Accept header."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        return JSONRenderer(), JSONRenderer.media_type

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return None


class PredictionExportView(GenericAPIView):
    """The prediction list (same filters and ordering), streamed whole, without pagination."""

    queryset = Prediction.objects.all()
    serializer_class = PredictionSerializer
    filter_backends = [PredictionFilterBackend]
    filterset_class = PredictionFilter
    pagination_class = None
    content_negotiation_class = JSONOnlyNegotiation
    format_name = ""

    def get_queryset(self) -> QuerySet[Prediction]:
        return with_criteria_frozen(visible_predictions(self.request).for_api())

    def lines(self, *, csv: bool, bom: bool = False) -> Iterator[str] | Iterator[bytes]:
        predictions = self.filter_queryset(self.get_queryset())
        if self.request.method == "HEAD":
            # Headers only: validate the filters, but never run the export for nothing.
            return iter(())
        if exports_copy.copy_available():
            # The same bytes, formatted by the server in one COPY (api.exports_copy).
            base_url = collection_url(self.request, "prediction")
            tz = timezone.get_current_timezone()
            if csv:
                return exports_copy.csv_chunks(predictions, base_url=base_url, tz=tz, bom=bom)
            return exports_copy.jsonl_chunks(predictions, base_url=base_url, tz=tz)
        rows = exports.stream_rows(predictions, self.get_serializer().to_representation)
        return exports.csv_lines(rows, bom=bom) if csv else exports.jsonl_lines(rows)


class PredictionCSVExportView(PredictionExportView):
    @extend_schema(
        summary="The prediction list as CSV, streamed",
        description="Same filters and ordering as the list, one column per field. topics and parts are "
        "joined with ';'; spans, clarifications, corrections and verdict_summary are JSON; null is an empty field. "
        "A text cell that would start a formula (=, +, -, @, tab, CR) is prefixed with '. "
        "bom=1 starts the file with a UTF-8 byte order mark, for Excel.",
        parameters=[
            OpenApiParameter(
                "bom",
                OpenApiTypes.BOOL,
                description="Start with a UTF-8 byte order mark, so that Excel reads the text as UTF-8.",
            ),
            *RECORD_HEADERS,
        ],
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request: Request) -> Any:
        bom = _bom_requested(request)
        return exports.streaming_response(
            self.lines(csv=True, bom=bom),
            content_type="text/csv; charset=utf-8",
            filename="predictions.csv",
        )


def _bom_requested(request: Request) -> bool:
    """The `bom` query parameter: absent is false; anything but a boolean is a 400 naming it."""
    raw = request.query_params.get("bom")
    if raw is None:
        return False
    try:
        return bool(BooleanField().to_internal_value(raw))
    except ValidationError as exc:
        raise ValidationError({"bom": [f"{raw!r}: use 1 or 0 (true or false)."]}) from exc


class PredictionJSONLinesExportView(PredictionExportView):
    @extend_schema(
        summary="The prediction list as JSON Lines, streamed",
        description="Same filters and ordering as the list; one prediction per line, as the list shows it.",
        responses={(200, "application/jsonl"): OpenApiTypes.STR},
        parameters=RECORD_HEADERS,
    )
    def get(self, request: Request) -> Any:
        return exports.streaming_response(
            self.lines(csv=False),
            content_type="application/jsonl; charset=utf-8",
            filename="predictions.jsonl",
        )
