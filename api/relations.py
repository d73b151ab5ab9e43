"""Topics and spans for a page of predictions: two queries, plain rows, no model instances.

Django's prefetch_related would build a Topic and a Span instance per row and a queryset per
prediction to read them back; on the list endpoint that was most of the time spent in Python.
"""

from __future__ import annotations

from collections.abc import Sequence

from claims.models import Prediction, Span

# Span columns as the API names them.
SPAN_COLUMNS = {
    "source": "source_id",
    "start": "start",
    "end": "end",
    "quote": "quote",
    "prefix": "prefix",
    "suffix": "suffix",
    "role": "role",
}


def attach_relations(predictions: Sequence[Prediction]) -> None:
    """Give each prediction `api_topics` (slugs, by slug) and `api_spans` (dicts, in the
    order of Span.Meta.ordering), in two queries whatever the number of predictions."""
    by_id = {prediction.pk: prediction for prediction in predictions}
    for prediction in predictions:
        prediction.api_topics, prediction.api_spans = [], []
    if not by_id:
        return
    links = (
        Prediction.topics.through.objects.filter(prediction_id__in=by_id)
        .order_by("topic__slug")
        .values_list("prediction_id", "topic__slug")
    )
    for prediction_id, slug in links:
        by_id[prediction_id].api_topics.append(slug)
    names = list(SPAN_COLUMNS)
    spans = (
        Span.objects.filter(prediction_id__in=by_id)
        .order_by(*Span._meta.ordering)
        .values_list("prediction_id", *SPAN_COLUMNS.values())
    )
    for prediction_id, *values in spans:
        by_id[prediction_id].api_spans.append(dict(zip(names, values, strict=True)))
