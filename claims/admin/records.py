"""The append-only records, read-only for everyone, superusers included: the review record
(blind, like everywhere), its evidence, and clarifications.

New rows come only from the services, through the forms on a prediction's page.
"""

from __future__ import annotations

from typing import cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from claims.admin.display import decision_text
from claims.models import Clarification, Evidence, Outcome
from claims.models.outcomes import OutcomeQuerySet


class ReadOnly:
    """No add, change or delete, whatever the user's permissions: for the append-only records,
    which only the review services write."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AppendOnlyAdmin(ReadOnly, admin.ModelAdmin):
    """No add, change or delete here, whatever the user's permissions."""

    actions = None

    class Media:
        css = {"all": ["claims/admin.css"]}


class EvidenceInline(ReadOnly, admin.TabularInline):
    model = Evidence
    fields = readonly_fields = ("url", "title", "passage", "retrieved_on")
    extra = 0
    can_delete = False


@admin.register(Outcome)
class OutcomeAdmin(AppendOnlyAdmin):
    list_display = ["prediction", "kind", "round", "decision", "known_on", "reviewer", "recorded_at"]
    list_filter = ["kind", "verdict"]
    list_select_related = ["prediction", "reviewer"]
    search_fields = ["prediction__statement", "note"]
    fields = [
        "prediction",
        "kind",
        "round",
        "verdict",
        "known_on",
        "next_look_on",
        "note",
        "reviewer",
        "recorded_at",
    ]
    inlines = [EvidenceInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Blind review here too: a vote of a round under way is not even listed to other reviewers.
        return cast(OutcomeQuerySet, super().get_queryset(request)).visible_to(request.user)

    @admin.display(description=_("verdict / next look"))
    def decision(self, outcome: Outcome) -> str:
        return decision_text(outcome)


@admin.register(Evidence)
class EvidenceAdmin(AppendOnlyAdmin):
    list_display = ["__str__", "url", "outcome", "retrieved_on", "archived"]
    list_select_related = ["outcome"]
    search_fields = ["url", "title", "passage"]
    fields = ["outcome", "url", "title", "passage", "retrieved_on"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(outcome__in=Outcome.objects.visible_to(request.user))

    @admin.display(boolean=True, description=_("archived"))
    def archived(self, evidence: Evidence) -> bool:
        return evidence.archived


@admin.register(Clarification)
class ClarificationAdmin(AppendOnlyAdmin):
    """Clarifications are added on their prediction's page."""

    list_display = ["prediction", "short_text", "author", "added_at"]
    list_select_related = ["prediction", "author"]
    search_fields = ["text", "prediction__statement"]
    fields = ["prediction", "text", "author", "added_at"]

    @admin.display(description=_("clarification"))
    def short_text(self, clarification: Clarification) -> str:
        return clarification.text if len(clarification.text) <= 100 else clarification.text[:99] + "…"
