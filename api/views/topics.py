"""/api/topics/: the topics whose slugs filter predictions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from api.serializers.topics import TopicSerializer
from claims.models import Topic


@extend_schema_view(
    list=extend_schema(summary="List topics (their slugs filter predictions)"),
    retrieve=extend_schema(summary="A topic"),
)
class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Topic.objects.order_by("slug")
    serializer_class = TopicSerializer
    lookup_field = "slug"
    filter_backends: list = []
