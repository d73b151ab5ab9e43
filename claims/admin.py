"""The curators' workbench: sources, speakers, predictions with their spans, outcomes."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, F, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.highlight import highlight_text, quote_in_context
from claims.models import Outcome, Prediction, Source, Span, Speaker, Status, Topic
from claims.services.reviews import record_outcome
from claims.tasks import enqueue_flag_due


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "prediction_count"]
    search_fields = ["name", "aliases", "role"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(prediction_count=Count("predictions"))

    @admin.display(ordering="prediction_count", description="predictions")
    def prediction_count(self, obj: Speaker) -> int:
        return obj.prediction_count


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]
    prepopulated_fields = {"slug": ["name"]}


class SourceSpanInline(admin.TabularInline):
    """The predictions anchored in this source, in text order (read-only here)."""

    model = Span
    fields = ["prediction_link", "role", "start", "end", "quote"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "anchored prediction"
    verbose_name_plural = "predictions anchored in this source"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("prediction")

    @admin.display(description="prediction")
    def prediction_link(self, span: Span) -> SafeString:
        url = reverse("admin:claims_prediction_change", args=[span.prediction_id])
        return format_html('<a href="{}">#{} {}</a>', url, span.prediction_id, span.prediction.statement[:80])


class SourceForm(forms.ModelForm):
    # Never strip: leading or trailing whitespace is part of the text spans count into.
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 20, "cols": 100}), strip=False)

    class Meta:
        model = Source
        fields = [
            "title",
            "url",
            "publisher",
            "author",
            "language",
            "file_name",
            "published_on",
            "said_on",
            "said_on_inferred",
            "text",
        ]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = ["title", "language", "published_on", "said_on", "span_count"]
    list_filter = ["language", "said_on_inferred"]
    search_fields = ["title", "author", "publisher", "url"]
    readonly_fields = ["sha256", "created_at", "highlighted_text"]
    fieldsets = [
        (None, {"fields": ["title", "url", "publisher", "author", "language", "file_name"]}),
        ("Dates", {"fields": ["published_on", "said_on", "said_on_inferred"]}),
        ("Text", {"fields": ["text", "sha256", "created_at"]}),
        ("Text with spans", {"fields": ["highlighted_text"]}),
    ]
    inlines = [SourceSpanInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request).annotate(span_count=Count("spans"))
        if request.resolver_match and request.resolver_match.url_name == "claims_source_changelist":
            queryset = queryset.defer("text")
        return queryset

    def get_form(self, request: HttpRequest, obj: Source | None = None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "text" in form.base_fields:
            count = obj.spans.count()
            if count:
                form.base_fields["text"].help_text = (
                    f"{count} span(s) point into this text, so it cannot be changed; "
                    "import a corrected text as a new source instead."
                )
        return form

    @admin.display(ordering="span_count", description="spans")
    def span_count(self, obj: Source) -> int:
        return obj.span_count

    @admin.display(description="text with spans highlighted")
    def highlighted_text(self, obj: Source) -> SafeString:
        if obj.pk is None:
            return format_html("<em>{}</em>", "Save the source first.")
        spans = list(obj.spans.select_related("prediction"))
        body = highlight_text(
            obj.text,
            spans,
            link=lambda s: reverse("admin:claims_prediction_change", args=[s.prediction_id]),
            label=lambda s: f"#{s.prediction_id} ({s.role}) [{s.start}, {s.end})",
        )
        return format_html('<div class="hindsight-source-text">{}</div>', body)

    class Media:
        css = {"all": ["claims/admin.css"]}


class SpanForm(forms.ModelForm):
    """A span by offsets, by quote alone, or both; the quote decides (see Span.anchor)."""

    class Meta:
        model = Span
        fields = ["source", "role", "quote", "start", "end", "prefix", "suffix"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 2, "cols": 60})}
        help_texts = {
            "quote": "The exact words. Alone, it must occur once in the source (or give a prefix/suffix).",
            "prefix": "Optional: the text just before the quote, to pick one of several occurrences.",
            "suffix": "Optional: the text just after the quote.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start", "end", "quote", "prefix", "suffix"):
            self.fields[name].required = False
        # A quote or its context may start or end with spaces that belong to the text.
        for name in ("quote", "prefix", "suffix"):
            self.fields[name].strip = False


class SpanFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        prediction = self.instance
        if prediction.said_on is not None:
            return
        # said_on left blank: take it from the first span's source, as the services do.
        for form in self.forms:
            source = form.cleaned_data.get("source") if not form.cleaned_data.get("DELETE") else None
            if source is not None and source.effective_said_on is not None:
                prediction.said_on = source.effective_said_on
                prediction.apply_horizon_window()
                return
        raise ValidationError(
            "said_on is blank and no span's source has a date: enter said_on (the day the words were said)."
        )


class SpanInline(admin.StackedInline):
    model = Span
    form = SpanForm
    formset = SpanFormSet
    extra = 0
    min_num = 1
    validate_min = True
    fk_name = "prediction"
    autocomplete_fields = ["source"]
    readonly_fields = ["in_context"]
    fields = ["source", "role", "quote", ("start", "end"), ("prefix", "suffix"), "in_context"]

    @admin.display(description="in context")
    def in_context(self, span: Span) -> SafeString | str:
        if span.pk is None:
            return "Shown after saving."
        url = reverse("admin:claims_source_change", args=[span.source_id])
        return format_html(
            '{} <a href="{}">open source</a>', quote_in_context(span.prefix, span.quote, span.suffix), url
        )


class OutcomeHistoryInline(admin.TabularInline):
    """Outcomes are append-only: history is shown here, new ones via 'Record an outcome'."""

    model = Outcome
    fields = ["recorded_at", "verdict", "known_on", "evidence_links", "note", "reviewer"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-recorded_at", "-id"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="evidence")
    def evidence_links(self, outcome: Outcome) -> SafeString:
        links = [format_html('<a href="{}" rel="noopener">{}</a>', u, u) for u in outcome.evidence_urls]
        return format_html("{}", SafeString("<br>".join(links)))


class DatedFilter(admin.SimpleListFilter):
    title = "due date"
    parameter_name = "dated"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", "Dated"), ("no", "Undated")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.dated()
        if self.value() == "no":
            return queryset.undated()
        return queryset


class DueYearFilter(admin.SimpleListFilter):
    title = "due year"
    parameter_name = "due_year"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        years = Prediction.objects.dated().dates("due_latest", "year")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(due_latest__year=int(self.value()))
        return queryset


_WINDOW_FIELDS = {"status", "said_on", "horizon_text", "window_overridden", "due_latest"}


@admin.register(Prediction)
class PredictionAdmin(admin.ModelAdmin):
    list_display = ["id", "short_statement", "speaker", "kind", "status", "verdict", "due_latest", "said_on"]
    list_display_links = ["id", "short_statement"]
    list_filter = [
        "status",
        "verdict",
        "kind",
        "speaker",
        ("spans__source", admin.RelatedOnlyFieldListFilter),
        "topics",
        DatedFilter,
        DueYearFilter,
    ]
    list_select_related = ["speaker"]
    search_fields = ["statement", "statement_en", "spans__quote"]
    date_hierarchy = "due_latest"
    # Undated predictions last on every database (SQLite sorts NULL first, PostgreSQL last).
    ordering = [F("due_latest").asc(nulls_last=True), "id"]
    autocomplete_fields = ["speaker", "topics"]
    readonly_fields = [
        "rules_version",
        "verdict",
        "version",
        "created_by",
        "created_at",
        "updated_at",
        "record_outcome_link",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["statement", "statement_en", "speaker", "kind", "confidence", "topics", "status"]},
        ),
        (
            "When",
            {
                "fields": [
                    "said_on",
                    "horizon_text",
                    "window_overridden",
                    ("due_earliest", "due_latest"),
                    ("vague", "boundary_ambiguous"),
                    "rules_version",
                ],
                "description": "The window is computed from the horizon words and said_on "
                "(see the horizon conventions) unless 'window set by hand' is ticked.",
            },
        ),
        ("Outcome", {"fields": ["verdict", "record_outcome_link"]}),
        ("Record", {"fields": ["key", "version", "created_by", "created_at", "updated_at"]}),
    ]
    inlines = [SpanInline, OutcomeHistoryInline]

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "said_on" in form.base_fields:
            form.base_fields["said_on"].required = False
            form.base_fields["said_on"].help_text = "Leave blank to take the date of the first span's source."
        return form

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        # Searching across spans joins a to-many relation: let the queryset deduplicate.
        queryset, _ = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False

    class Media:
        css = {"all": ["claims/admin.css"]}

    @admin.display(description="statement")
    def short_statement(self, obj: Prediction) -> str:
        return obj.statement if len(obj.statement) <= 80 else obj.statement[:79] + "…"

    @admin.display(description="record an outcome")
    def record_outcome_link(self, obj: Prediction) -> SafeString | str:
        if obj.pk is None:
            return "-"
        url = reverse("admin:claims_outcome_add") + f"?prediction={obj.pk}"
        return format_html('<a class="button" href="{}">Record an outcome</a>', url)

    def save_model(self, request: HttpRequest, obj: Prediction, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        elif form.has_changed():
            obj.version += 1
        super().save_model(request, obj, form, change)
        if not change or _WINDOW_FIELDS & set(form.changed_data):
            # A new or moved due date takes effect now, not at the next hourly run; if the
            # broker is down this only logs, and the hourly run catches up.
            enqueue_flag_due()


class OutcomeForm(forms.ModelForm):
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        required=False,
        help_text="One URL per line.",
    )

    class Meta:
        model = Outcome
        fields = ["prediction", "verdict", "known_on", "evidence", "note"]

    def clean_evidence(self) -> list[str]:
        urls = [line.strip() for line in self.cleaned_data["evidence"].splitlines() if line.strip()]
        validate = forms.URLField().clean
        for url in urls:
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(
                    f"«{url}» is not a URL (one URL per line, with http:// or https://)."
                ) from None
        return urls

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("evidence") and not (data.get("note") or "").strip():
            raise ValidationError("Give evidence: at least one URL or a note.")
        prediction = data.get("prediction")
        if prediction is not None and prediction.status in (Status.DRAFT, Status.WITHDRAWN):
            self.add_error(
                "prediction",
                f"This prediction is {prediction.get_status_display().lower()}: "
                "open it before recording an outcome.",
            )
        return data


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    """Add-only: an outcome is never edited or deleted; a new one supersedes it."""

    form = OutcomeForm
    list_display = ["prediction", "verdict", "known_on", "reviewer", "recorded_at"]
    list_filter = ["verdict"]
    list_select_related = ["prediction", "reviewer"]
    autocomplete_fields = ["prediction"]
    search_fields = ["prediction__statement", "note"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Outcome, form: OutcomeForm, change: bool) -> None:
        outcome = record_outcome(
            prediction=form.cleaned_data["prediction"],
            verdict=form.cleaned_data["verdict"],
            known_on=form.cleaned_data["known_on"],
            evidence=form.cleaned_data["evidence"],
            note=form.cleaned_data["note"],
            reviewer=request.user,
        )
        obj.pk = outcome.pk


# Candidate extraction's review queue registers itself here so admin autodiscovery finds it.
from claims.extraction import admin as _extraction_admin  # noqa: E402, F401
