"""/api/sources/: import, read and edit the documents predictions were said in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import Conflict
from api.serializers.fields import collection_url
from api.serializers.sources import (
    SourceDetailSerializer,
    SourceSerializer,
    TextRangeQuerySerializer,
    TextRangeSerializer,
)
from api.views.scope import visible_predictions
from claims.groups import signed_in
from claims.models import Face, Source, Span
from claims.services.sources import SourceImportError, import_source, update_source


@extend_schema_view(
    list=extend_schema(summary="List sources (metadata, without the text)"),
    retrieve=extend_schema(
        summary="A source with its canonical text and SHA-256",
        description="The text is null when it is longer than SOURCE_PAGE_CHARS code points (100,000 by "
        "default): read it in ranges from text_url.",
    ),
    create=extend_schema(
        summary="Import a source (curators)",
        description="The text is canonicalized like the importer does (strict UTF-8, no BOM, LF, NFC); "
        "title, author, URL and publication date default from a '# title' header. The same text twice "
        "is refused with 409 and a Location header pointing at the stored source.",
        responses={201: SourceDetailSerializer},
    ),
    update=extend_schema(summary="Edit a source (curators); the text only while no span points into it"),
    partial_update=extend_schema(summary="Edit some of a source's fields (curators)"),
)
class SourceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Source.objects.all()
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Source]:
        sources = Source.objects.order_by("-published_on", "id")
        if self.action == "list":
            return sources.without_text()
        if self.action == "retrieve":
            return sources.with_text_if_shorter(settings.SOURCE_PAGE_CHARS)
        return sources

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return SourceSerializer if self.action == "list" else SourceDetailSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        text = fields.pop("text")
        name = fields.get("file_name") or fields.get("title") or "text"
        try:
            result = import_source(text.encode("utf-8"), name=name, **fields)
        except SourceImportError as exc:
            raise serializers.ValidationError({"text": [str(exc)]}) from exc
        location = self.item_url(result.source)
        if not result.created:
            message = (
                f"This exact text is already stored as source #{result.source.pk} «{result.source.title}»."
            )
            raise Conflict(message, errors={"text": [message]}, headers={"Location": location})
        data = self.get_serializer(result.source).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": location})

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        source = self.get_object()
        serializer = self.get_serializer(source, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        update_source(
            source=source,
            by=signed_in(request.user),
            face=Face.API,
            now=timezone.now(),
            **serializer.validated_data,
        )
        return Response(self.get_serializer(source).data)

    @extend_schema(
        summary="A range of a source's text, with the spans in it",
        description="Code points [start, end) of the text, at most SOURCE_PAGE_CHARS (100,000 by "
        "default) a range, with previous and next links and the spans of visible predictions that "
        "overlap the range. How a long source is read; a short one fits in one range.",
        parameters=[TextRangeQuerySerializer],
        responses={200: TextRangeSerializer},
    )
    @action(detail=True, methods=["get"], url_path="text", url_name="text")
    def text_range(self, request: Request, pk: str | None = None) -> Response:
        query = TextRangeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, end = query.validated_data["start"], query.validated_data["end"]
        source = get_object_or_404(Source.objects.with_text_between(start, end), pk=pk)
        length = source.text_length
        if start >= length:
            raise serializers.ValidationError(
                {"start": [f"start ({start}) is past the end of the text ({length:,} code points)."]}
            )
        end = min(end, length)
        spans = (
            Span.objects.filter(source=source, start__lt=end, end__gt=start)
            .filter(prediction__in=visible_predictions(request))
            .order_by("start", "end", "id")
            .values("prediction", "start", "end", "quote", "role")
        )
        page = settings.SOURCE_PAGE_CHARS
        base = request.build_absolute_uri(request.path)
        data = {
            "source": source.pk,
            "start": start,
            "end": end,
            "length": length,
            "text": source.text_part[: end - start],  # type: ignore[attr-defined]  # with_text_between
            "previous": f"{base}?{urlencode({'start': max(start - page, 0), 'end': start})}"
            if start
            else None,
            "next": f"{base}?{urlencode({'start': end, 'end': min(end + page, length)})}"
            if end < length
            else None,
            "spans": list(spans),
        }
        return Response(TextRangeSerializer(data).data)

    def item_url(self, source: Source) -> str:
        return f"{collection_url(self.request, 'source')}{source.pk}/"
