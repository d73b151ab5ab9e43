"""Which actions a user is offered on a prediction: one rule, which the admin's review desk and
the dashboard's prediction page both render.

A pure function of the prediction's standing (its status, whether anyone has reviewed it,
whether it has criteria), of what the user's permissions allow (claims.groups.roles_of) and of
whether the user voted in the current round. It offers exactly what the services would accept:
they check the same rules when the action comes in (claims.reviews.check_event and the review
services, split_prediction, add_clarification, correct_prediction), and
tests/test_review_actions.py walks the states and roles to keep the faces, this rule and the services in step.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from enum import StrEnum

from claims.models.predictions import CORRECTABLE, REVIEWABLE, SPLITTABLE, Status


class Action(StrEnum):
    REVIEW = "review"  # a reviewer's verdict
    TOO_EARLY = "too_early"  # a reviewer's "too early to judge"
    ADJUDICATE = "adjudicate"  # decide a disputed round
    UNDO = "undo"  # withdraw the standing verdict
    CLARIFY = "clarify"  # append a clarification to the criteria
    CORRECT = "correct"  # append a correction to a judged prediction
    SPLIT = "split"  # split a compound prediction into parts
    LINK = "link"  # link it to an earlier prediction of its speaker


# What a vote in the current round rules out: another vote in it, deciding it, undoing its verdict.
VOTER_BOUND = frozenset({Action.REVIEW, Action.TOO_EARLY, Action.ADJUDICATE, Action.UNDO})
# The statuses in which having voted makes a difference (a round under way, disputed or decided).
_ROUND_STATUSES = frozenset({*REVIEWABLE, Status.DISPUTED, Status.RESOLVED})


@dataclass(frozen=True)
class PredictionState:
    """What the rule needs to know of a prediction."""

    status: str  # a claims.models.Status value
    reviewed: bool  # it has a review record (its criteria are frozen)
    has_criteria: bool


def offered_actions(prediction: PredictionState, allowed: Set[Action], *, voted: bool) -> frozenset[Action]:
    """The actions among `allowed` (what the user's permissions allow) that the user may take on
    the prediction now. `voted`: the user gave a vote (a verdict or "too early") in its current
    round; for a resolved prediction that is the round whose verdict stands."""
    status = prediction.status
    offered: set[Action] = {Action.LINK}  # link_predictions checks the earlier prediction chosen
    if status in REVIEWABLE and not voted:
        offered |= {Action.REVIEW, Action.TOO_EARLY}  # one vote per reviewer per round
    # Nobody who voted in a round decides it or undoes its verdict.
    if status == Status.DISPUTED and not voted:
        offered.add(Action.ADJUDICATE)
    if status == Status.RESOLVED and not voted:
        offered.add(Action.UNDO)  # an agreed or an adjudicated verdict
    if prediction.has_criteria:
        offered.add(Action.CLARIFY)  # a prediction without criteria gets criteria instead
    if status in SPLITTABLE and not prediction.reviewed:
        offered.add(Action.SPLIT)
    if prediction.reviewed and status in CORRECTABLE:
        offered.add(Action.CORRECT)  # before its first review a curator edits it instead
    return frozenset(offered & allowed)


def voting_matters(prediction: PredictionState, allowed: Set[Action]) -> bool:
    """Whether offered_actions' answer can depend on `voted`: a face asks the database whether
    the user voted only then."""
    return prediction.status in _ROUND_STATUSES and bool(VOTER_BOUND & allowed)
