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
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from claims.groups import signed_in
from claims.models import EditRecord, Face, Prediction
from claims.services.history import TRACKED, delete_recorded, save_recorded

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object

# A source's text can be 100 KB: the admin shows the start of a long value.
_SHOWN = 300


def edit_history_html(records: list[EditRecord]) -> SafeString | str:
    """The edits as a table, oldest first: when, who, where, what, and each field before → after."""
    if not records:
        return "Not edited since it was created."
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
        '<table class="hindsight-history"><thead><tr><th>when</th><th>who</th><th>from</th>'
        "<th>what</th><th>before → after</th></tr></thead><tbody>{}</tbody></table>",
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


def _concrete_fields(obj: Model) -> set[str]:
    return {field.name for field in obj._meta.concrete_fields}
