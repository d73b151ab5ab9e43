"""Speakers, topics and sources (with their text and every span in it highlighted)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.admin.history import RecordedEditsMixin
from claims.admin.refusals import RefusalsMixin, Refused
from claims.groups import signed_in
from claims.highlight import highlight_text
from claims.models import Face, Source, Span, Speaker, Topic
from claims.services.candidates import store_candidates
from claims.services.sources import SOURCE_EDITABLE_FIELDS, update_source
from claims.services.speakers import SPEAKER_EDITABLE_FIELDS, update_speaker

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _PredictionCount(TypedDict):
    prediction_count: int


class _SpanCount(TypedDict):
    span_count: int


@admin.register(Speaker)
class SpeakerAdmin(RecordedEditsMixin, admin.ModelAdmin):
    list_display = ["name", "role", "prediction_count"]
    search_fields = ["name", "aliases", "role"]
    readonly_fields = ["edit_history"]

    def save_change(self, request: HttpRequest, obj: Speaker, form: forms.ModelForm) -> None:
        changes = {name: getattr(obj, name) for name in form.changed_data if name in SPEAKER_EDITABLE_FIELDS}
        update_speaker(
            speaker=obj, by=signed_in(request.user), face=Face.ADMIN, now=timezone.now(), **changes
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(prediction_count=Count("predictions"))

    @admin.display(ordering="prediction_count", description=_("predictions"))
    def prediction_count(self, obj: WithAnnotations[Speaker, _PredictionCount]) -> int:
        return obj.prediction_count


@admin.register(Topic)
class TopicAdmin(RecordedEditsMixin, admin.ModelAdmin):
    list_display = ["slug", "name"]
    readonly_fields = ["edit_history"]
    search_fields = ["slug", "name"]
    prepopulated_fields = {"slug": ["name"]}


class SourceSpanInline(admin.TabularInline):
    """The predictions anchored in this source, in text order (read-only here)."""

    model = Span
    fields = readonly_fields = ("prediction_link", "role", "start", "end", "quote")
    extra = 0
    can_delete = False
    verbose_name = _("anchored prediction")
    verbose_name_plural = _("predictions anchored in this source")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("prediction")

    @admin.display(description=_("prediction"))
    def prediction_link(self, span: Span) -> SafeString:
        url = reverse("admin:claims_prediction_change", args=[span.prediction_id])
        return format_html('<a href="{}">#{} {}</a>', url, span.prediction_id, span.prediction.statement[:80])


class SourceForm(forms.ModelForm):
    # Never strip: leading or trailing whitespace is part of the text spans count into.
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 20, "cols": 100}), strip=False
    )

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
class SourceAdmin(RefusalsMixin, RecordedEditsMixin, admin.ModelAdmin):
    actions = ["propose_candidates"]
    form = SourceForm
    list_display = ["title", "language", "published_on", "said_on", "span_count"]
    list_filter = ["language", "said_on_inferred"]
    search_fields = ["title", "author", "publisher", "url"]
    readonly_fields = ["sha256", "created_at", "highlighted_text", "edit_history"]
    fieldsets = [
        (None, {"fields": ["title", "url", "publisher", "author", "language", "file_name"]}),
        (_("Dates"), {"fields": ["published_on", "said_on", "said_on_inferred"]}),
        (_("Text"), {"fields": ["text", "sha256", "created_at"]}),
        (_("Text with spans"), {"fields": ["highlighted_text"]}),
        (_("Edit history"), {"fields": ["edit_history"]}),
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
                form.base_fields["text"].help_text = gettext(
                    "%(count)s span(s) point into this text, so it cannot be changed; "
                    "import a corrected text as a new source instead."
                ) % {"count": count}
        return form

    def save_change(self, request: HttpRequest, obj: Source, form: forms.ModelForm) -> None:
        changes = {name: getattr(obj, name) for name in form.changed_data if name in SOURCE_EDITABLE_FIELDS}
        try:
            update_source(
                source=obj, by=signed_in(request.user), face=Face.ADMIN, now=timezone.now(), **changes
            )
        except ValidationError as refused:
            # The form validated a moment ago: only a span anchored meanwhile gets here.
            raise Refused(refused) from None

    @admin.display(ordering="span_count", description=_("spans"))
    def span_count(self, obj: WithAnnotations[Source, _SpanCount]) -> int:
        return obj.span_count

    @admin.display(description=_("text with spans highlighted"))
    def highlighted_text(self, obj: Source) -> SafeString:
        if obj.pk is None:
            return format_html("<em>{}</em>", gettext("Save the source first."))
        spans = list(obj.spans.select_related("prediction"))
        body = highlight_text(
            obj.text,
            spans,
            link=lambda s: reverse("admin:claims_prediction_change", args=[s.prediction_id]),
            label=lambda s: f"#{s.prediction_id} ({s.role}) [{s.start}, {s.end})",
        )
        return format_html('<div class="hindsight-source-text">{}</div>', body)

    @admin.action(description=_("Propose candidates for review (extraction)"))
    def propose_candidates(self, request: HttpRequest, queryset: QuerySet) -> None:
        created, problems = 0, []
        for source in queryset.order_by("pk"):
            try:
                created += store_candidates(source).created
            except ValidationError as exc:
                problems.append(" ".join(exc.messages))
        queue = reverse("admin:claims_extractioncandidate_changelist")
        self.message_user(
            request,
            format_html(
                gettext('Proposed {} new candidate(s): see the <a href="{}">review queue</a>.'),
                created,
                queue,
            ),
            messages.SUCCESS,
        )
        if problems:
            self.message_user(request, gettext("Not extracted: %s") % "; ".join(problems), messages.WARNING)

    class Media:
        css = {"all": ["claims/admin.css"]}
