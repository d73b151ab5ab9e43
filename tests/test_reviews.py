"""The review workflow through its services: independent votes, agreement, disputes and their
adjudication, "too early", undo, and blind review. The rules themselves: claims/reviews.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.groups import ADJUDICATORS, REVIEWERS
from claims.models import Evidence, Outcome, Prediction
from claims.services.reviews import (
    EvidenceInput,
    adjudicate,
    current_standing,
    record_outcome,
    record_too_early,
    undo_verdict,
)
from tests.clock import noon
from tests.factories import PredictionFactory, user_in

pytestmark = pytest.mark.django_db

# The day of the reviews: after the factories' windows close (2025-12-31) and the outcomes
# became known, before the next looks the tests ask for (2027).
TODAY = dt.date(2026, 3, 1)
NOW = noon(TODAY)

AGENT = EvidenceInput(
    url="https://openai.com/index/introducing-chatgpt-agent/",
    title="Introducing ChatGPT agent",
    passage="ChatGPT now thinks and acts, proactively choosing from a toolbox of agentic skills.",
    retrieved_on=dt.date(2025, 7, 18),
)


@pytest.fixture
def ana(db):
    return user_in("ana-reviewer", REVIEWERS, is_staff=True)


@pytest.fixture
def ben(db):
    return user_in("ben-reviewer", REVIEWERS, is_staff=True)


@pytest.fixture
def cai(db):
    return user_in("cai-reviewer", REVIEWERS, is_staff=True)


@pytest.fixture
def ada(db):
    """An adjudicator who is not a reviewer."""
    return user_in("ada-adjudicator", ADJUDICATORS, is_staff=True)


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def prediction():
    """Due for review (its window closed at the end of 2025); two reviewers must judge it."""
    return PredictionFactory(status="due", reviewers_required=2)


def _vote(prediction, reviewer, verdict="came_true", known_on=dt.date(2025, 7, 17), **kwargs) -> Outcome:
    kwargs.setdefault("evidence", [AGENT])
    kwargs.setdefault("note", "ChatGPT agent launched for Pro, Plus and Team users.")
    return record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict=verdict,
        known_on=known_on,
        **kwargs,
        today=TODAY,
        now=NOW,
    )


def _too_early(prediction, reviewer, next_look_on, today) -> Outcome:
    return record_too_early(
        prediction=prediction,
        reviewer=reviewer,
        next_look_on=next_look_on,
        today=today,
        note="The yearly usage figures come out in the spring.",
        now=NOW,
    )


def _dispute(prediction, first, second) -> None:
    _vote(prediction, first, "came_true")
    _vote(prediction, second, "partly_true", known_on=dt.date(2025, 8, 1))


def _written(prediction) -> tuple:
    """Everything a review writes: the record's rows and the prediction's standing."""
    stored = Prediction.objects.values_list(
        "status",
        "verdict",
        "review_round",
        "next_look_on",
        "verdict_known_on",
        "verdict_reviewers",
        "verdict_adjudicated",
        "verdict_evidence_archived",
        "version",
    ).get(pk=prediction.pk)
    return Outcome.objects.count(), Evidence.objects.count(), stored


def _refused(prediction, match: str | None, write, field: str = "prediction") -> ValidationError:
    """`write` raises ValidationError on `field` saying `match`, and writes nothing."""
    before = _written(prediction)
    with pytest.raises(ValidationError, match=match) as caught:
        write()
    assert field in caught.value.message_dict
    assert _written(prediction) == before
    return caught.value


def _stored_standing_matches_the_record(prediction) -> None:
    prediction.refresh_from_db()
    standing = current_standing(prediction)
    assert (
        prediction.verdict,
        prediction.review_round,
        prediction.next_look_on,
        prediction.verdict_known_on,
        prediction.verdict_reviewers,
        prediction.verdict_adjudicated,
        prediction.verdict_evidence_archived,
    ) == (
        standing.verdict,
        standing.round,
        standing.next_look_on,
        standing.known_on,
        standing.reviewers,
        standing.adjudicated,
        standing.evidence_archived,
    )


# --- Votes and agreement ----------------------------------------------------------------------


def test_one_vote_of_two_decides_nothing(prediction, ana):
    _vote(prediction, ana)
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.review_round) == ("due", "", 1)
    assert prediction.verdict_known_on is None and prediction.verdict_reviewers == 0
    _stored_standing_matches_the_record(prediction)


def test_two_agreeing_reviewers_resolve_it_known_on_the_earliest_day(prediction, ana, ben):
    _vote(prediction, ana, "came_true", known_on=dt.date(2025, 7, 20))
    _vote(prediction, ben, "came_true", known_on=dt.date(2025, 7, 17))
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict) == ("resolved", "came_true")
    assert prediction.verdict_known_on == dt.date(2025, 7, 17)
    assert (prediction.verdict_reviewers, prediction.verdict_adjudicated) == (2, False)
    assert prediction.verdict_evidence_archived
    _stored_standing_matches_the_record(prediction)


def test_the_evidence_counts_as_archived_only_when_every_voter_archived_it(prediction, ana, ben):
    _vote(prediction, ana)
    _vote(prediction, ben, evidence=["https://openai.com/index/introducing-chatgpt-agent/"])
    prediction.refresh_from_db()
    assert prediction.status == "resolved" and prediction.verdict_evidence_archived is False


def test_a_reviewer_votes_once_per_round(prediction, ana):
    _vote(prediction, ana)
    _refused(prediction, "reviewed it in this round already", lambda: _vote(prediction, ana, "came_false"))
    _refused(
        prediction,
        "reviewed it in this round already",
        lambda: _too_early(prediction, ana, dt.date(2027, 6, 1), TODAY),
    )


def test_disagreeing_reviewers_send_it_to_adjudication(prediction, ana, ben, cai):
    _dispute(prediction, ana, ben)
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.review_round) == ("disputed", "", 1)
    _stored_standing_matches_the_record(prediction)
    # A third reviewer cannot settle it by outvoting: the adjudicator decides.
    _refused(prediction, "waits for an adjudicator", lambda: _vote(prediction, cai))


def test_a_resolved_prediction_takes_no_more_votes(prediction, ana, ben, cai):
    _vote(prediction, ana)
    _vote(prediction, ben)
    _refused(prediction, "undo the verdict first", lambda: _vote(prediction, cai, "came_false"))


def test_three_reviewers_must_all_agree(ana, ben, cai):
    prediction = PredictionFactory(status="due", reviewers_required=3)
    _vote(prediction, ana)
    _vote(prediction, ben)
    prediction.refresh_from_db()
    assert prediction.status == "due"
    _vote(prediction, cai, "came_false", known_on=dt.date(2025, 9, 1))
    prediction.refresh_from_db()
    assert prediction.status == "disputed"


def test_reviewers_may_judge_before_the_window_closes(ana, ben):
    """Open (not yet due) predictions are reviewable: an outcome can be known early."""
    prediction = PredictionFactory(status="open", horizon_text="2030年", reviewers_required=2)
    _vote(prediction, ana)
    prediction.refresh_from_db()
    assert prediction.status == "open"
    _vote(prediction, ben)
    prediction.refresh_from_db()
    assert prediction.status == "resolved"


# --- Adjudication -----------------------------------------------------------------------------


def test_an_adjudication_is_final_and_recorded_with_its_reasoning(prediction, ana, ben, ada, today):
    _dispute(prediction, ana, ben)
    decision = adjudicate(
        prediction=prediction,
        adjudicator=ada,
        reasoning="Agents launched, but only for paying users: partly.",
        today=today,
        verdict="partly_true",
        known_on=dt.date(2025, 8, 1),
        evidence=[AGENT],
        now=NOW,
    )
    assert (decision.kind, decision.round, decision.reviewer) == ("adjudication", 1, ada)
    assert decision.note == "Agents launched, but only for paying users: partly."
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict) == ("resolved", "partly_true")
    assert prediction.verdict_known_on == dt.date(2025, 8, 1)
    # "adjudicated (1/2 reviewers agreed)": ben said partly true, ana came true.
    assert (prediction.verdict_adjudicated, prediction.verdict_reviewers) == (True, 1)
    _stored_standing_matches_the_record(prediction)
    _refused(
        prediction,
        "Only a prediction whose reviewers disagreed",
        lambda: adjudicate(
            prediction=prediction,
            adjudicator=ada,
            reasoning="Second thoughts.",
            today=today,
            verdict="came_true",
            known_on=dt.date(2025, 7, 17),
            now=NOW,
        ),
    )
    # An adjudicated verdict entered in error can still be undone, as an event with its reason;
    # the adjudication stays on record and the next round begins.
    undo_verdict(
        prediction=prediction,
        by=ada,
        reason="The adjudicator picked the wrong verdict.",
        today=TODAY,
        now=NOW,
    )
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.review_round) == ("due", "", 2)
    assert list(prediction.outcomes.values_list("kind", flat=True)) == [
        "review",
        "review",
        "adjudication",
        "undo",
    ]
    _stored_standing_matches_the_record(prediction)


def test_an_adjudicator_may_overrule_both_reviewers(prediction, ana, ben, ada, today):
    _dispute(prediction, ana, ben)
    adjudicate(
        prediction=prediction,
        adjudicator=ada,
        reasoning="The criteria ask for millions of users; no figures were published.",
        today=today,
        verdict="unresolvable",
        known_on=dt.date(2025, 12, 31),
        now=NOW,
    )
    prediction.refresh_from_db()
    assert (prediction.verdict, prediction.verdict_reviewers, prediction.verdict_adjudicated) == (
        "unresolvable",
        0,
        True,
    )


def test_a_voter_cannot_adjudicate_their_own_dispute(prediction, ana, ben, today):
    _dispute(prediction, ana, ben)
    _refused(
        prediction,
        "must not be one of the reviewers who disagreed",
        lambda: adjudicate(
            prediction=prediction,
            adjudicator=ana,
            reasoning="I was right.",
            today=today,
            verdict="came_true",
            known_on=dt.date(2025, 7, 17),
            now=NOW,
        ),
    )


def test_only_a_disputed_prediction_is_adjudicated(prediction, ana, ada, today):
    def decide():
        return adjudicate(
            prediction=prediction,
            adjudicator=ada,
            reasoning="Settling it early.",
            today=today,
            verdict="came_true",
            known_on=dt.date(2025, 7, 17),
            now=NOW,
        )

    _refused(prediction, "Only a prediction whose reviewers disagreed", decide)
    _vote(prediction, ana)  # one vote of two: still awaiting, not disputed
    _refused(prediction, "Only a prediction whose reviewers disagreed", decide)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"reasoning": " ", "verdict": "partly_true", "known_on": dt.date(2025, 8, 1)}, "reasoning"),
        ({"reasoning": "Both.", "verdict": "partly_true", "next_look_on": dt.date(2027, 6, 1)}, "verdict"),
        ({"reasoning": "Neither."}, "verdict"),
        ({"reasoning": "Partly.", "verdict": "partly_true"}, "known_on"),
        ({"reasoning": "Later.", "next_look_on": dt.date(2025, 6, 1)}, "next_look_on"),
    ],
)
def test_an_adjudication_needs_reasoning_and_one_decision(prediction, ana, ben, ada, today, kwargs, field):
    _dispute(prediction, ana, ben)
    _refused(
        prediction,
        None,
        lambda: adjudicate(prediction=prediction, adjudicator=ada, today=today, **kwargs, now=NOW),
        field,
    )
    assert Prediction.objects.get(pk=prediction.pk).status == "disputed"


def test_an_adjudicator_may_decide_it_is_too_early(prediction, ana, ben, ada, today):
    _dispute(prediction, ana, ben)
    adjudicate(
        prediction=prediction,
        adjudicator=ada,
        reasoning="Usage figures for 2025 are not out yet.",
        today=today,
        next_look_on=dt.date(2027, 4, 1),
        now=NOW,
    )
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.review_round) == ("open", "", 2)
    assert prediction.next_look_on == dt.date(2027, 4, 1)
    assert prediction.verdict_adjudicated is False  # no verdict stands
    _stored_standing_matches_the_record(prediction)
    # The next round is a fresh one: the same reviewers vote again.
    _vote(prediction, ana)
    _vote(prediction, ben)
    prediction.refresh_from_db()
    assert (prediction.status, prediction.review_round) == ("resolved", 2)


# --- Too early --------------------------------------------------------------------------------


def test_too_early_keeps_it_open_until_the_earliest_next_look_and_opens_a_new_round(
    prediction, ana, ben, today
):
    _too_early(prediction, ana, dt.date(2027, 6, 1), today)
    prediction.refresh_from_db()
    assert (prediction.status, prediction.review_round, prediction.next_look_on) == ("due", 1, None)
    _too_early(prediction, ben, dt.date(2027, 3, 1), today)
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.review_round) == ("open", "", 2)
    assert prediction.next_look_on == dt.date(2027, 3, 1)
    _stored_standing_matches_the_record(prediction)
    # The due job picks it up again on its next-look day, not before.
    assert prediction not in Prediction.objects.due(on=dt.date(2027, 2, 28))
    assert prediction in Prediction.objects.due(on=dt.date(2027, 3, 1))
    # And the same reviewers may vote in the new round.
    _vote(prediction, ana)
    prediction.refresh_from_db()
    assert (prediction.status, prediction.review_round) == ("open", 2)


def test_one_reviewer_required_too_early_concludes_at_once(ana, today):
    prediction = PredictionFactory(status="due", reviewers_required=1)
    outcome = _too_early(prediction, ana, dt.date(2027, 1, 15), today)
    assert (outcome.kind, outcome.verdict, outcome.known_on) == ("too_early", "", None)
    prediction.refresh_from_db()
    assert (prediction.status, prediction.review_round, prediction.next_look_on) == (
        "open",
        2,
        dt.date(2027, 1, 15),
    )


def test_too_early_against_a_verdict_is_a_disagreement(prediction, ana, ben, today):
    _vote(prediction, ana)
    _too_early(prediction, ben, dt.date(2027, 6, 1), today)
    prediction.refresh_from_db()
    assert prediction.status == "disputed"


def test_the_next_look_must_be_after_today_and_after_the_window(ana, today):
    prediction = PredictionFactory(status="open", horizon_text="2030年", reviewers_required=1)
    _refused(prediction, "after today", lambda: _too_early(prediction, ana, today, today), "next_look_on")
    _refused(
        prediction,
        "The window closes on 2030-12-31",
        lambda: _too_early(prediction, ana, dt.date(2030, 12, 31), today),
        "next_look_on",
    )
    _too_early(prediction, ana, dt.date(2031, 1, 1), today)


def test_an_undated_prediction_gets_a_review_day_from_too_early(ana, today):
    prediction = PredictionFactory(status="open", horizon_text="", reviewers_required=1)
    assert prediction.due_latest is None
    assert prediction not in Prediction.objects.due(on=dt.date(2099, 1, 1))  # undated: never due
    _too_early(prediction, ana, today + dt.timedelta(days=1), today)
    assert prediction in Prediction.objects.due(on=today + dt.timedelta(days=1))


# --- Undo -------------------------------------------------------------------------------------


def test_undo_is_a_recorded_event_and_opens_a_new_round(prediction, ana, ben, ada):
    first, second = _vote(prediction, ana), _vote(prediction, ben)
    undo = undo_verdict(
        prediction=prediction, by=ada, reason="The agent launch was a limited preview.", today=TODAY, now=NOW
    )
    assert (undo.kind, undo.round, undo.reviewer, undo.verdict) == ("undo", 1, ada, "")
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.review_round) == ("due", "", 2)
    assert prediction.verdict_known_on is None and prediction.verdict_reviewers == 0
    _stored_standing_matches_the_record(prediction)
    # Nothing was deleted: the verdict's votes and their evidence are still in the record.
    assert list(prediction.outcomes.history()) == [first, second, undo]
    assert Evidence.objects.filter(outcome__in=[first, second]).count() == 2


def test_an_undone_prediction_whose_window_is_open_goes_back_to_open(ana, ada):
    prediction = PredictionFactory(status="open", horizon_text="2030年", reviewers_required=1)
    _vote(prediction, ana)
    undo_verdict(prediction=prediction, by=ada, reason="Judged too early.", today=TODAY, now=NOW)
    prediction.refresh_from_db()
    assert (prediction.status, prediction.review_round) == ("open", 2)


def test_an_undo_needs_a_reason_and_a_verdict(prediction, ana, ben, ada):
    _refused(
        prediction,
        "no verdict to undo",
        lambda: undo_verdict(prediction=prediction, by=ada, reason="Wrong.", today=TODAY, now=NOW),
    )
    _dispute(prediction, ana, ben)
    _refused(
        prediction,
        "no verdict to undo",
        lambda: undo_verdict(prediction=prediction, by=ada, reason="Wrong.", today=TODAY, now=NOW),
    )


def test_an_undo_without_a_reason_is_refused(ana, ada):
    prediction = PredictionFactory(status="due", reviewers_required=1)
    _vote(prediction, ana)
    _refused(
        prediction,
        "Give the reason",
        lambda: undo_verdict(prediction=prediction, by=ada, reason=" ", today=TODAY, now=NOW),
        "reason",
    )


def test_a_long_history_replays_to_the_stored_standing(prediction, ana, ben, cai, ada, today):
    _too_early(prediction, ana, dt.date(2027, 6, 1), today)
    _too_early(prediction, ben, dt.date(2027, 3, 1), today)  # round 2 opens
    _dispute(prediction, ana, ben)
    adjudicate(
        prediction=prediction,
        adjudicator=ada,
        reasoning="No usage figures yet.",
        today=today,
        next_look_on=dt.date(2027, 4, 1),
        now=NOW,
    )  # round 3 opens
    _vote(prediction, ana)
    _vote(prediction, ben)
    undo_verdict(prediction=prediction, by=ada, reason="New figures.", today=TODAY, now=NOW)  # round 4 opens
    _vote(prediction, cai, "came_false", known_on=dt.date(2026, 2, 1))
    _vote(prediction, ana, "came_false", known_on=dt.date(2026, 1, 20))
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.review_round) == ("resolved", "came_false", 4)
    assert prediction.verdict_known_on == dt.date(2026, 1, 20)
    assert [(o.kind, o.round) for o in prediction.outcomes.history()] == [
        ("too_early", 1),
        ("too_early", 1),
        ("review", 2),
        ("review", 2),
        ("adjudication", 2),
        ("review", 3),
        ("review", 3),
        ("undo", 3),
        ("review", 4),
        ("review", 4),
    ]
    _stored_standing_matches_the_record(prediction)


def test_a_changed_setting_does_not_change_a_prediction_under_review(settings, ana):
    settings.REVIEWERS_REQUIRED = 2
    prediction = PredictionFactory(status="due")
    settings.REVIEWERS_REQUIRED = 1
    _vote(prediction, ana)
    prediction.refresh_from_db()
    assert (prediction.reviewers_required, prediction.status) == (2, "due")


# --- Blind review -----------------------------------------------------------------------------


def _visible(user, prediction) -> list[tuple[str, int, str]]:
    rows = Outcome.objects.visible_to(user).filter(prediction=prediction).history()
    return [(o.kind, o.round, o.reviewer.username) for o in rows.select_related("reviewer")]


def test_votes_are_hidden_until_one_has_voted_oneself(prediction, ana, ben, cai, ada, today):
    anonymous = AnonymousUser()
    _vote(prediction, ana)
    ana_vote = [("review", 1, "ana-reviewer")]
    assert _visible(anonymous, prediction) == []
    assert _visible(ana, prediction) == ana_vote
    assert _visible(ben, prediction) == []  # has not voted yet: must judge blind
    assert _visible(ada, prediction) == []  # nothing to adjudicate yet

    _vote(prediction, ben, "partly_true", known_on=dt.date(2025, 8, 1))  # disputed
    both = [*ana_vote, ("review", 1, "ben-reviewer")]
    assert _visible(ana, prediction) == both
    assert _visible(ben, prediction) == both
    assert _visible(ada, prediction) == both  # the adjudicator reads the dispute
    assert _visible(cai, prediction) == []
    assert _visible(anonymous, prediction) == []

    adjudicate(
        prediction=prediction,
        adjudicator=ada,
        reasoning="Partly.",
        today=today,
        verdict="partly_true",
        known_on=dt.date(2025, 8, 1),
        now=NOW,
    )
    concluded = [*both, ("adjudication", 1, "ada-adjudicator")]
    for user in (anonymous, ana, ben, cai, ada):
        assert _visible(user, prediction) == concluded


def test_a_concluded_round_stays_public_while_the_next_one_is_blind(prediction, ana, ben, cai, ada):
    _vote(prediction, ana)
    _vote(prediction, ben)
    undo_verdict(prediction=prediction, by=ada, reason="Preview only.", today=TODAY, now=NOW)
    _vote(prediction, cai, "came_false", known_on=dt.date(2025, 12, 31))
    round_one = [("review", 1, "ana-reviewer"), ("review", 1, "ben-reviewer"), ("undo", 1, "ada-adjudicator")]
    assert _visible(AnonymousUser(), prediction) == round_one
    assert _visible(ana, prediction) == round_one  # voted in round 1, not yet in round 2
    assert _visible(cai, prediction) == [*round_one, ("review", 2, "cai-reviewer")]


def test_visible_to_takes_one_query_for_a_reviewer(prediction, ana, ben, django_assert_num_queries):
    _vote(prediction, ana)
    _vote(prediction, ben, "came_false", known_on=dt.date(2025, 12, 31))
    # 1. is the user an adjudicator (their permissions), 2. the visible outcomes.
    with django_assert_num_queries(2):
        assert len(list(Outcome.objects.visible_to(ana).filter(prediction=prediction))) == 2


# --- The database refuses a record the services would never write --------------------------


def _insert(**fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(**fields)


def test_the_database_refuses_two_votes_by_one_reviewer_in_a_round(prediction, ana):
    _vote(prediction, ana)
    _insert(
        prediction=prediction,
        reviewer=ana,
        round=1,
        kind="review",
        verdict="came_false",
        known_on=dt.date(2025, 1, 1),
    )
    _insert(prediction=prediction, reviewer=ana, round=1, kind="too_early", next_look_on=dt.date(2027, 1, 1))
    # In the next round the same reviewer votes again.
    Outcome.objects.create(
        prediction=prediction, reviewer=ana, round=2, kind="too_early", next_look_on=dt.date(2027, 1, 1)
    )


@pytest.mark.parametrize("kind", ["adjudication", "undo"])
def test_the_database_refuses_two_adjudications_or_two_undos_in_a_round(prediction, ada, cai, kind):
    decision = {"verdict": "came_true", "known_on": dt.date(2025, 1, 1)} if kind == "adjudication" else {}
    Outcome.objects.create(prediction=prediction, reviewer=ada, round=1, kind=kind, note="First.", **decision)
    _insert(prediction=prediction, reviewer=cai, round=1, kind=kind, note="Second.", **decision)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {"kind": "review", "verdict": "", "known_on": dt.date(2025, 1, 1)}, id="review-without-verdict"
        ),
        pytest.param({"kind": "review", "verdict": "came_true"}, id="review-without-known-on"),
        pytest.param(
            {
                "kind": "review",
                "verdict": "came_true",
                "known_on": dt.date(2025, 1, 1),
                "next_look_on": dt.date(2027, 1, 1),
            },
            id="review-with-next-look",
        ),
        pytest.param({"kind": "too_early"}, id="too-early-without-next-look"),
        pytest.param(
            {
                "kind": "too_early",
                "next_look_on": dt.date(2027, 1, 1),
                "verdict": "came_true",
                "known_on": dt.date(2025, 1, 1),
            },
            id="too-early-with-verdict",
        ),
        pytest.param({"kind": "undo", "note": ""}, id="undo-without-reason"),
        pytest.param(
            {"kind": "undo", "note": "Wrong.", "verdict": "came_false", "known_on": dt.date(2025, 1, 1)},
            id="undo-with-verdict",
        ),
        pytest.param(
            {"kind": "adjudication", "verdict": "came_true", "known_on": dt.date(2025, 1, 1), "note": ""},
            id="adjudication-without-reasoning",
        ),
        pytest.param({"kind": "adjudication", "note": "Neither."}, id="adjudication-without-decision"),
        pytest.param(
            {"kind": "review", "verdict": "maybe", "known_on": dt.date(2025, 1, 1)}, id="unknown-verdict"
        ),
        pytest.param(
            {"kind": "vote", "verdict": "came_true", "known_on": dt.date(2025, 1, 1)}, id="unknown-kind"
        ),
    ],
)
def test_the_database_refuses_an_event_without_what_its_kind_needs(prediction, ana, fields):
    _insert(prediction=prediction, reviewer=ana, round=1, **fields)
    assert Outcome.objects.count() == 0


def test_the_database_refuses_a_quoted_passage_without_its_retrieval_date(ana):
    outcome = _vote(PredictionFactory(status="due", reviewers_required=1), ana)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(outcome=outcome, url=AGENT.url, passage="Quoted.", retrieved_on=None)


def test_the_database_refuses_a_standing_that_contradicts_the_status(prediction):
    rows = Prediction.objects.filter(pk=prediction.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(status="resolved")  # no verdict
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(verdict="came_true")  # a verdict on a due prediction
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(status="resolved", verdict="came_true")  # no known_on
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(verdict_reviewers=2)  # agreement without a verdict
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(reviewers_required=0)


def test_an_outcome_cannot_be_known_in_the_future(prediction, ana):
    tomorrow = TODAY + dt.timedelta(days=1)
    _refused(
        prediction,
        "after today",
        lambda: record_outcome(
            prediction=prediction,
            reviewer=ana,
            verdict="came_true",
            known_on=tomorrow,
            note="Soon.",
            today=TODAY,
            now=NOW,
        ),
        field="known_on",
    )
