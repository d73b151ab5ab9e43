"""The edit history of the curated objects: who changed which fields of what, when, from where.

Rows are written only by claims.services.history.record_edits (the services call it in the
transaction of the edit itself) and never changed: the database refuses an UPDATE of one
(migration 0013), and on PostgreSQL a DELETE too. See docs/history.md for why the services write
these rows rather than database triggers or model signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FieldChange:
    """One field of an edit as the pages show it: the field's name, before and after as text."""

    field: str
    before: str
    after: str


def value_text(value: Any) -> str:
    """A stored value as text: a related object by its name, a list joined, nothing as "—"."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict) and "name" in value:
        return str(value["name"])
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


class Face(models.TextChoices):
    """Where an edit was made: each face reads the clock and the user, and names itself."""

    ADMIN = "admin", _("Admin")
    API = "api", _("API")
    DASHBOARD = "dashboard", _("Dashboard")
    COMMAND = "command", _("Command")


class EditedType(models.TextChoices):
    """The curated objects whose edits are kept (claims.services.history.TRACKED has their fields)."""

    SOURCE = "source", _("Source")
    SPEAKER = "speaker", _("Speaker")
    TOPIC = "topic", _("Topic")
    PREDICTION = "prediction", _("Prediction")
    SPAN = "span", _("Span")
    LINK = "link", _("Prediction link")


class EditAction(models.TextChoices):
    # Created is recorded only for an object added to a prediction that already exists (a span,
    # a link): a new prediction, source or speaker is not an edit, its created_at says when.
    CREATED = "created", _("Added")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Removed")


class EditRecordQuerySet(models.QuerySet["EditRecord"]):
    def history(self) -> EditRecordQuerySet:
        """Oldest first, with who made each edit and their public name (one query)."""
        return self.select_related("actor__reviewer_profile").order_by("at", "id")

    def of_prediction(self, prediction_id: int) -> EditRecordQuerySet:
        """Edits of the prediction itself and of its spans and links, oldest first."""
        return self.filter(prediction_pk=prediction_id).history()

    def of_object(self, object_type: str, object_id: int) -> EditRecordQuerySet:
        return self.filter(object_type=object_type, object_id=object_id).history()


class EditRecord(models.Model):
    object_type = models.CharField(_("object type"), max_length=20, choices=EditedType.choices)
    # Plain ids, not foreign keys: the record of a removed span or a deleted prediction stays.
    object_id = models.PositiveBigIntegerField(_("object id"))
    prediction_pk = models.PositiveBigIntegerField(
        _("prediction pk"),
        null=True,
        blank=True,
        help_text=_("The prediction the edited object is part of (itself, its span, its link)."),
    )
    action = models.CharField(
        _("action"), max_length=20, choices=EditAction.choices, default=EditAction.CHANGED
    )
    # PROTECT, not SET_NULL: clearing the actor would be an UPDATE of an append-only row, which
    # the database refuses. Deactivate a user who edited instead of deleting them.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    face = models.CharField(_("face"), max_length=20, choices=Face.choices)
    at = models.DateTimeField(_("at"))
    changes = models.JSONField(
        _("changes"), help_text=_('{"field": [before, after]}; null where the object did not exist.')
    )

    objects = EditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("edit record")
        verbose_name_plural = _("edit records")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(object_type__in=EditedType.values), name="edit_type_valid"),
            models.CheckConstraint(condition=Q(face__in=Face.values), name="edit_face_valid"),
            models.CheckConstraint(condition=Q(action__in=EditAction.values), name="edit_action_valid"),
        ]
        indexes = [
            # The prediction page, its API history and its admin page: one prediction's edits.
            models.Index(fields=["prediction_pk", "at"], name="edit_prediction_idx"),
            # A source's, speaker's or topic's admin page: one object's edits.
            models.Index(fields=["object_type", "object_id"], name="edit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_type} #{self.object_id} ({', '.join(self.changes)})"

    @property
    def subject(self) -> str:
        """What was edited, in words: "prediction #7", "span #12 added", "link #3 removed"."""
        noun = f"{self.get_object_type_display().lower()} #{self.object_id}"
        if self.action == EditAction.CHANGED:
            return noun
        return f"{noun} {self.get_action_display().lower()}"

    def field_changes(self) -> list[FieldChange]:
        """Each field with its value before and after, as text, in the order they were stored."""
        return [
            FieldChange(name, value_text(before), value_text(after))
            for name, (before, after) in self.changes.items()
        ]
