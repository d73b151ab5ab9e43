"""Correcting a judged prediction: the one way what reviewers judged changes.

Its statement, speaker, kind, confidence, dates, horizon words (JUDGED_FIELDS) and spans are
frozen from its first review on: update_prediction refuses them and database triggers refuse
them too, unless the prediction's correction_count moves on to a correction appended in the
same transaction, which is what correct_prediction does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext

from claims.conflicts import state_conflict
from claims.models import Correction, Face, Prediction, Span, Status
from claims.models.predictions import CORRECTABLE, JUDGED_FIELDS
from claims.services.history import changed, record_edits, snapshot
from claims.services.predictions import (
    SpanInput,
    anchor_spans,
    apply_changes,
    criteria_frozen_since,
    resolve_spans,
    span_edits,
    span_keys,
)
from claims.services.record import append_to_record
from claims.services.reviews import reopen_review

# A typo fix keeps the verdict: it may change the statement's spelling and nothing else.
TYPO_FIELDS = frozenset({"statement"})
# The window follows the horizon words again only when a correction touches what it comes from.
_WINDOW_SOURCES = frozenset({"said_on", "horizon_text", "window_overridden", "due_earliest", "due_latest"})
_STORED_WINDOW = ("due_earliest", "due_latest", "vague", "boundary_ambiguous", "rules_version")


def correct_prediction(
    *,
    prediction: Prediction,
    by: User | None,
    what_was_wrong: str,
    today: dt.date,
    now: dt.datetime,
    face: Face,
    typo: bool = False,
    spans: Sequence[SpanInput] | None = None,
    **changes: object,
) -> Correction:
    """Append a correction to a judged prediction and apply it; returns the correction.

    1. Refuse fields other than JUDGED_FIELDS, a prediction nobody has reviewed yet (edit it
       instead), a withdrawn or split one, and a typo fix that changes more than the statement.
    2. Lock the prediction's row (row lock first, the record's chain lock last, as every writer
       of the record takes them), apply the changes to it and full_clean() it; the window is
       computed again only when the horizon words, said_on or a due date change. A correction
       that changes nothing is refused.
    3. In one transaction: insert the correction (number = correction_count + 1, the fields and
       spans before and after), one UPDATE of the prediction with its new correction_count
       (what the database's trigger checks), anchor the new spans under that number and delete
       the ones they replace, record the edits in the history, append the correction to the
       public record, and unless it is a typo fix, reopen review (claims.services.reviews.
       reopen_review: the verdict or the votes so far are set aside, a new round judges the
       corrected prediction, and the prediction is due at once if its window has closed).
    A refusal raises ValidationError naming the field, and writes nothing.
    """
    unknown = sorted(set(changes) - set(JUDGED_FIELDS))
    if unknown:
        raise ValidationError(
            {
                name: gettext(
                    "A correction changes what was judged: %(fields)s and spans. Edit the other fields as usual."
                )
                % {"fields": ", ".join(JUDGED_FIELDS)}
                for name in unknown
            }
        )
    if not what_was_wrong.strip():
        raise ValidationError(
            {"what_was_wrong": gettext("Say what was wrong: every reader of the prediction sees it.")}
        )
    with transaction.atomic():
        locked = Prediction.objects.select_for_update().select_related("speaker").get(pk=prediction.pk)
        _check_correctable(locked)
        before = snapshot(locked)
        stored_spans = list(
            locked.spans.select_related("source").defer("source__text").order_by("start", "id")
        )
        changes = {name: value for name, value in changes.items() if value != getattr(locked, name)}
        new_spans: list[Span] | None = None
        if spans is not None:
            if not spans:
                raise ValidationError(
                    {"spans": gettext("Anchor the prediction to at least one span of a source.")}
                )
            new_spans = resolve_spans(locked, spans)
            if span_keys(new_spans) == span_keys(stored_spans):
                spans = new_spans = None
        if not changes and spans is None:
            raise ValidationError(
                {
                    "what_was_wrong": gettext(
                        "The correction changes nothing: give the fields or spans as they should be."
                    )
                }
            )
        if typo and (set(changes) - TYPO_FIELDS or spans is not None):
            raise ValidationError(
                {
                    "typo": gettext(
                        "A typo fix may change the statement's spelling only; a change of %(fields)s changes "
                        "what was judged, so it reopens review: untick 'typo'."
                    )
                    % {
                        "fields": ", ".join(
                            sorted((set(changes) - TYPO_FIELDS) | ({"spans"} if spans is not None else set()))
                        )
                    }
                }
            )
        apply_changes(locked, changes, recompute_window=bool(_WINDOW_SOURCES & set(changes)))
        after = snapshot(locked)
        edit = changed(locked, before, after)
        number = locked.correction_count + 1
        recorded_changes = dict(edit.changes)
        if new_spans is not None:
            recorded_changes["spans"] = [_spans_json(stored_spans), _spans_json(new_spans)]
        correction = Correction(
            prediction=locked,
            number=number,
            what_was_wrong=what_was_wrong.strip(),
            changes=recorded_changes,
            reopened_review=not typo,
            author=by,
            face=face,
            made_at=now,
        )
        correction.full_clean(exclude=["prediction", "author"])
        correction.save()
        Prediction.objects.filter(pk=locked.pk).update(
            **{name: getattr(locked, name) for name in (*JUDGED_FIELDS, *_STORED_WINDOW)},
            correction_count=number,
            version=F("version") + 1,
            updated_at=now,
        )
        edits = [edit]
        if spans is not None:
            # The new spans first: the database lets the replaced ones go once they exist.
            anchored = anchor_spans(locked, spans, since_correction=number)
            Span.objects.filter(pk__in=[span.pk for span in stored_spans]).delete()
            edits += span_edits(stored_spans, anchored)
        record_edits(edits, by=by, face=face, now=now)
        append_to_record(correction)
        if not typo:
            reopen_review(
                prediction=locked,
                by=by,
                reason=f"Correction {number}: {correction.what_was_wrong}",
                today=today,
                now=now,
            )
    prediction.refresh_from_db()
    return correction


def _check_correctable(prediction: Prediction) -> None:
    judged_since = criteria_frozen_since(prediction)
    if judged_since is None:
        raise state_conflict(
            "prediction",
            gettext(
                "Prediction #%(id)s has not been reviewed yet: nothing is frozen, so edit it instead of "
                "correcting it."
            )
            % {"id": prediction.pk},
        )
    if prediction.status not in CORRECTABLE:
        reason = (
            gettext("correct its parts instead")
            if prediction.status == Status.SPLIT
            else gettext("nothing of it is judged any more")
        )
        raise state_conflict(
            "prediction",
            gettext("Prediction #%(id)s is %(status)s: %(why)s.")
            % {"id": prediction.pk, "status": prediction.get_status_display().lower(), "why": reason},
        )


def _spans_json(spans: Sequence[Span]) -> list[dict[str, object]]:
    return [
        {
            "source": span.source_id,
            "start": span.start,
            "end": span.end,
            "quote": span.quote,
            "role": span.role,
        }
        for span in sorted(spans, key=lambda span: (span.source_id, span.start, span.end))
    ]
