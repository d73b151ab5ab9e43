"""The prediction filters readers use, on the dashboard list and (reusable) in the API.

Parameter names are the public contract: they appear in shared URLs.
  status, verdict        one value each (Status / Verdict choices)
  speaker, source        ids; source = anchored in that source through any span
  topic                  a topic slug
  dated                  true (has a due date) / false (undated)
  due_after, due_before  due_latest within [after, before], either side optional
  said_after, said_before  said_on within [after, before]
  q                      substring of the statement, the paraphrase or a quote (Chinese works)
  kind                   prediction / claim
  ordering               due_latest, -due_latest, said_on, -said_on, id, -id (undated last both ways)

The names and values are those of the API's list (api/filters.py), so a dashboard URL's query
string works against /api/ too.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django_filters.widgets import DateRangeWidget, SuffixedMultiWidget

from claims.models import Kind, Prediction, Source, Span, Speaker, Status, Topic, Verdict


class DayInput(forms.DateInput):
    """The browser's date picker; the value in the URL stays YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DayRangeWidget(DateRangeWidget):
    """name_after / name_before, as django-filter names them, with date pickers."""

    def __init__(self, attrs: dict | None = None) -> None:
        SuffixedMultiWidget.__init__(self, (DayInput, DayInput), attrs)


DATED_CHOICES = [("true", "With a due date"), ("false", "Undated")]

# Every ordering ends on id so that pages never overlap or skip rows.
ORDERINGS: dict[str, tuple[str, list]] = {
    "due_latest": ("Due date, soonest first", [F("due_latest").asc(nulls_last=True), "id"]),
    "-due_latest": ("Due date, latest first", [F("due_latest").desc(nulls_last=True), "-id"]),
    "said_on": ("Said, earliest first", ["said_on", "id"]),
    "-said_on": ("Said, most recent first", ["-said_on", "-id"]),
    "-id": ("Newest entries first", ["-id"]),
    "id": ("Oldest entries first", ["id"]),
}
DEFAULT_ORDERING = "due_latest"


class PredictionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search")
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices, empty_label="Any verdict")
    kind = django_filters.ChoiceFilter(choices=Kind.choices, empty_label="Predictions and claims")
    speaker = django_filters.ModelChoiceFilter(
        queryset=Speaker.objects.all(), empty_label="Any speaker", label="Speaker"
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.without_text().order_by("title", "id"),
        method="filter_source",
        empty_label="Any source",
        label="Source",
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        empty_label="Any topic",
        label="Topic",
    )
    dated = django_filters.ChoiceFilter(
        choices=DATED_CHOICES, method="filter_dated", empty_label="Dated or not", label="Due date"
    )
    due = django_filters.DateFromToRangeFilter(
        field_name="due_latest", label="Due between", widget=DayRangeWidget()
    )
    said = django_filters.DateFromToRangeFilter(
        field_name="said_on", label="Said between", widget=DayRangeWidget()
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _) in ORDERINGS.items()],
        method="filter_ordering",
        empty_label=None,
        label="Sort by",
    )

    class Meta:
        model = Prediction
        # Only the filters declared above: no filter appears by accident when a field is added.
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)

    def filter_source(self, queryset: QuerySet, name: str, value: Source) -> QuerySet:
        # A subquery, not a join: a prediction with two spans in the source is listed once.
        return queryset.filter(id__in=Span.objects.filter(source=value).values("prediction_id"))

    def filter_dated(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.dated() if value == "true" else queryset.undated()

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*ORDERINGS[value][1])

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*ORDERINGS[DEFAULT_ORDERING][1])
        return queryset
