"""Splitting a compound prediction into parts that are reviewed separately."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from claims.conflicts import state_conflict
from claims.models import SPLITTABLE, DueFlag, Face, Prediction, Span, Status
from claims.services.history import changed, record_edits, snapshot
from claims.services.predictions import SpanInput, create_prediction


@dataclass(frozen=True)
class PartInput:
    statement: str
    resolution_criteria: str
    statement_en: str = ""
    horizon_text: str | None = None  # None: the compound prediction's horizon words


def split_prediction(
    *, prediction: Prediction, parts: Sequence[PartInput], by: User | None, face: Face, now: dt.datetime
) -> list[Prediction]:
    """Replace a compound prediction by its parts, each keeping the original spans.

    The parts take over the speaker, the day it was said, the confidence, the topics and the
    number of reviewers; the compound prediction becomes `split` and is never reviewed itself.
    Only a prediction nobody has reviewed yet can be split. All or nothing. `now` is written as
    the compound prediction's updated_at; the compound's move to split is in its edit history
    (the parts are new predictions, not edits). `now`'s day is the day the parts are checked for
    being due: a part whose review day has passed is due at once, flagged as the due job would
    flag it, so no panel counts it as open until the job next runs.
    """
    if len(parts) < 2:
        raise ValidationError({"parts": gettext("Split into at least two parts.")})
    with transaction.atomic():
        locked = Prediction.objects.select_for_update().select_related("speaker").get(pk=prediction.pk)
        if locked.status not in SPLITTABLE:
            raise state_conflict(
                "parts",
                gettext(
                    "Prediction #%(id)s is %(status)s: only a draft, open or due prediction can be split."
                )
                % {"id": locked.pk, "status": locked.get_status_display().lower()},
            )
        if locked.outcomes.exists():
            raise state_conflict(
                "parts",
                gettext(
                    "Prediction #%(id)s has been reviewed already: split predictions before their first review."
                )
                % {"id": locked.pk},
            )
        spans = list(locked.spans.select_related("source").order_by("id"))
        topics = list(locked.topics.all())
        created = []
        for number, part in enumerate(parts, start=1):
            try:
                child = create_prediction(
                    speaker=locked.speaker,
                    statement=part.statement,
                    statement_en=part.statement_en,
                    resolution_criteria=part.resolution_criteria,
                    kind=locked.kind,
                    said_on=locked.said_on,
                    horizon_text=locked.horizon_text if part.horizon_text is None else part.horizon_text,
                    confidence=locked.confidence,
                    topics=topics,
                    status=Status.DRAFT if locked.status == Status.DRAFT else Status.OPEN,
                    key=f"{locked.key}-part-{number}" if locked.key else None,
                    created_by=by,
                    parent=locked,
                    reviewers_required=locked.reviewers_required,
                    spans=[_same_span(span) for span in spans],
                    window_overridden=locked.window_overridden,
                    due_earliest=locked.due_earliest if locked.window_overridden else None,
                    due_latest=locked.due_latest if locked.window_overridden else None,
                )
            except ValidationError as exc:
                raise ValidationError(
                    {f"parts[{number}].{name}": messages for name, messages in exc.message_dict.items()}
                ) from None
            created.append(child)
        Prediction.objects.filter(pk=locked.pk).update(
            status=Status.SPLIT, version=F("version") + 1, updated_at=now
        )
        before = snapshot(locked)
        locked.status = Status.SPLIT
        record_edits([changed(locked, before, snapshot(locked))], by=by, face=face, now=now)
        _due_at_once(created, today=timezone.localdate(now), now=now)
    prediction.refresh_from_db()
    for child in created:
        child.refresh_from_db(fields=["status"])
    return created


def _due_at_once(parts: list[Prediction], *, today: dt.date, now: dt.datetime) -> None:
    """Parts that Prediction.objects.due(on=today) finds (open, review day passed) move to due with
    their flag, the same rows flag_due_predictions writes for them (due_on: the window's last day;
    a new part has no next look)."""
    overdue = list(
        Prediction.objects.filter(pk__in=[part.pk for part in parts])
        .due(on=today)
        .values_list("pk", "due_latest")
    )
    if not overdue:
        return
    Prediction.objects.filter(pk__in=[pk for pk, _ in overdue]).update(status=Status.DUE)
    DueFlag.objects.bulk_create(
        # due() matched due_latest < today (a new part has no next look), so it is set.
        [DueFlag(prediction_id=pk, due_on=due_on, flagged_at=now) for pk, due_on in overdue if due_on]
    )


def _same_span(span: Span) -> SpanInput:
    return SpanInput(source=span.source, start=span.start, end=span.end, quote=span.quote, role=span.role)
