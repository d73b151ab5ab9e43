"""Reviews, "too early", adjudication and undo: each appends to the review record and stores
the standing it leads to on the prediction, in one transaction (the rules: claims.reviews).

Each takes `today`, the day the rules judge by (an outcome is known by today, a next look is
after today, a closed window makes it due), and `now`, the moment written as the prediction's
updated_at, from its caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils.translation import gettext

from claims.conflicts import state_conflict
from claims.models import Evidence, Outcome, OutcomeKind, Prediction, Status, Verdict
from claims.models.predictions import REVIEWABLE
from claims.reviews import Event, ReviewRefused, Standing, State, apply_event, check_event, derive_standing
from claims.services.record import append_to_record


@dataclass(frozen=True)
class EvidenceInput:
    """Evidence as it was when the verdict was given: the page, its title, the passage quoted
    from it and the day it was read."""

    url: str
    title: str = ""
    passage: str = ""
    retrieved_on: dt.date | None = None


def record_outcome(
    *,
    prediction: Prediction,
    reviewer: User | None,
    verdict: str,
    known_on: dt.date,
    today: dt.date,
    now: dt.datetime,
    evidence: Sequence[EvidenceInput | str] = (),
    note: str = "",
) -> Outcome:
    """A reviewer's verdict: one vote in the current round. The verdict stands once the
    prediction's reviewers_required reviewers agree; if they disagree it goes to adjudication.

    evidence: EvidenceInput items, or plain URLs (evidence with no passage archived)."""
    if not evidence and not note.strip():
        raise ValidationError({"note": gettext("Give evidence: at least one evidence URL or a note.")})
    # Named here: the database constraint behind them would only say "constraint violated".
    if not verdict:
        raise ValidationError(
            {
                "verdict": gettext("Give a verdict: one of %(verdicts)s.")
                % {"verdicts": ", ".join(Verdict.values)}
            }
        )
    _check_known_on(known_on, today)
    return _append(
        prediction,
        Outcome(kind=OutcomeKind.REVIEW, verdict=verdict, known_on=known_on, note=note, reviewer=reviewer),
        evidence,
        today=today,
        now=now,
    )


def record_too_early(
    *,
    prediction: Prediction,
    reviewer: User | None,
    next_look_on: dt.date,
    today: dt.date,
    now: dt.datetime,
    note: str = "",
) -> Outcome:
    """A reviewer's "too early to judge": a vote for no verdict yet and a day to look again."""
    if next_look_on is None:
        raise ValidationError({"next_look_on": gettext("Give the day to look at it again.")})
    _check_next_look(prediction, next_look_on, today)
    return _append(
        prediction,
        Outcome(kind=OutcomeKind.TOO_EARLY, next_look_on=next_look_on, note=note, reviewer=reviewer),
        (),
        today=today,
        now=now,
    )


def adjudicate(
    *,
    prediction: Prediction,
    adjudicator: User,
    reasoning: str,
    today: dt.date,
    now: dt.datetime,
    verdict: str = "",
    known_on: dt.date | None = None,
    next_look_on: dt.date | None = None,
    evidence: Sequence[EvidenceInput | str] = (),
) -> Outcome:
    """A staff member's final decision on a disputed round: a verdict, or "too early" with a
    day to look again, with the reasoning."""
    if not reasoning.strip():
        raise ValidationError({"reasoning": gettext("Give the reasoning for the decision.")})
    if bool(verdict) == bool(next_look_on):
        raise ValidationError(
            {"verdict": gettext("Decide either a verdict (with known_on) or too early (with next_look_on).")}
        )
    if verdict:
        _check_known_on(known_on, today)
    if next_look_on is not None:
        _check_next_look(prediction, next_look_on, today)
    return _append(
        prediction,
        Outcome(
            kind=OutcomeKind.ADJUDICATION,
            verdict=verdict,
            known_on=known_on if verdict else None,
            next_look_on=next_look_on,
            note=reasoning,
            reviewer=adjudicator,
        ),
        evidence,
        today=today,
        now=now,
    )


def undo_verdict(
    *, prediction: Prediction, by: User, reason: str, today: dt.date, now: dt.datetime
) -> Outcome:
    """Withdraw the standing verdict: recorded as an event with its reason; nothing is deleted.
    The next round of reviews begins."""
    if not reason.strip():
        raise ValidationError({"reason": gettext("Give the reason for undoing the verdict.")})
    return _append(
        prediction, Outcome(kind=OutcomeKind.UNDO, note=reason, reviewer=by), (), today=today, now=now
    )


def reopen_review(
    *, prediction: Prediction, by: User | None, reason: str, today: dt.date, now: dt.datetime
) -> Outcome:
    """Set the current round aside because a correction changed what was judged
    (claims.services.corrections, its one caller): recorded with the reason; the verdict or the
    votes so far stay on record, and the next round judges the corrected prediction."""
    return _append(
        prediction, Outcome(kind=OutcomeKind.REOPEN, note=reason, reviewer=by), (), today=today, now=now
    )


def current_standing(prediction: Prediction) -> Standing:
    """Replay the prediction's review record (claims.reviews.derive_standing)."""
    return derive_standing(_events(prediction), prediction.reviewers_required)


def _check_known_on(known_on: dt.date | None, today: dt.date) -> None:
    if known_on is None:
        raise ValidationError({"known_on": gettext("Give the day the outcome became known.")})
    if known_on > today:
        raise ValidationError(
            {
                "known_on": gettext(
                    "%(day)s is after today (%(today)s): an outcome is known only once it happened."
                )
                % {"day": known_on, "today": today}
            }
        )


def _check_next_look(prediction: Prediction, next_look_on: dt.date, today: dt.date) -> None:
    if next_look_on <= today:
        raise ValidationError(
            {"next_look_on": gettext("The next look must be after today (%(today)s).") % {"today": today}}
        )
    if prediction.due_latest and next_look_on <= prediction.due_latest:
        raise ValidationError(
            {
                "next_look_on": gettext(
                    "The window closes on %(day)s: pick a later day, or leave it to be flagged when the "
                    "window closes."
                )
                % {"day": prediction.due_latest}
            }
        )


def _events(prediction: Prediction) -> list[Event]:
    history = prediction.outcomes.order_by("recorded_at", "id").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("id"))
    )
    return [_event(outcome, list(outcome.evidence.all())) for outcome in history]


def _event(outcome: Outcome, evidence: list[Evidence]) -> Event:
    return Event(
        kind=outcome.kind,
        round=outcome.round,
        reviewer_id=outcome.reviewer_id,
        verdict=outcome.verdict,
        known_on=outcome.known_on,
        next_look_on=outcome.next_look_on,
        evidence_archived=bool(evidence) and all(item.archived for item in evidence),
    )


def _append(
    prediction: Prediction,
    outcome: Outcome,
    evidence: Sequence[EvidenceInput | str],
    *,
    today: dt.date,
    now: dt.datetime,
) -> Outcome:
    """1. Lock the prediction row: concurrent reviews of one prediction are serialized.
    2. Replay its record and check the new event against the rules.
    3. Insert the event and its evidence, append them to the public record (chain lock last,
       after the row lock: claims.services.record); store the new standing with one UPDATE.
    A refused or invalid event raises ValidationError and writes nothing."""
    with transaction.atomic():
        locked = Prediction.objects.select_for_update().get(pk=prediction.pk)
        if outcome.kind in (OutcomeKind.REVIEW, OutcomeKind.TOO_EARLY) and locked.status not in REVIEWABLE:
            raise ValidationError(
                {
                    "prediction": gettext("Prediction #%(id)s is %(status)s: %(why)s")
                    % {
                        "id": locked.pk,
                        "status": locked.get_status_display().lower(),
                        "why": _why_not_reviewable(locked.status),
                    }
                }
            )
        before = derive_standing(_events(locked), locked.reviewers_required)
        outcome.prediction = locked
        outcome.round = before.round
        items = [EvidenceInput(item) if isinstance(item, str) else item for item in evidence]
        evidence_rows = [
            Evidence(url=item.url, title=item.title, passage=item.passage, retrieved_on=item.retrieved_on)
            for item in items
        ]
        event = _event(outcome, evidence_rows)
        try:
            check_event(before, event, locked.reviewers_required)
        except ReviewRefused as refused:
            # The rules are pure (no Django): their refusal is translated here, in the reader's
            # language (English under /api/, tracker.i18n).
            why = gettext(refused.message) % refused.params if refused.params else gettext(refused.message)
            # Every refusal of the rules is about the record so far, not the request: a 409 (claims.conflicts).
            raise state_conflict(
                "prediction", gettext("Prediction #%(id)s: %(why)s") % {"id": locked.pk, "why": why}
            ) from None
        outcome.full_clean(exclude=["prediction", "reviewer"])
        for number, row in enumerate(evidence_rows, start=1):
            if row.passage and row.retrieved_on is None:
                raise ValidationError(
                    {
                        "retrieved_on": gettext(
                            "Evidence %(number)s quotes a passage: give the day it was read (retrieved_on)."
                        )
                        % {"number": number}
                    }
                )
            row.full_clean(exclude=["outcome"])
        outcome.save()
        for row in evidence_rows:
            row.outcome = outcome
        Evidence.objects.bulk_create(evidence_rows)
        append_to_record(outcome, *evidence_rows)
        after = apply_event(before, event, locked.reviewers_required)
        Prediction.objects.filter(pk=locked.pk).update(
            **standing_fields(after, locked, today),
            version=F("version") + 1,
            updated_at=now,
        )
    prediction.refresh_from_db()
    return outcome


def standing_fields(standing: Standing, prediction: Prediction, today: dt.date) -> dict[str, object]:
    """The prediction's denormalized columns for `standing`."""
    return {
        "status": _status(standing, prediction, today),
        "verdict": standing.verdict,
        "review_round": standing.round,
        "next_look_on": standing.next_look_on,
        "verdict_known_on": standing.known_on,
        "verdict_reviewers": standing.reviewers,
        "verdict_adjudicated": standing.adjudicated,
        "verdict_evidence_archived": standing.evidence_archived,
    }


def _status(standing: Standing, prediction: Prediction, today: dt.date) -> str:
    if standing.state is State.RESOLVED:
        return Status.RESOLVED
    if standing.state is State.DISPUTED:
        return Status.DISPUTED
    if prediction.status in REVIEWABLE and standing.round == prediction.review_round:
        return prediction.status  # a vote in a round still under way changes nothing
    # A round concluded "too early", or a verdict was undone: awaiting review again, due at
    # once if its review day has passed, else open until the due job flags it.
    if standing.next_look_on is not None:
        past = standing.next_look_on <= today and (
            prediction.due_latest is None or prediction.due_latest < today
        )
    else:
        past = prediction.due_latest is not None and prediction.due_latest < today
    return Status.DUE if past else Status.OPEN


def _why_not_reviewable(status: str) -> str:
    reasons: dict[str, str] = {
        Status.DRAFT: gettext("open it before it is reviewed."),
        Status.WITHDRAWN: gettext("there is nothing to review."),
        Status.SPLIT: gettext("review its parts instead."),
        Status.RESOLVED: gettext("undo the verdict first to review it again."),
        Status.DISPUTED: gettext("its reviewers disagreed; it waits for an adjudicator."),
    }
    return reasons.get(status, gettext("it cannot be reviewed now."))
