"""The review queue: a source's extraction candidates in text order, each in its context, to
accept (a draft prediction with the span and the computed window), edit then accept, or reject.
A draft gets its resolution criteria on the prediction's page before it is opened; a candidate
accepted with criteria may be opened at once.

Filter the changelist by source and state (the default is the proposed ones), speaker label,
the source's language, confidence band, horizon words or restatement; select rows and use
the bulk actions, or open one to edit its span, horizon words, speaker and statement first. The
"speaker" column says whom each transcript label credits (a speaker's name or alias); a label
that names nobody yet can be made a new speaker from the queue (a bulk action, or the box on the
candidate's page).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.groups import signed_in
from claims.highlight import quote_in_context
from claims.models import CandidateState, ExtractionCandidate, Source, Speaker, Status
from claims.models.candidates import SCORE_BANDS, CandidateQuerySet
from claims.services.candidates import CandidateEdits, accept_candidate, reject_candidate, speaker_for_label
from claims.services.speakers import SpeakerDirectory, create_speaker
from claims.spans import SpanError, resolve_span


class SourceFilter(admin.SimpleListFilter):
    """Sources that have candidates, by title; never loads their texts."""

    title = "source"
    parameter_name = "source__id__exact"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[Any, str]]:  # (id, title)
        with_candidates = ExtractionCandidate.objects.values("source_id")
        return list(
            Source.objects.filter(pk__in=with_candidates).order_by("title").values_list("pk", "title")
        )

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(source_id=self.value()) if self.value() else queryset


class StateFilter(admin.SimpleListFilter):
    """Proposed candidates unless asked otherwise: the queue shows what is left to decide."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [*((value, str(label)) for value, label in CandidateState.choices), ("all", "All")]

    def choices(self, changelist):
        value = self.value() or CandidateState.PROPOSED
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value() or CandidateState.PROPOSED
        return queryset if value == "all" else queryset.filter(state=value)


class LanguageFilter(admin.SimpleListFilter):
    """By the language of the candidate's source (the languages the candidates' sources have)."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[Any, str]]:
        languages = (
            ExtractionCandidate.objects.exclude(source__language="")
            .values_list("source__language", flat=True)
            .distinct()
            .order_by("source__language")
        )
        return [(language, language) for language in languages]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(source__language=self.value()) if self.value() else queryset


class ScoreBandFilter(admin.SimpleListFilter):
    """By how confident the extractor is (CandidateQuerySet.in_score_band)."""

    title = "confidence"
    parameter_name = "score_band"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[Any, str]]:
        return [(band, label) for band, (label, _, _) in SCORE_BANDS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        band = self.value()
        if band is None or band not in SCORE_BANDS:
            return queryset
        assert isinstance(queryset, CandidateQuerySet)
        return queryset.in_score_band(band)


class HorizonFilter(admin.SimpleListFilter):
    """Whether the passage has horizon words (CandidateQuerySet.with_horizon)."""

    title = "horizon words"
    parameter_name = "has_horizon"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[Any, str]]:
        return [("yes", "With horizon words"), ("no", "Without")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() not in ("yes", "no"):
            return queryset
        assert isinstance(queryset, CandidateQuerySet)
        return queryset.with_horizon(self.value() == "yes")


class CandidateForm(forms.ModelForm):
    """Edit then accept: the span's offsets, the horizon words, who said it and the statement."""

    speaker = forms.ModelChoiceField(
        queryset=Speaker.objects.all(), required=False, help_text="Who made the prediction."
    )
    create_speaker = forms.BooleanField(
        required=False,
        label="Create the speaker",
        help_text="The transcript's label names no speaker yet: create one with that name when accepting.",
    )
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        required=False,
        strip=False,
        help_text="Defaults to the quote.",
    )
    statement_en = forms.CharField(label="English paraphrase", required=False)
    resolution_criteria = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        required=False,
        help_text="What would make it come true, e.g. “came true if a generally available model accepts "
        "10,000,000 tokens of context by 2025-04-07”. Needed to open it; a draft can get them later.",
    )
    status = forms.ChoiceField(
        choices=[
            (Status.DRAFT, "Draft (write its criteria, then open it)"),
            (Status.OPEN, "Open (needs resolution criteria)"),
        ],
        initial=Status.DRAFT,
        help_text="What the accepted prediction becomes.",
    )

    class Meta:
        model = ExtractionCandidate
        fields = ["start", "end", "horizon_text"]
        help_texts = {
            "start": "Move the span's start (code points); the quote follows the source's text.",
            "horizon_text": "The words the due window is computed from; empty = undated.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.initial.get("speaker"):
            self.initial["speaker"] = speaker_for_label(self.instance.speaker_label)
        if self.instance.pk and self.instance.speaker_label:
            self.fields["create_speaker"].label = f"Create the speaker «{self.instance.speaker_label}»"

    def new_speaker(self) -> str | None:
        """The label to create a speaker from, when the curator asked for it and chose nobody."""
        data = self.cleaned_data
        if data.get("create_speaker") and data.get("speaker") is None:
            return self.instance.speaker_label
        return None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if self.instance.pk and start is not None and end is not None:
            try:
                resolve_span(self.instance.source.text, start=start, end=end)
            except SpanError as exc:
                self.add_error(exc.field, exc.message)
        if data.get("status") == Status.OPEN and not data.get("resolution_criteria", "").strip():
            self.add_error(
                "resolution_criteria",
                "Write the resolution criteria to open it now, or accept it as a draft and write them later.",
            )
        return data

    def edits(self) -> CandidateEdits:
        data = self.cleaned_data
        return CandidateEdits(
            start=data["start"],
            end=data["end"],
            horizon_text=data["horizon_text"],
            statement=data["statement"] or None,
            statement_en=data["statement_en"],
            status=data["status"],
            resolution_criteria=data["resolution_criteria"],
        )


# The form's fields for the prediction to create: gone once the candidate is decided.
_PREDICTION_FIELDS = (
    "speaker",
    "create_speaker",
    "statement",
    "statement_en",
    "resolution_criteria",
    "status",
)


@admin.register(ExtractionCandidate)
class ExtractionCandidateAdmin(admin.ModelAdmin):
    form = CandidateForm
    list_display = ["start", "in_context", "horizon_text", "due_latest", "score", "speaker_label", "outcome"]
    list_display_links = ["start"]
    list_filter = [
        SourceFilter,
        StateFilter,
        ("speaker_label", admin.AllValuesFieldListFilter),
        LanguageFilter,
        ScoreBandFilter,
        HorizonFilter,
        # A restatement of another candidate (an article's summary of the talk), or an original.
        ("duplicate_of", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["source", "prediction", "duplicate_of"]
    list_per_page = 100
    ordering = ["source", "start", "end"]
    search_fields = ["quote", "speaker_label"]
    actions = ["accept_selected", "create_speakers", "reject_selected"]
    readonly_fields = [
        "source_link",
        "context",
        "quote",
        "due_earliest",
        "due_latest",
        "score",
        "speaker_label",
        "duplicate_of",
        "state",
        "prediction",
        "decided_by",
        "decided_at",
    ]
    fieldsets = [
        (None, {"fields": ["source_link", "context", "score", "duplicate_of", "state", "prediction"]}),
        ("Span", {"fields": [("start", "end"), "quote"]}),
        ("When", {"fields": ["horizon_text", ("due_earliest", "due_latest")]}),
        (
            "The prediction to create",
            {
                "fields": [
                    "speaker_label",
                    "speaker",
                    "create_speaker",
                    "statement",
                    "statement_en",
                    "resolution_criteria",
                    "status",
                ]
            },
        ),
        ("Decision", {"fields": ["decided_by", "decided_at"]}),
    ]
    change_form_template = "admin/claims/extractioncandidate/change_form.html"

    class Media:
        css = {"all": ["claims/admin.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Rows show the stored context, never the source's text (tens of KB per source).
        return super().get_queryset(request).defer("source__text", "duplicate_of__quote")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # candidates come from the extractor (extract_candidates --source, the API)

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        fields = list(self.readonly_fields)
        if obj is not None and obj.state != CandidateState.PROPOSED:
            fields += ["start", "end", "horizon_text"]
        return fields

    def get_list_display(self, request: HttpRequest):
        # Whom each row's label credits, from one query for the whole page (read on first use).
        directory: list[SpeakerDirectory] = []

        @admin.display(description="speaker")
        def speaker(obj: ExtractionCandidate) -> SafeString | str:
            if not obj.speaker_label:
                return "—"
            if not directory:
                directory.append(SpeakerDirectory())
            found = directory[0].find(obj.speaker_label)
            if found is None:
                return format_html("«{}» <em>(no such speaker yet)</em>", obj.speaker_label)
            return found.name if found.name == obj.speaker_label else f"{found.name} («{obj.speaker_label}»)"

        return [speaker if name == "speaker_label" else name for name in self.list_display]

    def get_fieldsets(self, request: HttpRequest, obj=None):
        proposed = obj is not None and obj.state == CandidateState.PROPOSED
        if proposed and (not obj.speaker_label or speaker_for_label(obj.speaker_label) is not None):
            # Offer to create a speaker only for a label that names nobody yet.
            return [
                (n, {"fields": [f for f in o["fields"] if f != "create_speaker"]}) for n, o in self.fieldsets
            ]
        if obj is not None and obj.state != CandidateState.PROPOSED:
            # Decided: nothing left to fill in for a prediction.
            return [
                (
                    n,
                    {"fields": [f for f in o["fields"] if f not in _PREDICTION_FIELDS]},
                )
                for n, o in self.fieldsets
            ]
        return self.fieldsets

    # --- columns ------------------------------------------------------------------------------

    @admin.display(description="candidate in context")
    def in_context(self, obj: ExtractionCandidate) -> SafeString:
        marker = ""
        if obj.duplicate_of is not None:
            marker = format_html(
                ' <em title="restates candidate at {}">(restatement)</em>', obj.duplicate_of.start
            )
        return format_html("{}{}", quote_in_context(obj.prefix, obj.quote, obj.suffix), marker)

    @admin.display(description="decision")
    def outcome(self, obj: ExtractionCandidate) -> SafeString | str:
        if obj.prediction_id:
            url = reverse("admin:claims_prediction_change", args=[obj.prediction_id])
            return format_html('<a href="{}">prediction #{}</a>', url, obj.prediction_id)
        return obj.get_state_display()

    @admin.display(description="source")
    def source_link(self, obj: ExtractionCandidate) -> SafeString:
        url = reverse("admin:claims_source_change", args=[obj.source_id])
        queue = reverse("admin:claims_extractioncandidate_changelist") + f"?source__id__exact={obj.source_id}"
        return format_html('<a href="{}">{}</a> · <a href="{}">review queue</a>', url, obj.source, queue)

    @admin.display(description="in context")
    def context(self, obj: ExtractionCandidate) -> SafeString:
        return quote_in_context(obj.prefix, obj.quote, obj.suffix)

    # --- bulk actions --------------------------------------------------------------------------

    @admin.action(description="Accept selected candidates (as draft predictions)")
    def accept_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        accepted, problems = 0, []
        directory = SpeakerDirectory()
        for candidate in queryset.filter(state=CandidateState.PROPOSED).order_by("source", "start"):
            try:
                accept_candidate(
                    candidate, user=signed_in(request.user), directory=directory, now=timezone.now()
                )
            except ValidationError as exc:
                problems.append(f"at {candidate.start}: {' '.join(exc.messages)}")
            else:
                accepted += 1
        if accepted:
            self.message_user(
                request, f"Accepted {accepted} candidate(s) as draft predictions.", messages.SUCCESS
            )
        if problems:
            self.message_user(
                request,
                "Not accepted (open them to fix): " + "; ".join(problems[:10]),
                messages.WARNING,
            )

    @admin.action(description="Create speakers for the selected candidates' unknown labels")
    def create_speakers(self, request: HttpRequest, queryset: QuerySet) -> None:
        directory = SpeakerDirectory()
        labels = queryset.filter(state=CandidateState.PROPOSED).exclude(speaker_label="")
        distinct = set(labels.values_list("speaker_label", flat=True))
        unknown = sorted(label for label in distinct if directory.find(label) is None)
        created, problems = [], []
        for label in unknown:
            try:
                created.append(create_speaker(name=label).name)
            except ValidationError as exc:
                problems.append(f"«{label}»: {' '.join(exc.messages)}")
        if created:
            self.message_user(request, "Created speakers: " + ", ".join(created) + ".", messages.SUCCESS)
        elif not problems:
            self.message_user(request, "Every selected label already names a speaker.", messages.INFO)
        if problems:
            self.message_user(request, "Not created: " + "; ".join(problems[:10]), messages.WARNING)

    @admin.action(description="Reject selected candidates")
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        rejected = 0
        for candidate in queryset.filter(state=CandidateState.PROPOSED):
            try:
                reject_candidate(candidate, user=signed_in(request.user), now=timezone.now())
            except ValidationError:
                continue  # decided by someone else meanwhile
            rejected += 1
        self.message_user(request, f"Rejected {rejected} candidate(s).", messages.SUCCESS)

    # --- edit then accept ----------------------------------------------------------------------

    def save_model(
        self, request: HttpRequest, obj: ExtractionCandidate, form: CandidateForm, change: bool
    ) -> None:
        if "_accept" in request.POST:
            return  # response_change accepts; the candidate row itself is not edited
        if "_reject" in request.POST:
            return
        if {"start", "end"} & set(form.changed_data):
            obj.quote = obj.source.text[obj.start : obj.end]
        super().save_model(request, obj, form, change)

    def response_change(self, request: HttpRequest, obj: ExtractionCandidate) -> HttpResponse:
        queue = reverse("admin:claims_extractioncandidate_changelist") + f"?source__id__exact={obj.source_id}"
        if "_reject" in request.POST:
            try:
                reject_candidate(obj, user=signed_in(request.user), now=timezone.now())
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, "Rejected.", messages.SUCCESS)
            return HttpResponseRedirect(queue)
        if "_accept" in request.POST:
            # Set by save_form on this request (HttpRequest declares no such attribute).
            form: CandidateForm = request._candidate_form  # type: ignore[attr-defined]
            try:
                prediction = accept_candidate(
                    obj,
                    user=signed_in(request.user),
                    speaker=form.cleaned_data["speaker"],
                    new_speaker=form.new_speaker(),
                    edits=form.edits(),
                    now=timezone.now(),
                )
            except ValidationError as exc:
                self.message_user(request, "Not accepted: " + " ".join(exc.messages), messages.ERROR)
                return HttpResponseRedirect(request.path)
            url = reverse("admin:claims_prediction_change", args=[prediction.pk])
            self.message_user(
                request,
                format_html(
                    'Accepted as <a href="{}">prediction #{}</a> ({}).',
                    url,
                    prediction.pk,
                    prediction.get_status_display(),
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(queue)
        return super().response_change(request, obj)

    def save_form(self, request: HttpRequest, form: CandidateForm, change: bool):
        # The request, not self: one ModelAdmin serves every request.
        request._candidate_form = form  # type: ignore[attr-defined]
        return super().save_form(request, form, change)
