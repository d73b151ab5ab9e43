"""Predictions: statement, spans, resolution criteria and clarifications, the review record,
lineage, parts; the changelist with the agreement behind each verdict.

Edits of an existing prediction go through update_prediction (frozen criteria, hand-set
statuses and optimistic locking are its rules); clarifications through add_clarification and
lineage links through link_predictions. A refusal comes back as a form error (claims.admin.refusals).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from claims.actions import Action
from claims.admin.display import (
    agreement_text,
    decision_text,
    evidence_html,
    prediction_link,
    prediction_links,
)
from claims.admin.history import RecordedEditsMixin
from claims.admin.records import ReadOnly
from claims.admin.refusals import RefusalsInlineMixin, RefusalsMixin, Refused
from claims.admin.reviews import ReviewActionsMixin, frozen_since, offered
from claims.groups import signed_in
from claims.highlight import quote_in_context
from claims.models import (
    Clarification,
    Correction,
    Face,
    Outcome,
    Prediction,
    PredictionLink,
    Source,
    Span,
    Status,
)
from claims.models.outcomes import VOTES, OutcomeQuerySet
from claims.models.predictions import JUDGED_FIELDS
from claims.querysets import PredictionQuerySet
from claims.services.criteria import add_clarification
from claims.services.lineage import is_slipped, lineage, link_predictions, unlink_predictions
from claims.services.predictions import (
    HAND_SET_STATUSES,
    UPDATABLE_FIELDS,
    VersionConflict,
    save_spans,
    update_prediction,
)
from claims.tasks import enqueue_flag_due

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldsetSpec

# Code points of the statement the changelist shows (two lines of Chinese at its column's width).
_STATEMENT_SHOWN = 60
_JUDGED_HINT = _("Frozen since its first review: use 'Correct what was judged' above.")
# Statuses that follow the review record: a curator cannot set or leave them by hand.
_FOLLOW_REVIEWS = {Status.RESOLVED, Status.DISPUTED, Status.SPLIT}


class SpanForm(forms.ModelForm):
    """A span by offsets, by quote alone, or both; the quote decides (see Span.anchor)."""

    class Meta:
        model = Span
        fields = ["source", "role", "quote", "start", "end", "prefix", "suffix"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 2, "cols": 60})}
        help_texts = {
            "quote": _("The exact words. Alone, it must occur once in the source (or give a prefix/suffix)."),
            "prefix": _("Optional: the text just before the quote, to pick one of several occurrences."),
            "suffix": _("Optional: the text just after the quote."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start", "end", "quote", "prefix", "suffix"):
            self.fields[name].required = False
        # A quote or its context may start or end with spaces that belong to the text.
        for name in ("quote", "prefix", "suffix"):
            cast(forms.CharField, self.fields[name]).strip = False


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
            gettext(
                "said_on is blank and no span's source has a date: enter said_on (the day the words were said)."
            )
        )


def _judged(prediction: Prediction | None) -> bool:
    return prediction is not None and prediction.pk is not None and frozen_since(prediction) is not None


class CorrectionInline(ReadOnly, admin.TabularInline):
    """The corrections appended since the first review, as every reader sees them; a curator adds
    one with 'Correct what was judged' (claims.services.corrections)."""

    model = Correction
    fields = readonly_fields = ("number", "what_was_wrong", "changed", "reopened_review", "author", "made_at")
    ordering = ["number"]
    verbose_name_plural = _("corrections (append-only)")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("author")

    @admin.display(description=_("before → after"))
    def changed(self, correction: Correction) -> SafeString:
        return format_html_join(
            "",
            "<div><strong>{}</strong>: {} → {}</div>",
            ((change.field, change.before, change.after) for change in correction.field_changes()),
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

    # A judged prediction's spans are frozen (a correction re-anchors them): shown, not editable.
    def has_add_permission(self, request: HttpRequest, obj: Prediction | None = None) -> bool:
        return not _judged(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Prediction | None = None) -> bool:
        return not _judged(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Prediction | None = None) -> bool:
        return not _judged(obj) and super().has_delete_permission(request, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # A source is shown by its title: never load its text (tens of KB) for that.
        return super().get_queryset(request).select_related("source").defer("source__text")

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "source":
            kwargs["queryset"] = Source.objects.defer("text")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("in context"))
    def in_context(self, span: Span) -> SafeString | str:
        if span.pk is None:
            return gettext("Shown after saving.")
        url = reverse("admin:claims_source_change", args=[span.source_id])
        return format_html(
            '{} <a href="{}">{}</a>',
            quote_in_context(span.prefix, span.quote, span.suffix),
            url,
            gettext("open source"),
        )


class ClarificationInline(RefusalsInlineMixin, admin.TabularInline):
    """Append-only: a curator adds a clarification (saved by add_clarification, with author and
    date); nobody edits or deletes one."""

    model = Clarification
    fields = ["text", "author", "added_at"]
    readonly_fields = ["author", "added_at"]
    extra = 1
    can_delete = False
    ordering = ["added_at", "id"]
    verbose_name_plural = _("clarifications of the resolution criteria (add-only)")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("author")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest, obj: Prediction | None = None) -> bool:
        # Offered as the dashboard offers it (claims.actions): to curators, on written criteria.
        return obj is not None and Action.CLARIFY in offered(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReviewRecordInline(ReadOnly, admin.TabularInline):
    """The review record, read-only and blind: votes of a round under way show only to those who
    have voted in it (Outcome.objects.visible_to); new events come from the review forms."""

    model = Outcome
    fields = readonly_fields = (
        "recorded_at",
        "kind",
        "round",
        "reviewer",
        "decision",
        "known_on",
        "evidence_list",
        "reasoning",
    )
    extra = 0
    can_delete = False
    ordering = ["recorded_at", "id"]
    verbose_name = _("review event")
    verbose_name_plural = _("review record (votes of a round under way show once you have given yours)")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        outcomes = cast(OutcomeQuerySet, super().get_queryset(request))
        return outcomes.visible_to(request.user).with_evidence()

    @admin.display(description=_("verdict / next look"))
    def decision(self, outcome: Outcome) -> str:
        return decision_text(outcome)

    @admin.display(description=_("evidence"))
    def evidence_list(self, outcome: Outcome) -> SafeString | str:
        return evidence_html(outcome.evidence.all())

    @admin.display(description=_("reasoning"))
    def reasoning(self, outcome: Outcome) -> SafeString | str:
        if not outcome.note:
            return "-"
        return format_html_join(SafeString("<br>"), "{}", ((line,) for line in outcome.note.splitlines()))


class PredictionLinkInline(RefusalsInlineMixin, admin.TabularInline):
    """Lineage, on the later prediction: which earlier one it says again, revises or retracts.
    Links are added by link_predictions (same speaker, said before) and not edited; a curator
    may remove one entered by mistake (unlink_predictions)."""

    model = PredictionLink
    fk_name = "prediction"
    fields = ["earlier", "relation", "note", "slipped", "created_by", "created_at"]
    readonly_fields = ["slipped", "created_by", "created_at"]
    autocomplete_fields = ["earlier"]
    extra = 0
    verbose_name = _("earlier prediction")
    verbose_name_plural = _("lineage: earlier predictions this one says again, revises or retracts")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("prediction", "earlier", "created_by")

    def has_add_permission(self, request: HttpRequest, obj: Prediction | None = None) -> bool:
        return obj is not None and Action.LINK in offered(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("deadline slipped"), boolean=True)
    def slipped(self, link: PredictionLink) -> bool | None:
        return is_slipped(link) if link.pk else None


class DatedFilter(admin.SimpleListFilter):
    title = _("due date")
    parameter_name = "dated"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", gettext("Dated")), ("no", gettext("Undated"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        predictions = cast(PredictionQuerySet, queryset)
        if self.value() == "yes":
            return predictions.dated()
        if self.value() == "no":
            return predictions.undated()
        return queryset


class DueYearFilter(admin.SimpleListFilter):
    title = _("due year")
    parameter_name = "due_year"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        years = Prediction.objects.dated().dates("due_latest", "year")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if year := self.value():
            return queryset.filter(due_latest__year=int(year))
        return queryset


class ReviewFilter(admin.SimpleListFilter):
    """How the standing was reached, from the prediction's own columns (no join)."""

    title = _("review")
    parameter_name = "review"
    _FILTERS: dict[str, tuple[StrOrPromise, dict[str, object]]] = {
        "agreed": (_("Reviewers agreed"), {"status": Status.RESOLVED, "verdict_adjudicated": False}),
        "adjudicated": (_("Adjudicated"), {"status": Status.RESOLVED, "verdict_adjudicated": True}),
        "archived": (_("Evidence archived"), {"verdict_evidence_archived": True}),
        "too_early": (_("Too early: next look set"), {"next_look_on__isnull": False}),
        "part": (_("Part of a split prediction"), {"parent__isnull": False}),
    }

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, StrOrPromise]]:
        return [(value, title) for value, (title, _) in self._FILTERS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value is not None and value in self._FILTERS:
            return queryset.filter(**self._FILTERS[value][1])
        return queryset


class PredictionForm(forms.ModelForm):
    # The version this page was opened at: saving over someone else's change (another curator's
    # edit, a review) is refused instead of silently undoing it.
    expected_version = forms.IntegerField(
        label=_("Expected version"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Prediction
        fields = [
            "statement",
            "statement_en",
            "speaker",
            "kind",
            "confidence",
            "topics",
            "status",
            "resolution_criteria",
            "said_on",
            "horizon_text",
            "window_overridden",
            "due_earliest",
            "due_latest",
            "key",
        ]
        widgets = {"resolution_criteria": forms.Textarea(attrs={"rows": 4, "cols": 80})}


# A change to these moves the due date: flag due predictions at once rather than at the next run.
_WINDOW_FIELDS = {"status", "said_on", "horizon_text", "window_overridden", "due_latest"}


@admin.register(Prediction)
class PredictionAdmin(RefusalsMixin, ReviewActionsMixin, RecordedEditsMixin, admin.ModelAdmin):
    form = PredictionForm
    change_form_template = "admin/claims/prediction/change_form.html"
    # Chosen to fit 1400 px (claims/static/claims/admin.css sets the widths): short columns, and
    # the statement cut with the whole of it in its title. Kind and the day it was said are
    # filters and on the prediction's page.
    list_display = ["id", "short_statement", "speaker", "status", "verdict", "agreement", "due_latest"]
    list_display_links = ["id", "short_statement"]
    list_filter = [
        "status",
        "verdict",
        ReviewFilter,
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
        "criteria_state",
        "vague",
        "boundary_ambiguous",
        "rules_version",
        "review_standing",
        "verdict",
        "reviewers_required",
        "next_look_on",
        "parent_link",
        "parts_list",
        "lineage_timeline",
        "version",
        "created_by",
        "created_at",
        "updated_at",
        "edit_history",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["statement", "statement_en", "speaker", "kind", "confidence", "topics", "status"]},
        ),
        (
            _("Resolution criteria"),
            {
                "fields": ["resolution_criteria", "criteria_state"],
                "description": _(
                    "What would settle it, written before the prediction is open. Frozen "
                    "at its first review; clarifications are added below after that."
                ),
            },
        ),
        (
            _("When"),
            {
                "fields": [
                    "said_on",
                    "horizon_text",
                    "window_overridden",
                    ("due_earliest", "due_latest"),
                    ("vague", "boundary_ambiguous"),
                    "rules_version",
                ],
                "description": _(
                    "The window is computed from the horizon words and said_on "
                    "(see the horizon conventions) unless 'window set by hand' is ticked."
                ),
            },
        ),
        (
            _("Review"),
            {
                "fields": [
                    "review_standing",
                    "verdict",
                    "reviewers_required",
                    "next_look_on",
                    "parent_link",
                    "parts_list",
                    "lineage_timeline",
                ]
            },
        ),
        (
            _("Record"),
            {"fields": ["key", "version", "created_by", "created_at", "updated_at", "expected_version"]},
        ),
        (_("Edit history"), {"fields": ["edit_history"], "classes": ["collapse"]}),
    ]
    # Spans first: the add page has only them, and the span errors are the first formset's.
    inlines = [SpanInline, CorrectionInline, ClarificationInline, ReviewRecordInline, PredictionLinkInline]

    class Media:
        css = {"all": ["claims/admin.css"]}

    def get_inline_instances(self, request: HttpRequest, obj: Prediction | None = None) -> list:
        instances = super().get_inline_instances(request, obj)
        if obj is None:
            # Clarifications, reviews and lineage need a saved prediction.
            instances = [inline for inline in instances if isinstance(inline, SpanInline)]
        elif not obj.correction_count:
            # Its column says there are none: no query for the many never corrected.
            instances = [inline for inline in instances if not isinstance(inline, CorrectionInline)]
        return instances

    def get_fieldsets(self, request: HttpRequest, obj: Prediction | None = None) -> _FieldsetSpec:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self.has_change_permission(request, obj):
            return fieldsets
        # Only a change form carries the version it was opened at; elsewhere it would show as "-".
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "expected_version"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Prediction | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status in _FOLLOW_REVIEWS:
            fields.append("status")
        return fields

    def get_form(self, request: HttpRequest, obj: Prediction | None = None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        fields = form.base_fields
        if "said_on" in fields:
            fields["said_on"].required = False
            fields["said_on"].help_text = gettext("Leave blank to take the date of the first span's source.")
        if "status" in fields:
            allowed = set(HAND_SET_STATUSES) | ({obj.status} if obj is not None else set())
            fields["status"].choices = [(value, label) for value, label in Status.choices if value in allowed]
        if obj is not None and "expected_version" in fields:
            fields["expected_version"].initial = obj.version
        if obj is not None and frozen_since(obj) is not None:
            # Still form fields, so that a change typed before the first review came in is
            # refused with a message (by update_prediction) rather than silently dropped.
            for name in ("resolution_criteria", *JUDGED_FIELDS):
                if name in fields:
                    fields[name].widget.attrs.update(readonly=True, title=_JUDGED_HINT)
                    fields[name].help_text = _JUDGED_HINT
        return form

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        # Searching across spans joins a to-many relation: let the queryset deduplicate.
        queryset, _ = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["review_actions"] = self.review_actions_for(request, obj)
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    # --- Saving -------------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Prediction, form: forms.ModelForm, change: bool) -> None:
        if not change:
            obj.created_by = signed_in(request.user)
            super().save_model(request, obj, form, change)
        elif form.has_changed():
            changes = {name: getattr(obj, name) for name in form.changed_data if name in UPDATABLE_FIELDS}
            if "topics" in form.changed_data:
                # Through the service, so that the history has them; save_related then finds them set.
                changes["topics"] = form.cleaned_data["topics"]
            try:
                update_prediction(
                    prediction=obj,
                    expected_version=form.cleaned_data.get("expected_version"),
                    **changes,
                    now=timezone.now(),
                    by=signed_in(request.user),
                    face=Face.ADMIN,
                )
            except VersionConflict as conflict:
                raise Refused(
                    ValidationError(
                        gettext(
                            "Prediction #%(id)s was changed by someone else (a curator or a review) since you "
                            "opened this page (version %(expected)s, now %(current)s): open it again to see "
                            "their change, then make yours."
                        )
                        % {"id": obj.pk, "expected": conflict.expected, "current": conflict.current}
                    )
                ) from None
            except ValidationError as refused:
                raise Refused(refused) from None
            except IntegrityError as refused:
                # The database's own guard, e.g. a review came in after update_prediction checked.
                raise Refused(
                    ValidationError(
                        gettext("The database refused the change: %(error)s") % {"error": refused}
                    )
                ) from None
        if not change or _WINDOW_FIELDS & set(form.changed_data):
            # A new or moved due date takes effect now, not at the next hourly run; if the
            # broker is down this only logs, and the hourly run catches up.
            enqueue_flag_due()

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is Clarification:
            self._add_clarifications(request, form.instance, formset)
        elif formset.model is PredictionLink:
            self._add_links(request, form.instance, formset)
        elif formset.model is Outcome:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        elif formset.model is Span and change:
            # The spans of a new prediction are part of creating it; after that, each one added,
            # changed or removed is an edit.
            saved = formset.save(commit=False)
            save_spans(
                prediction=form.instance,
                save=saved,
                remove=formset.deleted_objects,
                by=signed_in(request.user),
                face=Face.ADMIN,
                now=timezone.now(),
            )
        else:
            super().save_formset(request, form, formset, change)

    def _new_forms(self, formset) -> list[tuple[int, forms.Form]]:
        first = formset.initial_form_count()
        return [
            (index, item)
            for index, item in enumerate(formset.forms[first:], start=first)
            if item.has_changed() and not item.cleaned_data.get("DELETE")
        ]

    def _add_clarifications(self, request: HttpRequest, prediction: Prediction, formset) -> None:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for index, item in self._new_forms(formset):
            try:
                clarification = add_clarification(
                    prediction=prediction,
                    author=signed_in(request.user),
                    text=item.cleaned_data["text"],
                    now=timezone.now(),
                )
            except ValidationError as refused:
                raise Refused(refused, prefix=formset.prefix, index=index) from None
            formset.new_objects.append(clarification)

    def _add_links(self, request: HttpRequest, prediction: Prediction, formset) -> None:
        formset.new_objects, formset.changed_objects = [], []
        formset.deleted_objects = [item.instance for item in formset.deleted_forms if item.instance.pk]
        unlink_predictions(
            links=formset.deleted_objects, by=signed_in(request.user), face=Face.ADMIN, now=timezone.now()
        )
        for index, item in self._new_forms(formset):
            data = item.cleaned_data
            try:
                link = link_predictions(
                    prediction=prediction,
                    earlier=data["earlier"],
                    relation=data["relation"],
                    note=data.get("note", ""),
                    by=signed_in(request.user),
                    face=Face.ADMIN,
                    now=timezone.now(),
                )
            except ValidationError as refused:
                raise Refused(refused, prefix=formset.prefix, index=index) from None
            formset.new_objects.append(link)

    # --- Read-only fields ---------------------------------------------------------------------

    @admin.display(description=_("statement"))
    def short_statement(self, obj: Prediction) -> SafeString:
        # Cut to keep the rows short; the title shows the whole statement on hover.
        shown = (
            obj.statement
            if len(obj.statement) <= _STATEMENT_SHOWN
            else obj.statement[: _STATEMENT_SHOWN - 1] + "…"
        )
        return format_html('<span class="hindsight-statement" title="{}">{}</span>', obj.statement, shown)

    @admin.display(description=_("agreement"))
    def agreement(self, obj: Prediction) -> str:
        return agreement_text(obj)

    @admin.display(description=_("frozen"))
    def criteria_state(self, obj: Prediction) -> SafeString | str:
        since = frozen_since(obj) if obj.pk is not None else None
        if since is None:
            return gettext("Editable until the first review.")
        return format_html(
            '<strong class="hindsight-frozen">{}</strong>',
            gettext("Frozen since %(day)s (its first review): add a clarification below.")
            % {"day": f"{since:%Y-%m-%d}"},
        )

    @admin.display(description=_("standing"))
    def review_standing(self, obj: Prediction) -> str:
        if obj.pk is None:
            return "-"
        if obj.status in (Status.RESOLVED, Status.DISPUTED):
            return gettext("Round %(round)s: %(agreement)s") % {
                "round": obj.review_round,
                "agreement": agreement_text(obj),
            }
        if obj.status == Status.SPLIT:
            return gettext("Split into parts: the parts are reviewed instead.")
        if obj.status not in (Status.OPEN, Status.DUE):
            return gettext("%(status)s: not reviewed.") % {"status": obj.get_status_display()}
        votes = Outcome.objects.filter(prediction=obj, round=obj.review_round, kind__in=VOTES).count()
        values = {"round": obj.review_round, "votes": votes, "required": obj.reviewers_required}
        if obj.next_look_on is None:
            return gettext("Round %(round)s: %(votes)s of %(required)s reviews in.") % values
        return gettext(
            "Round %(round)s: %(votes)s of %(required)s reviews in; an earlier round found it too early, "
            "look again %(day)s."
        ) % {**values, "day": f"{obj.next_look_on:%Y-%m-%d}"}

    @admin.display(description=_("split from"))
    def parent_link(self, obj: Prediction) -> SafeString | str:
        return prediction_link(obj.parent) if obj.parent is not None else "-"

    @admin.display(description=_("parts"))
    def parts_list(self, obj: Prediction) -> SafeString | str:
        return prediction_links(obj.parts.order_by("id")) if obj.pk else "-"

    @admin.display(description=_("lineage"))
    def lineage_timeline(self, obj: Prediction) -> SafeString | str:
        if obj.pk is None:
            return "-"
        steps = lineage(obj)
        if len(steps) < 2:
            return gettext("No linked predictions (link an earlier one below).")
        rows = []
        for step in steps:
            relations = ", ".join(
                f"{link.get_relation_display().lower()} #{link.earlier_id}"
                + (gettext(" (deadline slipped)") if is_slipped(link) else "")
                for link in step.links
            )
            due = (
                gettext("due %(due)s") % {"due": f"{step.prediction.due_latest:%Y-%m-%d}"}
                if step.prediction.due_latest
                else gettext("undated")
            )
            rows.append(
                (
                    f"{step.prediction.said_on:%Y-%m-%d}",
                    prediction_link(step.prediction)
                    if step.prediction.pk != obj.pk
                    else gettext("#%(id)s (this one)") % {"id": obj.pk},
                    due,
                    f": {relations}" if relations else "",
                )
            )
        return format_html(
            '<ol class="hindsight-lineage">{}</ol>', format_html_join("", "<li>{} {} · {}{}</li>", rows)
        )
