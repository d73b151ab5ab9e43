"""A prediction's spans as W3C Web Annotations (https://www.w3.org/TR/annotation-model/).

Each span becomes one Annotation whose target is the source's API URL, selected twice: a
TextQuoteSelector (exact words with prefix and suffix) and a TextPositionSelector. The Web
Annotation model counts positions in Unicode code points, exactly as spans store them. The spans
of one prediction are returned as an AnnotationCollection with its one page embedded.
"""

from __future__ import annotations

from typing import Any

from claims.models import Prediction, Span

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'

_SELECTORS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["TextQuoteSelector", "TextPositionSelector"]},
            "exact": {"type": "string"},
            "prefix": {"type": "string"},
            "suffix": {"type": "string"},
            "start": {"type": "integer", "description": "Code points, as the Web Annotation model counts."},
            "end": {"type": "integer"},
        },
        "required": ["type"],
    },
}
ANNOTATION_SCHEMA = {
    "type": "object",
    "properties": {
        "@context": {"type": "string", "enum": [ANNOTATION_CONTEXT]},
        "id": {"type": "string", "format": "uri"},
        "type": {"type": "string", "enum": ["Annotation"]},
        "motivation": {"type": "string"},
        "created": {"type": "string", "format": "date-time"},
        "body": {"type": "array", "items": {"type": "object"}},
        "target": {
            "type": "object",
            "properties": {"source": {"type": "string", "format": "uri"}, "selector": _SELECTORS},
            "required": ["source", "selector"],
        },
    },
    "required": ["@context", "id", "type", "body", "target"],
}
# The OpenAPI description of annotation_collection()'s result.
COLLECTION_SCHEMA = {
    "type": "object",
    "properties": {
        "@context": {"type": "string", "enum": [ANNOTATION_CONTEXT]},
        "id": {"type": "string", "format": "uri"},
        "type": {"type": "string", "enum": ["AnnotationCollection"]},
        "label": {"type": "string"},
        "total": {"type": "integer"},
        "first": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "type": {"type": "string", "enum": ["AnnotationPage"]},
                "partOf": {"type": "string"},
                "startIndex": {"type": "integer"},
                "items": {"type": "array", "items": ANNOTATION_SCHEMA},
            },
            "required": ["type", "items"],
        },
    },
    "required": ["@context", "id", "type", "total", "first"],
}


def annotation_collection(
    prediction: Prediction, *, collection_url: str, prediction_url: str, source_url: str
) -> dict[str, Any]:
    """`source_url` is the sources collection URL; a source's URL is it plus "<id>/"."""
    items = [
        annotation(
            span,
            prediction,
            id=f"{collection_url}#span-{span.pk}",
            source=f"{source_url}{span.source_id}/",
            prediction_url=prediction_url,
        )
        for span in prediction.spans.all()
    ]
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": collection_url,
        "type": "AnnotationCollection",
        "label": f"Spans of prediction #{prediction.pk}",
        "total": len(items),
        "first": {
            "id": f"{collection_url}#page-1",
            "type": "AnnotationPage",
            "partOf": collection_url,
            "startIndex": 0,
            "items": items,
        },
    }


def annotation(
    span: Span, prediction: Prediction, *, id: str, source: str, prediction_url: str
) -> dict[str, Any]:
    body = [
        {
            "type": "TextualBody",
            "purpose": "describing",
            "value": prediction.statement,
            "format": "text/plain",
        },
        {"type": "TextualBody", "purpose": "tagging", "value": span.role},
        # The prediction itself, for tools that follow links back to Hindsight.
        {"type": "SpecificResource", "purpose": "linking", "source": prediction_url},
    ]
    if prediction.statement_en:
        body.insert(
            1,
            {
                "type": "TextualBody",
                "purpose": "describing",
                "value": prediction.statement_en,
                "format": "text/plain",
                "language": "en",
            },
        )
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": id,
        "type": "Annotation",
        "motivation": "describing",
        "created": prediction.created_at.isoformat(),
        "body": body,
        "target": {
            "source": source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": span.quote,
                    "prefix": span.prefix,
                    "suffix": span.suffix,
                },
                {"type": "TextPositionSelector", "start": span.start, "end": span.end},
            ],
        },
    }
