"""Filters and ordering for the prediction list (and its exports).

Date bounds are inclusive: due_before=2025-12-31 keeps a prediction due on 2025-12-31.
Invalid values are refused with 400 and the field's message, never silently ignored.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request
from rest_framework.views import APIView

from claims.models import Kind, Prediction, Span, Status, Verdict


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PredictionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices, help_text="Current verdict.")
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    # Plain numbers, not model choices: an unknown id matches nothing instead of costing a query.
    speaker = IdFilter(field_name="speaker_id", help_text="Speaker id.")
    source = IdFilter(method="filter_source", help_text="Id of a source a span points into.")
    topic = django_filters.CharFilter(method="filter_topic", help_text="Topic slug.")
    dated = django_filters.ChoiceFilter(
        choices=[("true", "dated"), ("false", "undated")],
        method="filter_dated",
        help_text="true: has a due date; false: undated (no horizon).",
    )
    due_after = django_filters.DateFilter(
        field_name="due_latest", lookup_expr="gte", help_text="due_latest on or after this day."
    )
    due_before = django_filters.DateFilter(
        field_name="due_latest", lookup_expr="lte", help_text="due_latest on or before this day."
    )
    said_after = django_filters.DateFilter(
        field_name="said_on", lookup_expr="gte", help_text="Said on or after this day."
    )
    said_before = django_filters.DateFilter(
        field_name="said_on", lookup_expr="lte", help_text="Said on or before this day."
    )
    q = django_filters.CharFilter(
        method="filter_q",
        help_text="Substring of the statement, the English paraphrase or a span's quote (Chinese too).",
    )

    class Meta:
        model = Prediction
        fields: list[str] = []

    def filter_source(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        # A subquery, not a join: a prediction with two spans in the source is listed once.
        return queryset.filter(id__in=Span.objects.filter(source_id=value).values("prediction_id"))

    def filter_topic(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(topics__slug=value)

    def filter_dated(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.dated() if value == "true" else queryset.undated()

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)


class PredictionFilterBackend(DjangoFilterBackend):
    """django-filter, skipped when the request names no filter: building a FilterSet and its
    form deep-copies every field, a measurable share of an unfiltered page's time."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        if not any(name in request.query_params for name in PredictionFilter.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)


# ordering value -> ORDER BY; id is always last so pages never overlap or skip rows.
# Undated predictions sort after dated ones both ways, on SQLite as on PostgreSQL.
ORDERINGS: dict[str, list[Any]] = {
    "id": ["id"],
    "-id": ["-id"],
    "due_latest": [F("due_latest").asc(nulls_last=True), "id"],
    "-due_latest": [F("due_latest").desc(nulls_last=True), "-id"],
    "said_on": ["said_on", "id"],
    "-said_on": ["-said_on", "-id"],
}
DEFAULT_ORDERING = "id"


class PredictionOrdering(BaseFilterBackend):
    """`?ordering=` one of ORDERINGS; by id when absent, so pages are stable under edits."""

    param = "ordering"

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        value = request.query_params.get(self.param, "") or DEFAULT_ORDERING
        if value not in ORDERINGS:
            raise serializers.ValidationError(
                {self.param: [f"Unknown ordering «{value}»: use one of {', '.join(ORDERINGS)}."]}
            )
        return queryset.order_by(*ORDERINGS[value])

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": "Sort order; a leading - reverses it. Undated predictions come last.",
                "schema": {"type": "string", "enum": list(ORDERINGS), "default": DEFAULT_ORDERING},
            }
        ]
