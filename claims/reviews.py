"""The review rules, as a pure function of the review record.

A prediction's standing is never edited directly: it is what replaying its Outcome rows, oldest
first, under these rules gives. The review services check each new event against the standing
before it (`check_event`), append it, and store the standing after it on the prediction, in one
transaction; `derive_standing` is also what the property-based test replays.

The rules:
- Reviews go in rounds. In a round each reviewer casts one vote: a verdict (with the day the
  outcome became known) or "too early" (with a day to look again).
- Once `reviewers_required` votes are in: if they agree, the round concludes with their decision;
  if not, the round is disputed and waits for an adjudicator, who is not one of its voters.
- A verdict resolves the prediction. "Too early" concludes the round without a verdict: the
  next round opens at once and the prediction is flagged again on the next-look day (the
  earliest any voter asked for).
- An adjudication decides a disputed round, with a verdict or "too early"; it is final.
- An adjudication decides the dispute for good: no more votes or adjudications in that round.
- An undo withdraws a standing verdict, agreed or adjudicated, with a reason (a verdict entered
  in error, evidence retracted) and opens the next round; the undone verdict stays on record.
- A reopen sets the round aside, whatever its state (votes under way, disputed, resolved): a
  correction changed what was judged (claims.services.corrections), so the next round judges
  the corrected prediction; the earlier votes and verdict stay on record.
- Nobody who voted in a round adjudicates it or undoes its verdict, whatever roles they hold
  (a superuser has them all). The undo half came later than records it would have refused:
  replaying a record (`replay=True`) does not apply it, so an old record still gives its standing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

# The kinds of review event (claims.models.OutcomeKind takes its values from here, so the pure
# rules need no Django). TOO_EARLY is also the decision of a "too early" vote.
REVIEW = "review"
TOO_EARLY = "too_early"
ADJUDICATION = "adjudication"
UNDO = "undo"
REOPEN = "reopen"


class State(StrEnum):
    AWAITING = "awaiting"
    DISPUTED = "disputed"
    RESOLVED = "resolved"


def gettext_noop(message: str) -> str:
    """Marks `message` for the catalogues (makemessages looks for this name) without Django: the
    service that shows a refusal translates it (claims.services.reviews)."""
    return message


class ReviewRefused(Exception):
    """An event the rules do not allow now; the message says why and what to do instead.

    `message` is the English text with %(name)s placeholders, `params` their values: a caller
    translates the message before filling them in; str() is the English."""

    def __init__(self, message: str, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


@dataclass(frozen=True)
class Event:
    """What the rules need to know of one Outcome row."""

    kind: str  # review, too_early, adjudication, undo, reopen (claims.models.OutcomeKind values)
    round: int
    reviewer_id: int | None
    verdict: str = ""
    known_on: dt.date | None = None
    next_look_on: dt.date | None = None
    evidence_archived: bool = False

    @property
    def decision(self) -> str:
        """A verdict, or "too_early"."""
        return self.verdict or TOO_EARLY


@dataclass(frozen=True)
class Standing:
    state: State = State.AWAITING
    round: int = 1
    verdict: str = ""
    next_look_on: dt.date | None = None
    known_on: dt.date | None = None
    reviewers: int = 0  # of the concluding round's voters, how many gave the standing verdict
    adjudicated: bool = False
    evidence_archived: bool = False
    votes: tuple[Event, ...] = field(default=(), repr=False)  # the current round's votes so far

    @property
    def voters(self) -> set[int | None]:
        return {vote.reviewer_id for vote in self.votes}


def check_event(standing: Standing, event: Event, reviewers_required: int, *, replay: bool = False) -> None:
    """Raise ReviewRefused unless `event` may follow `standing`. replay: `event` is on record
    already (derive_standing), so rules introduced after it was written do not apply."""
    if event.round != standing.round:
        raise ReviewRefused(
            gettext_noop("This is review round %(round)s, not %(asked)s: reload and try again."),
            round=standing.round,
            asked=event.round,
        )
    if event.kind in (REVIEW, TOO_EARLY):
        if standing.state is State.RESOLVED:
            raise ReviewRefused(
                gettext_noop("It is resolved already: undo the verdict first to review it again.")
            )
        if standing.state is State.DISPUTED:
            raise ReviewRefused(
                gettext_noop("Its reviewers disagreed: it waits for an adjudicator, not for more reviews.")
            )
        if event.reviewer_id in standing.voters:
            raise ReviewRefused(
                gettext_noop("You have reviewed it in this round already; a review cannot be changed.")
            )
    elif event.kind == ADJUDICATION:
        if standing.state is not State.DISPUTED:
            raise ReviewRefused(
                gettext_noop("Only a prediction whose reviewers disagreed can be adjudicated.")
            )
        if event.reviewer_id in standing.voters:
            raise ReviewRefused(
                gettext_noop("An adjudicator must not be one of the reviewers who disagreed.")
            )
    elif event.kind == UNDO:
        if standing.state is not State.RESOLVED:
            raise ReviewRefused(gettext_noop("There is no verdict to undo: it is not resolved."))
        if not replay and event.reviewer_id in standing.voters:
            raise ReviewRefused(
                gettext_noop(
                    "You reviewed it in round %(round)s, whose verdict this is: another adjudicator must undo it."
                ),
                round=standing.round,
            )
    elif event.kind != REOPEN:
        raise ReviewRefused(gettext_noop("Unknown kind of review event %(kind)s."), kind=repr(event.kind))


def apply_event(standing: Standing, event: Event, reviewers_required: int) -> Standing:
    """The standing after `event`, which check_event has allowed."""
    if event.kind in (UNDO, REOPEN):
        return Standing(round=standing.round + 1)
    if event.kind == ADJUDICATION:
        agreeing = [vote for vote in standing.votes if vote.decision == event.decision]
        return _conclude(standing, standing.votes, event.decision, [event], len(agreeing), adjudicated=True)
    votes = (*standing.votes, event)
    if len(votes) < reviewers_required:
        return Standing(
            state=State.AWAITING, round=standing.round, next_look_on=standing.next_look_on, votes=votes
        )
    if len({vote.decision for vote in votes}) > 1:
        return Standing(
            state=State.DISPUTED, round=standing.round, next_look_on=standing.next_look_on, votes=votes
        )
    return _conclude(standing, votes, event.decision, list(votes), len(votes), adjudicated=False)


def _conclude(
    standing: Standing,
    votes: tuple[Event, ...],
    decision: str,
    basis: list[Event],
    reviewers: int,
    *,
    adjudicated: bool,
) -> Standing:
    if decision == TOO_EARLY:
        next_look = min(event.next_look_on for event in basis if event.next_look_on)
        return Standing(round=standing.round + 1, next_look_on=next_look)
    return Standing(
        state=State.RESOLVED,
        round=standing.round,
        verdict=decision,
        known_on=min(event.known_on for event in basis if event.known_on),
        reviewers=reviewers,
        adjudicated=adjudicated,
        evidence_archived=all(event.evidence_archived for event in basis),
        votes=votes,  # all of the concluding round's votes, the last one included
    )


def derive_standing(events: Iterable[Event], reviewers_required: int) -> Standing:
    """Replay a prediction's review record, oldest first. Raises ReviewRefused on a record the
    rules could not have produced."""
    standing = Standing()
    for event in events:
        check_event(standing, event, reviewers_required, replay=True)
        standing = apply_event(standing, event, reviewers_required)
    return standing
