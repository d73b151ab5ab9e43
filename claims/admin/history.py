"""The edit history in the admin: every change, delete and bulk delete of a curated object goes
through a service that records it (claims.services.history), and each change form shows the
object's history, read-only.

A ModelAdmin of a curated object mixes in RecordedEditsMixin; tests/test_edit_history.py walks
every registered admin of a curated model and every action it offers, and fails on one that
saves or deletes without a record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.groups import signed_in
from claims.models import EditRecord, Face, Prediction
from claims.services.history import TRACKED, delete_recorded, save_recorded, undeletable

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object

# A source's text can be 100 KB: the admin shows the start of a long value.
_SHOWN = 300


def edit_history_html(records: list[EditRecord]) -> SafeString | str:
    """The edits as a table, oldest first: when, who, where, what, and each field before → after."""
    if not records:
        return gettext("Not edited since it was created.")
    rows = []
    for record in records:
        fields = format_html_join(
            SafeString("<br>"),
            "<strong>{}</strong>: {} → {}",
            (
                (change.field, Truncator(change.before).chars(_SHOWN), Truncator(change.after).chars(_SHOWN))
                for change in record.field_changes()
            ),
        )
        who = record.actor.get_username() if record.actor is not None else "—"
        rows.append((f"{record.at:%Y-%m-%d %H:%M}", who, record.get_face_display(), record.subject, fields))
    body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
    return format_html(
        '<table class="hindsight-history"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
        "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
        gettext("when"),
        gettext("who"),
        gettext("from"),
        gettext("what"),
        gettext("before → after"),
        body,
    )


class RecordedEditsMixin(_ModelAdmin):
    """For the admin of a curated object: a change saves through save_recorded (a subclass whose
    object has a service of its own overrides save_change), a delete and the bulk
    "delete selected" through delete_recorded; `edit_history` is a read-only field listing the
    object's edits."""

    def save_model(self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        self.save_change(request, obj, form)

    def save_change(self, request: HttpRequest, obj: Any, form: forms.ModelForm) -> None:
        fields = [name for name in form.changed_data if name in _concrete_fields(obj)]
        save_recorded(obj=obj, fields=fields, by=signed_in(request.user), face=Face.ADMIN, now=timezone.now())

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Delete is offered only where it succeeds: the model's deletable() policy, as
        # delete_recorded applies it (asked only of a user who may delete at all).
        allowed = super().has_delete_permission(request, obj)
        return allowed and not (obj is not None and obj.pk is not None and undeletable([obj]))

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        django_delete = actions.get("delete_selected")
        if django_delete is not None:
            actions["delete_selected"] = (_delete_deletable, "delete_selected", django_delete[2])
        return actions

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_recorded(objects=[obj], by=signed_in(request.user), face=Face.ADMIN, now=timezone.now())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        delete_recorded(objects=queryset, by=signed_in(request.user), face=Face.ADMIN, now=timezone.now())

    @admin.display(description=_("edit history"))
    def edit_history(self, obj: Model) -> SafeString | str:
        if obj.pk is None:
            return "-"
        if isinstance(obj, Prediction):
            records = EditRecord.objects.of_prediction(obj.pk)
        else:
            records = EditRecord.objects.of_object(TRACKED[type(obj)][0], obj.pk)
        return edit_history_html(list(records))


def _delete_deletable(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet):
    """Django's "delete selected" over the selected rows the model's policy lets go (its
    QuerySet's deletable()); the others are named and left as they are, so that a mixed
    selection is neither refused whole nor half-deleted."""
    policy = getattr(queryset, "deletable", None)
    if policy is None:
        return delete_selected(modeladmin, request, queryset)
    deletable = policy()
    kept = queryset.exclude(pk__in=deletable.values("pk"))
    if request.POST.get("post") is None and kept.exists():
        # Said on the confirmation page, not again after the deletion.
        modeladmin.message_user(
            request,
            gettext(
                "Kept (reviewed, clarified, split or still quoted; withdraw a prediction instead): %(ids)s"
            )
            % {"ids": ", ".join(f"#{pk}" for pk in kept.values_list("pk", flat=True))},
            messages.WARNING,
        )
    if not deletable.exists():
        return None
    return delete_selected(modeladmin, request, deletable)


def _concrete_fields(obj: Model) -> set[str]:
    return {field.name for field in obj._meta.concrete_fields}
