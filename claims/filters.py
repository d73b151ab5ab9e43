"""The one prediction filter: the dashboard's list, the API's list and its exports all use it.

Parameter names and values are the public contract: they appear in shared URLs, and a
dashboard URL's query string lists the same predictions against /api/predictions/.
  status, verdict          one value each (Status / Verdict choices)
  kind                     prediction / claim
  speaker, source          ids; source = anchored in that source through any span
  topic                    a topic slug
  dated                    true (has a due date) / false (undated)
  due_after, due_before    due_latest within [after, before], both ends included, either optional
  said_after, said_before  said_on within [after, before]
  q                        substring of the statement, the paraphrase or a quote (Chinese works);
                           best matches first unless an ordering is given (by_relevance)
  ordering                 a key of ORDERINGS (undated last both ways)

A speaker, source or topic is checked for its form, never looked up: an unknown one matches no
prediction and costs no query. Each face reports invalid values its own way (the dashboard
redraws its form with the messages, the API answers 400 with them) and picks its default
ordering (`default_ordering`): readers see the soonest due first, programs page by id.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from claims.models import Kind, Prediction, Source, Span, Speaker, Status, Topic, Verdict
from claims.querysets import PredictionQuerySet


class Ordering(NamedTuple):
    label: StrOrPromise  # lazy: the dashboard shows it in the reader's language
    order_by: tuple[Any, ...]


# Every ordering ends on id so that pages never overlap or skip rows. Undated predictions sort
# after dated ones both ways, on SQLite as on PostgreSQL. The first is the dashboard's default.
ORDERINGS: dict[str, Ordering] = {
    "due_latest": Ordering(
        gettext_lazy("Due date, soonest first"), (F("due_latest").asc(nulls_last=True), "id")
    ),
    "-due_latest": Ordering(
        gettext_lazy("Due date, latest first"), (F("due_latest").desc(nulls_last=True), "-id")
    ),
    "said_on": Ordering(gettext_lazy("Said, earliest first"), ("said_on", "id")),
    "-said_on": Ordering(gettext_lazy("Said, most recent first"), ("-said_on", "-id")),
    "-id": Ordering(gettext_lazy("Newest entries first"), ("-id",)),
    "id": Ordering(gettext_lazy("Oldest entries first"), ("id",)),
}
DEFAULT_ORDERING = "due_latest"


class DayInput(forms.DateInput):
    """The browser's date picker; the value in the URL stays YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class KeySelect(forms.Select):
    """A <select> of rows that still shows a key it does not list (an old shared URL), so the
    form never claims "any" while the list is filtered by it."""

    def __init__(self, *args: Any, missing: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.missing = missing

    def optgroups(self, name: str, value: list[str], attrs: dict | None = None) -> list:
        groups = super().optgroups(name, value, attrs)
        listed = any(option["selected"] for _, options, _ in groups for option in options)
        if value and value[0] and not listed:
            option = self.create_option(name, value[0], self.missing.format(value[0]), True, len(groups))
            groups.append((None, [option], len(groups)))
        return groups


class KeyField(forms.ModelChoiceField):
    """A row named by its key in the URL (an id, a slug): shown as a <select> of the rows,
    checked for the key's form only (never looked up, see the module docstring)."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        assert self.queryset is not None  # KeyFilter always gives one
        meta = self.queryset.model._meta
        field = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        try:
            key = field.to_python(value)
        except ValidationError:
            key = None
        if isinstance(key, int):
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            key = key if low <= key <= high else None  # beyond the column's range: no such id
        if key is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return key

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


class KeyFilter(django_filters.ModelChoiceFilter):
    # Any forms.ModelChoiceField serves; the stubs ask for django-filter's own subclass.
    field_class = KeyField  # type: ignore[assignment]

    def __init__(self, *args: Any, missing: str, **kwargs: Any) -> None:
        super().__init__(*args, widget=KeySelect(missing=missing), **kwargs)


def _day(name: str, lookup: str, label: StrOrPromise, help_text: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name=name, lookup_expr=lookup, label=label, help_text=help_text, widget=DayInput
    )


class PredictionFilter(django_filters.FilterSet):
    # label: the dashboard's form; help_text: the API's schema.
    q = django_filters.CharFilter(
        method="filter_q",
        label=gettext_lazy("Search"),
        help_text="Substring of the statement, the English paraphrase or a span's quote (Chinese too); "
        "best matches first unless `ordering` is given.",
    )
    # Labels given here, not derived from the model's verbose names: django-filter would render
    # those once, in the language active at import.
    status = django_filters.ChoiceFilter(
        choices=Status.choices, empty_label=gettext_lazy("Any status"), label=gettext_lazy("Status")
    )
    verdict = django_filters.ChoiceFilter(
        choices=Verdict.choices,
        empty_label=gettext_lazy("Any verdict"),
        label=gettext_lazy("Verdict"),
        help_text="Current verdict.",
    )
    kind = django_filters.ChoiceFilter(
        choices=Kind.choices, empty_label=gettext_lazy("Predictions and claims"), label=gettext_lazy("Kind")
    )
    speaker = KeyFilter(
        queryset=Speaker.objects.all(),
        method="filter_speaker",
        empty_label=gettext_lazy("Any speaker"),
        missing="Unknown speaker #{}",
        label=gettext_lazy("Speaker"),
        help_text="Speaker id.",
    )
    source = KeyFilter(
        queryset=Source.objects.without_text().order_by("title", "id"),
        method="filter_source",
        empty_label=gettext_lazy("Any source"),
        missing="Unknown source #{}",
        label=gettext_lazy("Source"),
        help_text="Id of a source a span points into.",
    )
    topic = KeyFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        empty_label=gettext_lazy("Any topic"),
        missing="Unknown topic «{}»",
        label=gettext_lazy("Topic"),
        help_text="Topic slug.",
    )
    dated = django_filters.ChoiceFilter(
        choices=[("true", gettext_lazy("With a due date")), ("false", gettext_lazy("Undated"))],
        method="filter_dated",
        empty_label=gettext_lazy("Dated or not"),
        label=gettext_lazy("Due date"),
        help_text="true: has a due date; false: undated (no horizon).",
    )
    due_after = _day("due_latest", "gte", gettext_lazy("Due on or after"), "due_latest on or after this day.")
    due_before = _day(
        "due_latest", "lte", gettext_lazy("Due on or before"), "due_latest on or before this day."
    )
    said_after = _day("said_on", "gte", gettext_lazy("Said on or after"), "Said on or after this day.")
    said_before = _day("said_on", "lte", gettext_lazy("Said on or before"), "Said on or before this day.")
    ordering = django_filters.ChoiceFilter(
        choices=[(key, ordering.label) for key, ordering in ORDERINGS.items()],
        method="filter_ordering",
        empty_label=None,
        label=gettext_lazy("Sort by"),
        help_text="Sort order; a leading - reverses it. Undated predictions come last.",
        error_messages={
            "invalid_choice": f"Unknown ordering «%(value)s»: use one of {', '.join(ORDERINGS)}."
        },
    )

    class Meta:
        model = Prediction
        # Only the filters declared above: no filter appears by accident when a field is added.
        fields: list[str] = []

    def __init__(self, *args: Any, default_ordering: str = DEFAULT_ORDERING, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_ordering = default_ordering

    @staticmethod
    def ordered(queryset: QuerySet, key: str) -> QuerySet:
        return queryset.order_by(*ORDERINGS[key].order_by)

    def filter_q(self, queryset: PredictionQuerySet, name: str, value: str) -> PredictionQuerySet:
        return queryset.search(value)

    def filter_speaker(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(speaker_id=value)

    def filter_source(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        # A subquery, not a join: a prediction with two spans in the source is listed once.
        return queryset.filter(id__in=Span.objects.filter(source_id=value).values("prediction_id"))

    def filter_topic(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(topics__slug=value)

    def filter_dated(self, queryset: PredictionQuerySet, name: str, value: str) -> PredictionQuerySet:
        return queryset.dated() if value == "true" else queryset.undated()

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return self.ordered(queryset, value)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("ordering"):
            return queryset
        # A search lists its best matches first unless the request names an ordering.
        if (q := self.form.cleaned_data.get("q", "").strip()) and isinstance(queryset, PredictionQuerySet):
            return queryset.by_relevance(q)
        return self.ordered(queryset, self.default_ordering)
