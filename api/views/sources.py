"""/api/sources/: import, read and edit the documents predictions were said in."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import Conflict
from api.serializers.fields import collection_url
from api.serializers.sources import SourceDetailSerializer, SourceSerializer
from claims.groups import signed_in
from claims.models import Face, Source
from claims.services.sources import SourceImportError, import_source, update_source


@extend_schema_view(
    list=extend_schema(summary="List sources (metadata, without the text)"),
    retrieve=extend_schema(summary="A source with its canonical text and SHA-256"),
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
        return sources.without_text() if self.action == "list" else sources

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

    def item_url(self, source: Source) -> str:
        return f"{collection_url(self.request, 'source')}{source.pk}/"
