"""Creating predictions with their spans, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Prediction, Source, Span, SpanRole, Speaker, Topic


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


def anchor_span(*, prediction: Prediction, span: SpanInput) -> Span:
    """Resolve `span` against its source's text and store it on `prediction`.

    Raises ValidationError keyed by the field to fix (start, end or quote).
    """
    obj = Span(
        prediction=prediction,
        source=span.source,
        start=span.start,
        end=span.end,
        quote=span.quote or "",
        prefix=span.prefix or "",
        suffix=span.suffix or "",
        role=span.role,
    )
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
    kind: str = "prediction",
    said_on: dt.date | None = None,
    horizon_text: str = "",
    confidence: str = "",
    topics: Iterable[Topic] = (),
    status: str = "open",
    key: str | None = None,
    created_by: AbstractBaseUser | None = None,
    due_earliest: dt.date | None = None,
    due_latest: dt.date | None = None,
    window_overridden: bool = False,
) -> Prediction:
    """Create a prediction anchored to `spans`; nothing is saved unless every span verifies.

    said_on defaults to the first span's source (its said_on, else its publication date).
    Giving due_earliest or due_latest marks the window as set by hand; window_overridden
    alone keeps a window of no dates (a horizon counted from an event, not from said_on).
    Span errors come as ValidationError({"spans": ["span 2, quote: ...", ...]}).
    """
    if not spans:
        raise ValidationError({"spans": "Anchor the prediction to at least one span of a source."})
    if said_on is None:
        said_on = spans[0].source.effective_said_on
    if said_on is None:
        raise ValidationError(
            {"said_on": "The source has no date: give said_on (the day the words were said)."}
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
    )
    prediction.full_clean()
    with transaction.atomic():
        prediction.save()
        prediction.topics.set(list(topics))
        errors: list[str] = []
        for number, span in enumerate(spans, start=1):
            try:
                anchor_span(prediction=prediction, span=span)
            except ValidationError as exc:
                errors += [
                    f"span {number}, {field}: {message}"
                    for field, messages in exc.message_dict.items()
                    for message in messages
                ]
        if errors:
            # Raising inside the atomic block rolls back the prediction too: no half-saved rows.
            raise ValidationError({"spans": errors})
    return prediction
