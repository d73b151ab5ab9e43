"""Extraction candidates: propose them for a stored source, and turn the curator's decision into
a prediction (accept) or a record that stops the passage being proposed again (reject).

An accepted candidate becomes a draft: the curator writes its resolution criteria and then opens
it (claims.services.predictions.update_prediction). Given the criteria when accepting, it may be
opened at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from claims.extraction import extract_candidates
from claims.models import (
    CandidateState,
    ExtractionCandidate,
    Kind,
    Prediction,
    Source,
    Speaker,
    Status,
    Topic,
)
from claims.services.predictions import SpanInput, create_prediction
from claims.services.speakers import SpeakerDirectory, create_speaker
from claims.spans import SpanError, context_of, resolve_span

__all__ = [
    "CandidateEdits",
    "StoreResult",
    "accept_candidate",
    "reject_candidate",
    "speaker_for_label",
    "store_candidates",
]


class CandidateDecided(ValidationError):
    """The candidate was accepted or rejected already: a conflict with its state, not bad input."""


@dataclass(frozen=True)
class StoreResult:
    created: int  # candidates proposed by this run
    total: int  # candidates the source has now, whatever their state


def store_candidates(source: Source, *, said_on: dt.date | None = None) -> StoreResult:
    """Run the extractor over `source` and store what it proposes. Idempotent.

    1. Extract from the canonical text; windows count from `said_on`, else the source's date.
    2. Insert every candidate with ON CONFLICT DO NOTHING on (source, start, end): a passage
       already proposed, accepted or rejected is left exactly as it is, so a re-run never
       re-proposes what a curator decided, and two concurrent runs insert each passage once.
    3. Link the new candidates to the ones they restate (duplicate_of), by position.
    """
    said_on = said_on or source.effective_said_on
    if said_on is None:
        raise ValidationError(
            {
                "said_on": gettext("Source #%(id)s has no date: set its said_on or published_on first.")
                % {"id": source.pk}
            }
        )
    found = extract_candidates(source.text, said_on=said_on)
    with transaction.atomic():
        before = source.candidates.count()
        rows = []
        for candidate in found:
            prefix, suffix = context_of(source.text, candidate.start, candidate.end)
            rows.append(
                ExtractionCandidate(
                    source=source,
                    start=candidate.start,
                    end=candidate.end,
                    quote=candidate.quote,
                    prefix=prefix,
                    suffix=suffix,
                    horizon_text=candidate.horizon_text or "",
                    due_earliest=candidate.due_earliest,
                    due_latest=candidate.due_latest,
                    score=candidate.score,
                    speaker_label=candidate.speaker or "",
                )
            )
        ExtractionCandidate.objects.bulk_create(rows, ignore_conflicts=True)
        stored = {(c.start, c.end): c for c in source.candidates.only("id", "start", "end", "duplicate_of")}
        links = []
        for candidate in found:
            if candidate.duplicate_of is None:
                continue
            original = found[candidate.duplicate_of]
            row = stored[(candidate.start, candidate.end)]
            if row.duplicate_of_id is None:
                row.duplicate_of = stored[(original.start, original.end)]
                links.append(row)
        ExtractionCandidate.objects.bulk_update(links, ["duplicate_of"])
        total = len(stored)
    return StoreResult(created=total - before, total=total)


def speaker_for_label(label: str) -> Speaker | None:
    """The speaker a transcript label names ("SA", "Sam Altman", "萨姆·奥特曼"), by name or alias
    (claims.models.sources.speaker_key); None when no speaker or more than one matches."""
    return SpeakerDirectory(Speaker.objects.named(label)).find(label) if label.strip() else None


@dataclass(frozen=True)
class CandidateEdits:
    """What a curator may change before accepting; None keeps the candidate's value.

    status None: open when resolution_criteria are given, else a draft. An open prediction needs
    its criteria (a database constraint), so status open without them is refused.
    """

    start: int | None = None
    end: int | None = None
    statement: str | None = None  # defaults to the (possibly re-anchored) quote
    statement_en: str = ""
    horizon_text: str | None = None
    said_on: dt.date | None = None
    status: str | None = None
    resolution_criteria: str = ""
    kind: str = Kind.PREDICTION
    confidence: str = ""
    topics: Iterable[Topic] = ()


def accept_candidate(
    candidate: ExtractionCandidate,
    *,
    user: User | None,
    now: dt.datetime,
    speaker: Speaker | None = None,
    new_speaker: str | None = None,
    edits: CandidateEdits | None = None,
    directory: SpeakerDirectory | None = None,
) -> Prediction:
    """Create a prediction from `candidate` (its span, horizon and computed window) and mark the
    candidate accepted. It is a draft, to be completed with resolution criteria and opened,
    unless the edits give the criteria (see CandidateEdits.status).

    The speaker: `speaker` if given; else a new speaker named `new_speaker` (the transcript's
    label, when it names nobody the tracker knows); else the one the label names, looked up in
    `directory` (one query for a whole bulk accept) or in the database.

    1. Lock the candidate row, so two curators accepting at once make one prediction.
    2. Refuse a candidate that is no longer proposed (already accepted or rejected).
    3. Create the new speaker, if asked, in the same transaction: no speaker without its prediction.
    4. Re-anchor the span when the curator moved its start or end (the quote follows the text).
    5. create_prediction: the span is verified, the window computed from the horizon words and
       said_on (the source's date unless edited); everything rolls back if any of it fails.
    `now` is written as the candidate's decided_at.
    """
    edits = edits or CandidateEdits()
    with transaction.atomic():
        locked = ExtractionCandidate.objects.select_for_update().select_related("source").get(pk=candidate.pk)
        if locked.state != CandidateState.PROPOSED:
            raise CandidateDecided(
                gettext("Candidate #%(id)s is already %(state)s; only proposed candidates can be accepted.")
                % {"id": locked.pk, "state": locked.get_state_display().lower()}
            )
        if speaker is None and new_speaker:
            speaker = create_speaker(name=new_speaker)
        if speaker is None:
            label = locked.speaker_label
            speaker = directory.find(label) if directory is not None else speaker_for_label(label)
        if speaker is None:
            message = (
                gettext(
                    "Choose who made this prediction (the transcript says «%(label)s»; create that speaker "
                    "if they are new)."
                )
                % {"label": locked.speaker_label}
                if locked.speaker_label
                else gettext("Choose who made this prediction.")
            )
            raise ValidationError({"speaker": message})
        status = _accepted_status(edits)
        start = locked.start if edits.start is None else edits.start
        end = locked.end if edits.end is None else edits.end
        try:
            span = resolve_span(locked.source.text, start=start, end=end)
        except SpanError as exc:
            raise ValidationError({exc.field: exc.message}) from exc
        horizon_text = locked.horizon_text if edits.horizon_text is None else edits.horizon_text
        prediction = create_prediction(
            speaker=speaker,
            statement=edits.statement or span.quote.strip(),
            statement_en=edits.statement_en,
            kind=edits.kind,
            said_on=edits.said_on,
            horizon_text=horizon_text,
            confidence=edits.confidence,
            topics=edits.topics,
            status=status,
            resolution_criteria=edits.resolution_criteria.strip(),
            created_by=user,
            spans=[SpanInput(source=locked.source, start=span.start, end=span.end, quote=span.quote)],
        )
        locked.state = CandidateState.ACCEPTED
        locked.prediction = prediction
        locked.decided_by = user
        locked.decided_at = now
        locked.save(update_fields=["state", "prediction", "decided_by", "decided_at"])
    candidate.refresh_from_db()
    return prediction


def _accepted_status(edits: CandidateEdits) -> str:
    criteria = edits.resolution_criteria.strip()
    if edits.status is None:
        return Status.OPEN if criteria else Status.DRAFT
    if edits.status not in (Status.DRAFT, Status.OPEN):
        raise ValidationError(
            {"status": gettext("An accepted candidate becomes a draft or an open prediction.")}
        )
    if edits.status == Status.OPEN and not criteria:
        raise ValidationError(
            {
                "resolution_criteria": gettext(
                    "Write the resolution criteria (what would make it come true) to open it when "
                    "accepting, or accept it as a draft and write them before opening it."
                )
            }
        )
    return edits.status


def reject_candidate(candidate: ExtractionCandidate, *, user: User | None, now: dt.datetime) -> None:
    """Mark a proposed candidate rejected: it stays, so extraction never proposes it again.

    One compare-and-set UPDATE: a candidate someone accepted meanwhile is not touched. `now` is
    written as its decided_at.
    """
    changed = ExtractionCandidate.objects.filter(pk=candidate.pk, state=CandidateState.PROPOSED).update(
        state=CandidateState.REJECTED, decided_by=user, decided_at=now
    )
    if not changed:
        current = ExtractionCandidate.objects.get(pk=candidate.pk)
        raise CandidateDecided(
            gettext("Candidate #%(id)s is already %(state)s; only proposed candidates can be rejected.")
            % {"id": current.pk, "state": current.get_state_display().lower()}
        )
    candidate.refresh_from_db()
