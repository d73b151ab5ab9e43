"""The API's face of claims.filters.PredictionFilter: for the prediction list and its exports.

Invalid values are refused with 400 and the field's message, never silently ignored. Without
`ordering` the API pages by id: new predictions come last and an edited due date never moves a
prediction to another page.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.views import APIView

from claims.filters import ORDERINGS, PredictionFilter

DEFAULT_ORDERING = "id"

# The schema's `ordering`, with the API's default (the filter's own says nothing of a default).
ORDERING_PARAMETER = OpenApiParameter(
    "ordering",
    str,
    OpenApiParameter.QUERY,
    description=PredictionFilter.base_filters["ordering"].extra["help_text"],
    enum=list(ORDERINGS),
    default=DEFAULT_ORDERING,
)


class PredictionFilterBackend(DjangoFilterBackend):
    """django-filter with PredictionFilter, skipped when the request names no filter: building a
    FilterSet and its form deep-copies every field, a measurable share of an unfiltered page's time."""

    # DRF gives filter backends its Request; the stubs say Django's HttpRequest.
    def get_filterset_kwargs(self, request: Request, queryset: QuerySet, view: APIView) -> dict:  # type: ignore[override]
        return {**super().get_filterset_kwargs(request, queryset, view), "default_ordering": DEFAULT_ORDERING}

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:  # type: ignore[override]
        if not any(name in request.query_params for name in PredictionFilter.base_filters):
            return PredictionFilter.ordered(queryset, DEFAULT_ORDERING)
        return super().filter_queryset(request, queryset, view)
