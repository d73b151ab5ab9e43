"""Property: the current verdict is always what the recorded history gives.

A hypothesis state machine drives random sequences of reviews, "too early" votes,
adjudications (some by a voter, some of a round that is not disputed) and undos (some without
a reason) through the real services against one prediction, with 1, 2 or 3 reviewers required.
After every step the prediction's stored standing must equal both claims.reviews.derive_standing
over its recorded history and a simple model kept here; a refused step must raise
ValidationError and write nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from claims.groups import ADJUDICATORS, REVIEWERS
from claims.models import Evidence, Outcome, Prediction, Verdict
from claims.reviews import State
from claims.services.reviews import (
    EvidenceInput,
    adjudicate,
    current_standing,
    record_outcome,
    record_too_early,
    undo_verdict,
)
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, user_in

TOO_EARLY = "too_early"
ARCHIVED = EvidenceInput(
    url="https://example.org/a", title="A", passage="It happened.", retrieved_on=dt.date(2025, 9, 1)
)
LINK_ONLY = EvidenceInput(url="https://example.org/b")

known_days = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 12, 31))
days_ahead = st.integers(min_value=1, max_value=400)
# Weighted towards agreement, so that three reviewers agree often enough to resolve and undo.
decisions = st.sampled_from(
    ["came_true", "came_true", "came_true", TOO_EARLY, TOO_EARLY, *Verdict.values[1:]]
)


@dataclass
class Vote:
    decision: str
    known_on: dt.date | None
    next_look_on: dt.date | None
    archived: bool


@dataclass
class Model:
    """What the rules say, written as plainly as possible, independently of claims.reviews."""

    status: str = "due"  # the prediction's window closed at the end of 2025
    round: int = 1
    votes: dict[int, Vote] = field(default_factory=dict)  # the current round's, by reviewer id
    verdict: str = ""
    known_on: dt.date | None = None
    next_look_on: dt.date | None = None
    reviewers: int = 0
    adjudicated: bool = False
    archived: bool = False

    @property
    def state(self) -> str:
        return {"resolved": State.RESOLVED, "disputed": State.DISPUTED}.get(self.status, State.AWAITING)

    def conclude(self, decision: str, basis: list[Vote], reviewers: int, adjudicated: bool) -> None:
        STEPS[
            ("adjudicated " if adjudicated else "agreed ")
            + ("too early" if decision == TOO_EARLY else "verdict")
        ] += 1
        if decision == TOO_EARLY:
            # Not a verdict: the next round opens at once, open until the earliest next look.
            self.round += 1
            self.votes = {}
            self.status = "open"
            self.next_look_on = min(vote.next_look_on for vote in basis)
            return
        self.status = "resolved"
        self.verdict = decision
        self.known_on = min(vote.known_on for vote in basis)
        self.next_look_on = None
        self.reviewers = reviewers
        self.adjudicated = adjudicated
        self.archived = all(vote.archived for vote in basis)

    def vote(self, reviewer_id: int, vote: Vote, required: int) -> None:
        self.votes[reviewer_id] = vote
        if len(self.votes) < required:
            return
        decisions = {v.decision for v in self.votes.values()}
        if len(decisions) > 1:
            STEPS["disputed"] += 1
            self.status = "disputed"
        else:
            self.conclude(vote.decision, list(self.votes.values()), len(self.votes), adjudicated=False)

    def adjudicate(self, vote: Vote) -> None:
        agreeing = sum(1 for v in self.votes.values() if v.decision == vote.decision)
        self.conclude(vote.decision, [vote], agreeing, adjudicated=True)

    def undo(self) -> None:
        # A new round, due at once: the window closed long ago.
        STEPS["undone"] += 1
        self.__init__(status="due", round=self.round + 1)


# What the whole run exercised (across examples), so the test can tell it went somewhere.
STEPS: Counter[str] = Counter()


class ReviewHistory(RuleBasedStateMachine):
    reviewers: list = []  # set by the test: the users exist once, predictions once per example
    adjudicators: list = []
    today: dt.date = dt.date.min

    def __init__(self) -> None:
        super().__init__()
        # Each example runs in a savepoint rolled back at teardown: a fresh database state.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.model = Model()
        self.prediction: Prediction | None = None
        self.required = 1
        self.accepted = 0
        self.steps = 0

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize(required=st.sampled_from([1, 2, 3]))
    def a_prediction(self, required: int) -> None:
        self.required = required
        self.prediction = PredictionFactory(status="due", reviewers_required=required)

    # --- the steps ---------------------------------------------------------------------------

    def _written(self) -> tuple:
        row = Prediction.objects.values().get(pk=self.prediction.pk)
        return Outcome.objects.count(), Evidence.objects.count(), row

    def _step(self, allowed: bool, write, field: str = "prediction") -> bool:
        """Run `write`: it must succeed when `allowed`, else be refused on `field` with nothing written."""
        self.steps += 1
        STEPS["accepted" if allowed else "refused"] += 1
        if allowed:
            write()
            self.accepted += 1
            return True
        before = self._written()
        with pytest.raises(ValidationError) as refused:
            write()
        assert field in refused.value.message_dict, refused.value
        assert self._written() == before, "a refused step wrote something"
        return False

    # Each valid step has a precondition so that histories get far (agreement, disputes, undos),
    # and `refused` tries what the rules forbid on every third step. Users are picked by index among those the
    # step needs (who has or has not voted in the round).

    def _refusal_turn(self) -> bool:
        return self.steps % 3 == 2

    def _non_voters(self) -> list:
        return [user for user in self.reviewers if user.pk not in self.model.votes]

    def _voters(self) -> list:
        return [user for user in self.reviewers if user.pk in self.model.votes]

    def _vote(
        self, user, decision: str, known_on: dt.date, ahead: int, archived: bool, allowed: bool
    ) -> None:
        if decision == TOO_EARLY:
            vote = Vote(TOO_EARLY, None, self.today + dt.timedelta(days=ahead), False)
            write = lambda: record_too_early(  # noqa: E731
                prediction=self.prediction,
                reviewer=user,
                next_look_on=vote.next_look_on,
                today=self.today,
                note="Not knowable yet.",
                now=NOW,
            )
        else:
            vote = Vote(decision, known_on, None, archived)
            write = lambda: record_outcome(  # noqa: E731
                prediction=self.prediction,
                reviewer=user,
                verdict=decision,
                known_on=known_on,
                evidence=[ARCHIVED] if archived else [ARCHIVED, LINK_ONLY],
                note="Checked the announcement.",
                today=self.today,
                now=NOW,
            )
        if self._step(allowed, write):
            self.model.vote(user.pk, vote, self.required)

    @precondition(lambda self: self.model.state == State.AWAITING and not self._refusal_turn())
    @rule(
        index=st.integers(0, 3),
        decision=decisions,
        known_on=known_days,
        ahead=days_ahead,
        archived=st.booleans(),
    )
    def vote(self, index: int, decision: str, known_on: dt.date, ahead: int, archived: bool) -> None:
        candidates = self._non_voters()
        self._vote(candidates[index % len(candidates)], decision, known_on, ahead, archived, allowed=True)

    def _adjudicate(
        self, user, decision: str, known_on: dt.date, ahead: int, archived: bool, allowed: bool
    ) -> None:
        if decision == TOO_EARLY:
            vote = Vote(TOO_EARLY, None, self.today + dt.timedelta(days=ahead), False)
            payload = {"next_look_on": vote.next_look_on}
        else:
            vote = Vote(decision, known_on, None, archived)
            payload = {"verdict": decision, "known_on": known_on, "evidence": [ARCHIVED] if archived else []}
        write = lambda: adjudicate(  # noqa: E731
            prediction=self.prediction,
            adjudicator=user,
            reasoning="Read both reviews.",
            today=self.today,
            **payload,
            now=NOW,
        )
        if self._step(allowed, write):
            self.model.adjudicate(vote)

    @precondition(lambda self: self.model.state == State.DISPUTED and not self._refusal_turn())
    @rule(
        index=st.integers(0, 5),
        decision=st.sampled_from([TOO_EARLY, *Verdict.values]),
        known_on=known_days,
        ahead=days_ahead,
        archived=st.booleans(),
    )
    def adjudication(self, index: int, decision: str, known_on: dt.date, ahead: int, archived: bool) -> None:
        # The services leave roles to the interface: a reviewer who did not vote may decide too.
        candidates = [*self.adjudicators, *self._non_voters()]
        self._adjudicate(
            candidates[index % len(candidates)], decision, known_on, ahead, archived, allowed=True
        )

    @precondition(lambda self: self.model.state == State.RESOLVED and not self._refusal_turn())
    @rule(index=st.integers(0, 1))
    def undo(self, index: int) -> None:
        write = lambda: undo_verdict(  # noqa: E731
            prediction=self.prediction,
            by=self.adjudicators[index],
            reason="The evidence was retracted.",
            today=self.today,
            now=NOW,
        )
        if self._step(True, write):
            self.model.undo()

    @precondition(lambda self: self._refusal_turn())
    @rule(
        mistake=st.sampled_from(["vote", "adjudication", "undo", "undo without a reason"]),
        index=st.integers(0, 5),
        decision=decisions,
        known_on=known_days,
        ahead=days_ahead,
    )
    def refused(self, mistake: str, index: int, decision: str, known_on: dt.date, ahead: int) -> None:
        """What the rules forbid in the current state, whatever it is."""
        state = self.model.state
        if mistake == "vote":
            # A second vote in the round, or any vote on a disputed or resolved prediction.
            candidates = self._voters() if state == State.AWAITING else self.reviewers
            if candidates:
                self._vote(
                    candidates[index % len(candidates)], decision, known_on, ahead, True, allowed=False
                )
        elif mistake == "adjudication":
            # By one of the disputing voters, or of a round that is not disputed.
            candidates = self._voters() if state == State.DISPUTED else [*self.adjudicators, *self.reviewers]
            self._adjudicate(
                candidates[index % len(candidates)], decision, known_on, ahead, True, allowed=False
            )
        else:
            # No verdict to withdraw, or no reason.
            undoable = state == State.RESOLVED
            reason = "" if mistake == "undo without a reason" or undoable else "The evidence was retracted."
            adjudicator = self.adjudicators[index % len(self.adjudicators)]
            write = lambda: undo_verdict(  # noqa: E731
                prediction=self.prediction, by=adjudicator, reason=reason, today=self.today, now=NOW
            )
            self._step(False, write, field="reason" if not reason else "prediction")

    # --- after every step --------------------------------------------------------------------

    @invariant()
    def the_stored_standing_is_the_replayed_history_and_the_model(self) -> None:
        if self.prediction is None:
            return
        stored = Prediction.objects.get(pk=self.prediction.pk)
        standing = current_standing(stored)
        fields = (
            stored.verdict,
            stored.review_round,
            stored.next_look_on,
            stored.verdict_known_on,
            stored.verdict_reviewers,
            stored.verdict_adjudicated,
            stored.verdict_evidence_archived,
        )
        replayed = (
            standing.verdict,
            standing.round,
            standing.next_look_on,
            standing.known_on,
            standing.reviewers,
            standing.adjudicated,
            standing.evidence_archived,
        )
        model = self.model
        expected = (
            model.verdict,
            model.round,
            model.next_look_on,
            model.known_on,
            model.reviewers,
            model.adjudicated,
            model.archived,
        )
        assert fields == replayed, "the stored standing is not what the history replays to"
        assert replayed == expected, "the rules disagree with the model"
        assert stored.status == model.status
        assert standing.state == model.state
        assert standing.voters == set(model.votes) or model.state == State.RESOLVED
        # Append-only: every accepted step added exactly one row, and none was ever removed.
        assert stored.outcomes.count() == self.accepted


@pytest.mark.django_db
def test_the_current_verdict_is_always_derivable_from_the_recorded_history():
    STEPS.clear()
    ReviewHistory.reviewers = [user_in(f"reviewer-{n}", REVIEWERS) for n in range(4)]
    ReviewHistory.adjudicators = [user_in(f"adjudicator-{n}", ADJUDICATORS) for n in range(2)]
    ReviewHistory.today = TODAY
    run_state_machine_as_test(
        ReviewHistory,
        settings=settings(
            max_examples=60, stateful_step_count=15, deadline=None, derandomize=True, database=None
        ),
    )
    # The run must have gone through every rule, accepted and refused, not just the first votes.
    exercised = {name for name, count in STEPS.items() if count}
    assert exercised >= {
        "accepted",
        "refused",
        "disputed",
        "agreed verdict",
        "agreed too early",
        "adjudicated verdict",
        "adjudicated too early",
        "undone",
    }, STEPS
