"""The edit history: what the services changed in a curated object, written in the same
transaction as the change (docs/history.md says why here and not in triggers or signals).

Every history row is written by record_edits, and only there: it also appends them to the
tamper-evident record (claims.services.record), so no edit escapes the hash chain. The services
take who edits (`by`), from which face (`face`) and when (`now`) from their caller, as they take
the time for everything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext

from claims.models import (
    EditAction,
    EditedType,
    EditRecord,
    Face,
    Prediction,
    PredictionLink,
    Source,
    Span,
    Speaker,
    Topic,
)
from claims.services.record import append_to_record

__all__ = [
    "TRACKED",
    "Edit",
    "changed",
    "created",
    "delete_recorded",
    "deleted",
    "json_ready",
    "record_edits",
    "save_recorded",
    "snapshot",
]

# The fields whose edits are kept, per curated model. Left out on purpose: what the review
# services derive from the review record (verdict, review_round, next_look_on, verdict_*), the
# version and timestamps, and a prediction's parent (set once, by a split). A prediction's topics
# are kept too, as a list of slugs (see topic_slugs).
TRACKED: dict[type[models.Model], tuple[EditedType, tuple[str, ...]]] = {
    Source: (
        EditedType.SOURCE,
        (
            "title",
            "url",
            "publisher",
            "author",
            "language",
            "published_on",
            "said_on",
            "said_on_inferred",
            "file_name",
            "text",
        ),
    ),
    Speaker: (EditedType.SPEAKER, ("name", "aliases", "role")),
    Topic: (EditedType.TOPIC, ("slug", "name")),
    Prediction: (
        EditedType.PREDICTION,
        (
            "statement",
            "statement_en",
            "speaker",
            "kind",
            "confidence",
            "status",
            "resolution_criteria",
            "said_on",
            "horizon_text",
            "window_overridden",
            "due_earliest",
            "due_latest",
            "vague",
            "boundary_ambiguous",
            "rules_version",
            "key",
        ),
    ),
    Span: (EditedType.SPAN, ("source", "role", "start", "end", "quote", "prefix", "suffix")),
    PredictionLink: (EditedType.LINK, ("earlier", "relation", "note")),
}


@dataclass(frozen=True)
class Edit:
    """One history row before it is written: which object, what happened to it, which fields."""

    object_type: str
    object_id: int
    prediction_pk: int | None
    action: str
    changes: dict[str, list[Any]]


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The tracked fields of `obj` as JSON values: dates in ISO form, a foreign key as its id and
    name ({"id": 3, "name": "Sam Altman"}), so that the history reads without the object."""
    _, fields = TRACKED[type(obj)]
    return {name: _json_value(obj, name) for name in fields}


def topic_slugs(topics: Iterable[Topic]) -> list[str]:
    return sorted(topic.slug for topic in topics)


def changed(obj: models.Model, before: dict[str, Any], after: dict[str, Any]) -> Edit:
    """The fields whose value differs between two snapshots of `obj` (empty when none do)."""
    changes = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
    return _edit(obj, EditAction.CHANGED, changes)


def created(obj: models.Model) -> Edit:
    return _edit(obj, EditAction.CREATED, {name: [None, value] for name, value in snapshot(obj).items()})


def deleted(obj: models.Model) -> Edit:
    return _edit(obj, EditAction.DELETED, {name: [value, None] for name, value in snapshot(obj).items()})


def record_edits(
    edits: Iterable[Edit], *, by: User | None, face: Face | str, now: dt.datetime
) -> list[EditRecord]:
    """Append the history rows of `edits` (those that changed anything), in one INSERT.

    The one writer of EditRecord: call it inside the transaction of the edit, so that the edit,
    its history rows and their entries in the public record (claims.services.record) commit or
    roll back together. Returns the rows written.
    """
    if face not in Face.values:
        raise ValueError(f"«{face}» is not a face: give one of {', '.join(Face.values)}.")
    rows = [
        EditRecord(
            object_type=edit.object_type,
            object_id=edit.object_id,
            prediction_pk=edit.prediction_pk,
            action=edit.action,
            changes=edit.changes,
            actor=by,
            face=face,
            at=now,
        )
        for edit in edits
        if edit.changes
    ]
    if not rows:
        return []
    written = EditRecord.objects.bulk_create(rows)
    append_to_record(*written)
    return written


def save_recorded(
    *, obj: models.Model, fields: Sequence[str], by: User | None, face: Face | str, now: dt.datetime
) -> EditRecord | None:
    """Save `fields` of an existing, validated object and record what changed, in one transaction.

    For the objects with no rules beyond their own validation (a speaker, a topic): the stored row
    is locked and read first, so that the record's "before" is what was replaced. Returns the
    history row, or None when nothing tracked changed.
    """
    model = type(obj)
    with transaction.atomic():
        stored = model._default_manager.select_for_update().get(pk=obj.pk)
        before = snapshot(stored)
        if fields:
            obj.save(update_fields=list(fields))
        rows = record_edits([changed(obj, before, snapshot(obj))], by=by, face=face, now=now)
    return rows[0] if rows else None


def undeletable(objects: Iterable[models.Model]) -> list[models.Model]:
    """Those of `objects` their model's policy keeps (its QuerySet's `deletable()`: a judged
    prediction, a source or speaker predictions still need); a model without one keeps none."""
    kept = []
    for obj in objects:
        policy = getattr(type(obj)._default_manager, "deletable", None)
        if policy is not None and not policy().filter(pk=obj.pk).exists():
            kept.append(obj)
    return kept


def delete_recorded(
    *, objects: Iterable[models.Model], by: User | None, face: Face | str, now: dt.datetime
) -> int:
    """Delete curated objects, recording each one's last values first, in one transaction.

    Each is deleted on its own (Model.delete), so that protected relations refuse as they do
    in the admin, and the whole deletion rolls back with its records. Returns how many.
    Refuses (ValidationError, nothing deleted) if the model's `deletable()` policy keeps any of
    them (see undeletable).
    """
    items = list(objects)
    kept = undeletable(items)
    if kept:
        raise ValidationError(
            gettext(
                "Not deleted: %(rows)s must stay (reviewed, clarified, split or still quoted); withdraw a "
                "prediction instead."
            )
            % {"rows": ", ".join(f"{type(obj)._meta.verbose_name} #{obj.pk}" for obj in kept)}
        )
    with transaction.atomic():
        record_edits([deleted(obj) for obj in items], by=by, face=face, now=now)
        for obj in items:
            obj.delete()
    return len(items)


def _edit(obj: models.Model, action: str, changes: dict[str, list[Any]]) -> Edit:
    object_type, _ = TRACKED[type(obj)]
    if isinstance(obj, Prediction):
        prediction_pk: int | None = obj.pk
    elif isinstance(obj, Span | PredictionLink):
        prediction_pk = obj.prediction_id
    else:
        prediction_pk = None
    return Edit(object_type, obj.pk, prediction_pk, action, changes)


def _json_value(obj: models.Model, name: str) -> Any:
    field = obj._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        related_id = getattr(obj, field.attname)
        if related_id is None:
            return None
        return {"id": related_id, "name": str(getattr(obj, name))}
    return json_ready(getattr(obj, name))


def json_ready(value: Any) -> Any:
    """A field's value as the history stores it: dates in ISO form, anything else as it is."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
