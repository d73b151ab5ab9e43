"""/api/predictions/{id}/annotations/: a prediction's spans as W3C Web Annotations (JSON-LD).
Mixed into api.views.predictions.PredictionViewSet."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api.annotations import COLLECTION_SCHEMA, annotation_collection
from api.annotations import MEDIA_TYPE as ANNOTATION_MEDIA_TYPE
from api.serializers.fields import collection_url


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"


class AnnotationActions(viewsets.GenericViewSet):
    @extend_schema(
        summary="A prediction's spans as W3C Web Annotations (JSON-LD)",
        description="An AnnotationCollection: one Annotation per span, targeting the source's API URL "
        "with a TextQuoteSelector and a TextPositionSelector (code points).",
        responses={200: OpenApiResponse(COLLECTION_SCHEMA, description="JSON-LD (also served as JSON).")},
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONLDRenderer, JSONRenderer], filter_backends=[])
    def annotations(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        here = collection_url(request, "prediction") + f"{prediction.pk}/"
        body = annotation_collection(
            prediction,
            collection_url=f"{here}annotations/",
            prediction_url=here,
            source_url=collection_url(request, "source"),
        )
        # With the Web Annotation profile, unless the client asked for plain application/json.
        as_jsonld = request.accepted_renderer.media_type == JSONLDRenderer.media_type
        return Response(body, content_type=ANNOTATION_MEDIA_TYPE if as_jsonld else None)
