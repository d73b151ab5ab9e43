"""Creating predictions with their spans, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from django.utils.translation import gettext

from claims.conflicts import state_conflict, state_conflicts
from claims.models import Face, Kind, Prediction, Source, Span, SpanRole, Speaker, Status, Topic
from claims.models.predictions import JUDGED_FIELDS
from claims.services.history import Edit, changed, created, deleted, record_edits, snapshot, topic_slugs


@dataclass(frozen=True)
class SpanInput:
    """A span as a curator or a program gives it: offsets, a quote, or both."""

    source: Source
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    prefix: str | None = None
    suffix: str | None = None
    role: str = SpanRole.STATEMENT


def _unanchored(prediction: Prediction, span: SpanInput, *, since_correction: int = 0) -> Span:
    # Start and end may be missing until anchor() finds the quote in the text.
    return Span(  # type: ignore[misc]
        prediction=prediction,
        source=span.source,
        start=span.start,
        end=span.end,
        quote=span.quote or "",
        prefix=span.prefix or "",
        suffix=span.suffix or "",
        role=span.role,
        since_correction=since_correction,
    )


def anchor_span(*, prediction: Prediction, span: SpanInput, since_correction: int = 0) -> Span:
    """Resolve `span` against its source's text and store it on `prediction`; since_correction:
    the number of the correction that anchors it (claims.services.corrections), if one does.

    Raises ValidationError keyed by the field to fix (start, end or quote).
    """
    obj = _unanchored(prediction, span, since_correction=since_correction)
    obj.anchor()
    obj.full_clean(exclude=["prediction"], validate_unique=False)
    obj.save()
    return obj


def create_prediction(
    *,
    speaker: Speaker,
    statement: str,
    spans: Sequence[SpanInput],
    statement_en: str = "",
    kind: str = Kind.PREDICTION,
    said_on: dt.date | None = None,
    horizon_text: str = "",
    confidence: str = "",
    topics: Iterable[Topic] = (),
    status: str = Status.OPEN,
    key: str | None = None,
    created_by: User | None = None,
    due_earliest: dt.date | None = None,
    due_latest: dt.date | None = None,
    window_overridden: bool = False,
    resolution_criteria: str = "",
    parent: Prediction | None = None,
    reviewers_required: int | None = None,
) -> Prediction:
    """Create a prediction anchored to `spans`; nothing is saved unless every span verifies.

    A prediction that is not a draft needs its resolution criteria.

    said_on defaults to the first span's source (its said_on, else its publication date).
    Giving due_earliest or due_latest marks the window as set by hand; window_overridden
    alone keeps a window of no dates (a horizon counted from an event, not from said_on).
    Span errors come as ValidationError({"spans": ["span 2, quote: ...", ...]}).
    """
    if not spans:
        raise ValidationError({"spans": gettext("Anchor the prediction to at least one span of a source.")})
    if said_on is None:
        said_on = spans[0].source.effective_said_on
    if said_on is None:
        raise ValidationError(
            {"said_on": gettext("The source has no date: give said_on (the day the words were said).")}
        )
    overridden = window_overridden or due_earliest is not None or due_latest is not None
    prediction = Prediction(
        key=key,
        speaker=speaker,
        statement=statement,
        statement_en=statement_en,
        kind=kind,
        said_on=said_on,
        horizon_text=horizon_text,
        confidence=confidence,
        status=status,
        created_by=created_by,
        window_overridden=overridden,
        due_earliest=due_earliest or (said_on if overridden else None),
        due_latest=due_latest,
        resolution_criteria=resolution_criteria,
        parent=parent,
    )
    if reviewers_required is not None:
        prediction.reviewers_required = reviewers_required
    prediction.full_clean()
    with transaction.atomic():
        prediction.save()
        prediction.topics.set(list(topics))
        # Raising inside the atomic block rolls back the prediction too: no half-saved rows.
        anchor_spans(prediction, spans)
    return prediction


# --- Updates with optimistic locking (used by the API) --------------------------------------

# Fields a curator may change with update_prediction; status, verdict and version have rules.
UPDATABLE_FIELDS = frozenset(
    {
        "statement",
        "statement_en",
        "speaker",
        "kind",
        "said_on",
        "horizon_text",
        "confidence",
        "status",
        "due_earliest",
        "due_latest",
        "window_overridden",
        "key",
        "resolution_criteria",
    }
)
# Statuses a curator may set by hand: due is set by flagging, resolved by recording an outcome.
HAND_SET_STATUSES = frozenset({Status.DRAFT, Status.OPEN, Status.WITHDRAWN})
# Written by every update: the window is recomputed from the horizon words by Prediction.clean.
_WINDOW_FIELDS = ("due_earliest", "due_latest", "vague", "boundary_ambiguous", "rules_version")


class VersionConflict(Exception):
    """The prediction changed since the caller read it; nothing was written."""

    def __init__(self, *, prediction_id: int, expected: int | None, current: int | None) -> None:
        self.prediction_id = prediction_id
        self.expected = expected
        self.current = current
        super().__init__(
            f"Prediction #{prediction_id} was changed by someone else since you read it: you sent "
            f"version {expected}, it is now at version {current}. Fetch it again, reapply your "
            f"change and send version {current}."
        )


def update_prediction(
    *,
    prediction: Prediction,
    expected_version: int | None,
    now: dt.datetime,
    by: User | None,
    face: Face,
    topics: Iterable[Topic] | None = None,
    spans: Sequence[SpanInput] | None = None,
    **changes: object,
) -> Prediction:
    """Change a prediction's fields (and optionally replace its topics and spans); bump version.

    1. Refuse fields that are not UPDATABLE_FIELDS and status changes a curator cannot make;
       once the prediction is judged (its first review), refuse any change of what was judged
       (JUDGED_FIELDS and the spans): correct_prediction changes those.
    2. Apply the changes to a fresh copy and full_clean() it (apply_changes): the due window is
       recomputed from the horizon words unless the window is set by hand or was judged.
    3. In one transaction, one conditional UPDATE ... WHERE id = X AND version = expected.
       Zero rows means someone else wrote first: VersionConflict, nothing is changed. The
       UPDATE keeps the row locked until commit, so a concurrent update waits for it and then
       finds the version moved on. expected_version=None skips the check (last write wins).
    4. Replace topics and spans in the same transaction; a span that does not anchor rolls
       everything back, with errors worded as create_prediction words them.
    5. Record what changed in the edit history, in the same transaction: the fields (the window
       the horizon words moved included), the topics, and each span added or removed (a span
       given again as it was is no edit). An update that changes nothing records nothing.
    The passed instance gets the new field values and version; `now` is written as updated_at
    and as the edit's time, `by` and `face` as who made it and where.
    """
    unknown = sorted(set(changes) - UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError({name: gettext("This field cannot be changed here.") for name in unknown})
    current = Prediction.objects.select_related("speaker").get(pk=prediction.pk)
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(prediction_id=current.pk, expected=expected_version, current=current.version)
    before = snapshot(current)
    judged_since = criteria_frozen_since(current)
    _check_status_change(current, changes.get("status"), judged_since)
    if "resolution_criteria" in changes and changes["resolution_criteria"] != current.resolution_criteria:
        _check_criteria_not_frozen(current)
    if spans is not None and not spans:
        raise ValidationError({"spans": gettext("Anchor the prediction to at least one span of a source.")})
    if judged_since is not None:
        spans = _check_judged_not_changed(current, judged_since, changes, spans)
    elif spans is not None and span_keys(resolve_spans(current, spans)) == span_keys(current.spans.all()):
        spans = None  # the same spans again: nothing to replace
    if topics is not None:
        topics = list(topics)
        if topic_slugs(topics) == topic_slugs(current.topics.all()):
            topics = None
    apply_changes(current, changes, recompute_window=judged_since is None)
    after = snapshot(current)
    if not changed(current, before, after).changes and topics is None and spans is None:
        # A request that changes nothing is no edit: the version and updated_at stay, so a
        # client re-sending what it read does not make every other client's copy stale.
        return prediction

    version: int | CombinedExpression = current.version + 1
    values = {name: getattr(current, name) for name in changes}
    values.update({name: getattr(current, name) for name in _WINDOW_FIELDS})
    with transaction.atomic():
        rows = Prediction.objects.filter(pk=current.pk)
        if expected_version is not None:
            rows = rows.filter(version=expected_version)
        else:
            version = F("version") + 1
        if not rows.update(**values, version=version, updated_at=now):
            raise VersionConflict(
                prediction_id=current.pk,
                expected=expected_version,
                current=Prediction.objects.filter(pk=current.pk).values_list("version", flat=True).first(),
            )
        if topics is not None:
            before["topics"], after["topics"] = topic_slugs(current.topics.all()), topic_slugs(topics)
            current.topics.set(topics)
        edits = [changed(current, before, after)]
        if spans is not None:
            replaced = list(current.spans.select_related("source").defer("source__text"))
            current.spans.all().delete()
            edits += span_edits(replaced, anchor_spans(current, spans))
        record_edits(edits, by=by, face=face, now=now)
    current.refresh_from_db(fields=["version", "updated_at"])
    for name in (*values, "version", "updated_at"):
        setattr(prediction, name, getattr(current, name))
    return prediction


def apply_changes(
    prediction: Prediction, changes: dict[str, object], *, recompute_window: bool = True
) -> None:
    """Set `changes` on `prediction` and full_clean() it: the due window follows the horizon words
    unless it is set by hand (giving a due date sets it by hand; a window set by hand with an end
    and no start starts on said_on). recompute_window=False keeps the stored window as it is
    (what was judged stays judged, even when newer horizon rules would compute another)."""
    if ("due_earliest" in changes or "due_latest" in changes) and "window_overridden" not in changes:
        changes["window_overridden"] = True
    for name, value in changes.items():
        setattr(prediction, name, value)
    if prediction.window_overridden and prediction.due_latest and prediction.due_earliest is None:
        prediction.due_earliest = prediction.said_on
    stored = {name: getattr(prediction, name) for name in _WINDOW_FIELDS}
    prediction.full_clean()
    if not recompute_window:
        for name, value in stored.items():
            setattr(prediction, name, value)


def span_key(span: Span) -> tuple[object, ...]:
    """What makes two spans the same anchoring: the source, the offsets and the role."""
    return (span.source_id, span.start, span.end, span.role)


def span_keys(spans: Iterable[Span]) -> set[tuple[object, ...]]:
    return {span_key(span) for span in spans}


def resolve_spans(prediction: Prediction, spans: Sequence[SpanInput]) -> list[Span]:
    """`spans` anchored in their sources' texts but not saved, to compare with the stored ones;
    errors as anchor_spans words them."""
    errors: list[str] = []
    resolved: list[Span] = []
    for number, span in enumerate(spans, start=1):
        obj = _unanchored(prediction, span)
        try:
            obj.anchor()
        except ValidationError as exc:
            errors += _span_errors(number, exc)
        resolved.append(obj)
    if errors:
        raise ValidationError({"spans": errors})
    return resolved


def judged_refusal(prediction: Prediction, judged_since: dt.datetime, name: str) -> str:
    """Why a judged field or its spans cannot be edited, and the way out."""
    return gettext(
        "Prediction #%(id)s was judged as it stands (its first review: %(day)s): its %(field)s is "
        "frozen. Append a correction instead (POST /api/predictions/%(id)s/corrections/, or Correct on "
        "its page), which keeps what was judged on record."
    ) % {"id": prediction.pk, "day": f"{judged_since:%Y-%m-%d}", "field": name}


def _check_judged_not_changed(
    current: Prediction,
    judged_since: dt.datetime,
    changes: dict[str, object],
    spans: Sequence[SpanInput] | None,
) -> Sequence[SpanInput] | None:
    """Refuse a change of what reviewers judged; the same spans given again are no change."""
    errors = {
        name: judged_refusal(current, judged_since, name.replace("_", " "))
        for name in JUDGED_FIELDS
        if name in changes and changes[name] != getattr(current, name)
    }
    if spans is not None:
        if span_keys(resolve_spans(current, spans)) != span_keys(current.spans.all()):
            errors["spans"] = judged_refusal(current, judged_since, "spans")
        spans = None
    if errors:
        raise state_conflicts(errors)
    return spans


def save_spans(
    *,
    prediction: Prediction,
    save: Sequence[Span],
    remove: Sequence[Span],
    by: User | None,
    face: Face,
    now: dt.datetime,
) -> None:
    """Add or change the spans in `save` and delete those in `remove`, on a prediction that
    exists (the admin's span rows), recording each in its edit history; one transaction.

    The spans come validated (anchored by their form's full_clean); Span.save anchors again any
    whose quote is not the text at its offsets. A span saved unchanged records nothing. The
    spans of a judged prediction are frozen: ValidationError (a correction changes them).
    """
    judged_since = criteria_frozen_since(prediction)
    if judged_since is not None and (save or remove):
        raise state_conflict("spans", judged_refusal(prediction, judged_since, "spans"))
    with transaction.atomic():
        ids = [span.pk for span in [*save, *remove] if span.pk is not None]
        stored = {
            span.pk: snapshot(span)
            for span in Span.objects.filter(pk__in=ids).select_related("source").defer("source__text")
        }
        edits: list[Edit] = []
        for span in remove:
            edits.append(deleted(span))
            span.delete()
        for span in save:
            span.prediction = prediction
            before = stored.get(span.pk) if span.pk is not None else None
            span.save()
            edits.append(created(span) if before is None else changed(span, before, snapshot(span)))
        record_edits(edits, by=by, face=face, now=now)


def withdraw_prediction(
    *, prediction: Prediction, expected_version: int | None, now: dt.datetime, by: User | None, face: Face
) -> Prediction:
    """Withdraw a prediction (the speaker retracted it, or it was entered by mistake).

    Idempotent: withdrawing a withdrawn prediction changes nothing. A resolved prediction cannot
    be withdrawn (its verdict stands). Checked and written like update_prediction: one
    conditional UPDATE on the version, VersionConflict when someone else wrote first.
    """
    current = Prediction.objects.get(pk=prediction.pk)
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(prediction_id=current.pk, expected=expected_version, current=current.version)
    if current.status != Status.WITHDRAWN:
        return update_prediction(
            prediction=prediction,
            expected_version=expected_version,
            now=now,
            by=by,
            face=face,
            status=Status.WITHDRAWN,
        )
    prediction.status, prediction.version = current.status, current.version
    return prediction


def criteria_frozen_since(prediction: Prediction) -> dt.datetime | None:
    """When the first review was recorded (the criteria froze then); None while they are editable."""
    return prediction.outcomes.order_by("recorded_at").values_list("recorded_at", flat=True).first()


def _check_criteria_not_frozen(prediction: Prediction) -> None:
    frozen_since = criteria_frozen_since(prediction)
    if frozen_since is not None:
        raise state_conflict(
            "resolution_criteria",
            gettext(
                "The resolution criteria of prediction #%(id)s are frozen since its first review on "
                "%(day)s: add a clarification instead."
            )
            % {"id": prediction.pk, "day": f"{frozen_since:%Y-%m-%d}"},
        )


def _check_status_change(current: Prediction, status: object, judged_since: dt.datetime | None) -> None:
    if status is None or status == current.status:
        return
    if current.status in (Status.RESOLVED, Status.DISPUTED):
        raise state_conflict(
            "status",
            gettext(
                "Prediction #%(id)s is %(status)s: its status follows its reviews. Undo the verdict or "
                "adjudicate instead."
            )
            % {"id": current.pk, "status": current.get_status_display().lower()},
        )
    if current.status == Status.SPLIT:
        raise state_conflict(
            "status",
            gettext("Prediction #%(id)s is split into parts: change the parts instead.") % {"id": current.pk},
        )
    if status == Status.DRAFT and judged_since is not None:
        raise state_conflict(
            "status",
            gettext(
                "Prediction #%(id)s has been reviewed since %(moment)s UTC: it cannot go back to draft. "
                "Withdraw it, or add a correction (/api/predictions/%(id)s/corrections/)."
            )
            % {"id": current.pk, "moment": f"{judged_since:%Y-%m-%d %H:%M}"},
        )
    if status not in HAND_SET_STATUSES:
        allowed = ", ".join(sorted(HAND_SET_STATUSES))
        raise ValidationError(
            {
                "status": gettext(
                    "«%(status)s» cannot be set by hand (use one of %(allowed)s): due is set when the "
                    "window closes, resolved by recording an outcome."
                )
                % {"status": status, "allowed": allowed}
            }
        )


def span_edits(replaced: Sequence[Span], anchored: Sequence[Span]) -> list[Edit]:
    """A span removed or added by replacing the spans; one given again as it was is neither."""
    kept, new = span_keys(replaced), span_keys(anchored)
    return [deleted(span) for span in replaced if span_key(span) not in new] + [
        created(span) for span in anchored if span_key(span) not in kept
    ]


def anchor_spans(
    prediction: Prediction, spans: Sequence[SpanInput], *, since_correction: int = 0
) -> list[Span]:
    """Anchor and store every span, or raise ValidationError({"spans": ["span 2, quote: ..."]})
    naming each one that does not anchor (the caller's transaction rolls back the rest)."""
    errors: list[str] = []
    anchored: list[Span] = []
    for number, span in enumerate(spans, start=1):
        try:
            anchored.append(anchor_span(prediction=prediction, span=span, since_correction=since_correction))
        except ValidationError as exc:
            errors += _span_errors(number, exc)
    if errors:
        raise ValidationError({"spans": errors})
    return anchored


def _span_errors(number: int, exc: ValidationError) -> list[str]:
    return [
        gettext("span %(number)s, %(field)s: %(message)s")
        % {"number": number, "field": field, "message": message}
        for field, messages in exc.message_dict.items()
        for message in messages
    ]
