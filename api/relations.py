"""What a page of predictions shows besides its own columns, in a fixed number of queries with
plain rows and no model instances: topics, spans, clarifications and parts.

Django's prefetch_related would build a Topic and a Span instance per row and a queryset per
prediction to read them back; on the list endpoint that was most of the time spent in Python.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, Value

from claims.models import Clarification, Correction, Outcome, Prediction, Span, Status
from claims.models.reviewers import public_name_from
from claims.querysets import PredictionQuerySet

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


def with_criteria_frozen(predictions: PredictionQuerySet) -> PredictionQuerySet:
    """Annotate `api_criteria_frozen`: an EXISTS subquery in the page's own query, so knowing
    whether a review exists costs no query of its own. (The criteria freeze with the first review.)"""
    return predictions.annotate(api_criteria_frozen=Exists(Outcome.objects.filter(prediction=OuterRef("pk"))))


def _among(field: str, ids: list[int]) -> Q | Func:
    """`field` IN `ids`; on PostgreSQL `field` = ANY(one array parameter): a chunk's 2,000
    placeholders, resolved one by one by Django and split out again by psycopg, took longer in
    Python than the export's queries took on the server."""
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": ids})
    return Func(
        F(field),
        # No output field: ArrayField's would prepare each id in Python again.
        Value(ids),
        template="(%(expressions)s))",
        arg_joiner=" = ANY(",
        output_field=BooleanField(),
    )


def attach_relations(predictions: Sequence[Prediction]) -> None:
    """Give each prediction `api_topics` (slugs, by slug), `api_spans` (dicts, in the order of
    Span.Meta.ordering), `api_clarifications` ((text, author's public name, added_at), oldest first)
    `api_parts` (ids) and `api_corrections` (dicts, by number): three queries whatever the number
    of predictions, one more when one of them is split (only a split prediction has parts) and
    one more when one of them was corrected (its correction_count says so)."""
    by_id = {prediction.pk: prediction for prediction in predictions}
    for prediction in predictions:
        prediction.api_topics, prediction.api_spans, prediction.api_clarifications = [], [], []
        prediction.api_parts, prediction.api_corrections = [], []
    if not by_id:
        return
    ids = list(by_id)
    links = (
        Prediction.topics.through.objects.filter(_among("prediction_id", ids))
        .order_by("topic__slug")
        .values_list("prediction_id", "topic__slug")
    )
    for prediction_id, slug in links:
        by_id[prediction_id].api_topics.append(slug)
    names = list(SPAN_COLUMNS)
    spans = (
        Span.objects.filter(_among("prediction_id", ids))
        .order_by(*Span._meta.ordering or ())
        .values_list("prediction_id", *SPAN_COLUMNS.values())
    )
    for prediction_id, *values in spans:
        by_id[prediction_id].api_spans.append(dict(zip(names, values, strict=True)))
    clarifications = (
        Clarification.objects.filter(_among("prediction_id", ids))
        .order_by("added_at", "id")
        .values_list(
            "prediction_id", "text", "author_id", "author__reviewer_profile__display_name", "added_at"
        )
    )
    for prediction_id, text, author_id, name, added_at in clarifications:
        by_id[prediction_id].api_clarifications.append((text, public_name_from(author_id, name), added_at))
    corrected = [prediction.pk for prediction in predictions if prediction.correction_count]
    if corrected:
        corrections = (
            Correction.objects.filter(prediction_id__in=corrected)
            .order_by("prediction_id", "number")
            .values_list(
                "prediction_id",
                "number",
                "what_was_wrong",
                "changes",
                "reopened_review",
                "author_id",
                "author__reviewer_profile__display_name",
                "made_at",
            )
        )
        for prediction_id, number, wrong, changes, reopened, author_id, name, made_at in corrections:
            by_id[prediction_id].api_corrections.append(
                {
                    "number": number,
                    "what_was_wrong": wrong,
                    "changes": changes,
                    "reopened_review": reopened,
                    "author": public_name_from(author_id, name),
                    "made_at": made_at,
                }
            )
    split = [prediction.pk for prediction in predictions if prediction.status == Status.SPLIT]
    if split:
        parts = Prediction.objects.filter(parent_id__in=split).order_by("id").values_list("parent_id", "id")
        for parent_id, part_id in parts:
            by_id[parent_id].api_parts.append(part_id)
