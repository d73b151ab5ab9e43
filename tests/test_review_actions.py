"""One rule for which actions a role sees in which state (claims.actions.offered_actions).

The walk: every review state a prediction can be in (1 or 2 reviewers required; the user voted
in the round or not; agreed, adjudicated, undone, too early, withdrawn, split) × users with every
combination of roles, several roles at once and a superuser included. For each, the admin's
change page and the dashboard's prediction page must offer exactly the same actions, the ones
the rule gives; each offered action, posted through either face, must be accepted by the
service (something is written), and each hidden one refused (403 for a missing permission, the
service's message for a state that does not allow it) with nothing written.

Personas: pia (the user whose view is walked), two other reviewers (olu, oda) and a separate
adjudicator (jo).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from claims.actions import Action, PredictionState, offered_actions, voting_matters
from claims.groups import ADJUDICATORS, CURATORS, REVIEWERS, roles_of
from claims.models import Clarification, Correction, Face, Outcome, Prediction, PredictionLink, Status
from claims.models.outcomes import VOTES
from claims.reviews import State
from claims.services.parts import PartInput, split_prediction
from claims.services.predictions import withdraw_prediction
from claims.services.reviews import (
    adjudicate,
    current_standing,
    record_outcome,
    record_too_early,
    standing_fields,
    undo_verdict,
)
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SpanFactory, user_in
from tests.test_admin_reviews import _form_data
from tests.test_dashboard_prediction import evidence_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

KNOWN = dt.date(2025, 7, 17)  # the window of the predictions below closed on 2025-12-31
ALL = frozenset(Action)


# --- The rule on its own ------------------------------------------------------------------------


def _state(status: str, *, reviewed: bool = True, has_criteria: bool = True) -> PredictionState:
    return PredictionState(status=status, reviewed=reviewed, has_criteria=has_criteria)


def test_a_voter_is_offered_neither_the_decision_nor_the_undo_of_their_round():
    # A superuser holds every role: having voted, they may do neither.
    assert Action.ADJUDICATE not in offered_actions(_state(Status.DISPUTED), ALL, voted=True)
    assert Action.UNDO not in offered_actions(_state(Status.RESOLVED), ALL, voted=True)
    assert Action.ADJUDICATE in offered_actions(_state(Status.DISPUTED), ALL, voted=False)
    assert Action.UNDO in offered_actions(_state(Status.RESOLVED), ALL, voted=False)


def test_only_what_the_permissions_allow_is_offered():
    due = _state(Status.DUE, reviewed=False)
    assert offered_actions(due, ALL, voted=False) == {
        Action.REVIEW,
        Action.TOO_EARLY,
        Action.CLARIFY,
        Action.SPLIT,
        Action.LINK,
    }
    assert offered_actions(due, {Action.REVIEW, Action.TOO_EARLY}, voted=False) == {
        Action.REVIEW,
        Action.TOO_EARLY,
    }
    assert offered_actions(due, frozenset(), voted=False) == frozenset()


def test_a_split_is_offered_before_the_first_review_only_and_a_clarification_on_criteria():
    assert Action.SPLIT in offered_actions(_state(Status.DRAFT, reviewed=False), ALL, voted=False)
    assert Action.SPLIT not in offered_actions(_state(Status.OPEN, reviewed=True), ALL, voted=False)
    assert Action.SPLIT not in offered_actions(_state(Status.SPLIT, reviewed=False), ALL, voted=False)
    assert Action.CLARIFY not in offered_actions(_state(Status.DRAFT, has_criteria=False), ALL, voted=False)


def test_voting_matters_only_to_voters_and_adjudicators_in_a_round():
    curating = {Action.CLARIFY, Action.SPLIT, Action.LINK}
    assert not voting_matters(_state(Status.DUE), curating)
    assert not voting_matters(_state(Status.WITHDRAWN), ALL)
    assert voting_matters(_state(Status.RESOLVED), {Action.UNDO})


# --- The services: nobody who voted in a round undoes its verdict ------------------------------


def test_the_service_refuses_an_undo_by_one_of_the_rounds_voters_and_writes_nothing():
    voter, adjudicator = user_in("vo", REVIEWERS, ADJUDICATORS), user_in("jo", ADJUDICATORS)
    prediction = World.prediction(1)
    World.vote(prediction, voter)
    with pytest.raises(ValidationError) as refused:
        undo_verdict(prediction=prediction, by=voter, reason="I changed my mind.", today=TODAY, now=NOW)
    assert refused.value.message_dict["prediction"] == [
        f"Prediction #{prediction.pk}: You reviewed it in round 1, whose verdict this is: another "
        "adjudicator must undo it."
    ]
    assert prediction.outcomes.count() == 1
    undo_verdict(prediction=prediction, by=adjudicator, reason="The page was a parody.", today=TODAY, now=NOW)
    prediction.refresh_from_db()
    assert (prediction.status, prediction.review_round) == (Status.DUE, 2)


def test_a_record_from_before_the_rule_still_replays_and_takes_new_events():
    """An undo by a voter that was accepted before the rule existed stays on record, and the
    prediction's standing is still what its record gives."""
    voter = user_in("vo", REVIEWERS, ADJUDICATORS)
    prediction = World.prediction(1)
    World.vote(prediction, voter)
    Outcome(prediction=prediction, kind="undo", round=1, note="Before the rule.", reviewer=voter).save()
    # The standing the services stored then (claims.services.reviews.standing_fields).
    standing = current_standing(prediction)
    assert (standing.state, standing.round) == (State.AWAITING, 2)
    Prediction.objects.filter(pk=prediction.pk).update(**standing_fields(standing, prediction, TODAY))
    prediction.refresh_from_db()
    World.vote(prediction, voter)  # round 2 takes votes as usual
    prediction.refresh_from_db()
    assert (prediction.status, prediction.review_round) == (Status.RESOLVED, 2)


# --- The walk -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    groups: tuple[str, ...] = ()
    superuser: bool = False

    def make(self) -> User:
        return user_in("pia", *self.groups, is_staff=True, is_superuser=self.superuser)

    @property
    def reviews(self) -> bool:
        return self.superuser or REVIEWERS in self.groups

    @property
    def adjudicates(self) -> bool:
        return self.superuser or ADJUDICATORS in self.groups


PERSONAS = {
    "staff without a role": Persona(),
    "curator": Persona((CURATORS,)),
    "reviewer": Persona((REVIEWERS,)),
    "adjudicator": Persona((ADJUDICATORS,)),
    "reviewer and adjudicator": Persona((REVIEWERS, ADJUDICATORS)),
    "curator and reviewer": Persona((CURATORS, REVIEWERS)),
    "every group": Persona((CURATORS, REVIEWERS, ADJUDICATORS)),
    "superuser": Persona(superuser=True),
}


class World:
    """The other people of the walk, and how they (or pia) act through the services."""

    def __init__(self, pia: User) -> None:
        self.pia = pia
        self.olu = user_in("olu", REVIEWERS)
        self.oda = user_in("oda", REVIEWERS)
        self.jo = user_in("jo", ADJUDICATORS)

    @staticmethod
    def prediction(required: int, status: str = Status.DUE) -> Prediction:
        """Due since 2025-12-31, anchored (the admin's form and a split need a span), with an
        earlier prediction of its speaker to link to."""
        prediction = SpanFactory(
            prediction=PredictionFactory(status=status, reviewers_required=required)
        ).prediction
        PredictionFactory(speaker=prediction.speaker, said_on=dt.date(2024, 1, 10), horizon_text="2024年")
        return prediction

    @staticmethod
    def vote(prediction: Prediction, user: User, verdict: str = "came_true") -> None:
        record_outcome(
            prediction=prediction,
            reviewer=user,
            verdict=verdict,
            known_on=KNOWN,
            note="Checked.",
            today=TODAY,
            now=NOW,
        )

    def dispute(self, prediction: Prediction, first: User, second: User) -> None:
        self.vote(prediction, first, "came_true")
        self.vote(prediction, second, "came_false")

    def decide(self, prediction: Prediction, adjudicator: User) -> None:
        adjudicate(
            prediction=prediction,
            adjudicator=adjudicator,
            reasoning="Read both.",
            today=TODAY,
            verdict="came_false",
            known_on=KNOWN,
            now=NOW,
        )


def _open(w: World) -> Prediction:
    return w.prediction(1, Status.OPEN)


def _due(w: World) -> Prediction:
    return w.prediction(2)


def _under_way(w: World) -> Prediction:
    prediction = w.prediction(2)
    w.vote(prediction, w.olu)
    return prediction


def _under_way_voted(w: World) -> Prediction:
    prediction = w.prediction(2)
    w.vote(prediction, w.pia)
    return prediction


def _disputed(w: World) -> Prediction:
    prediction = w.prediction(2)
    w.dispute(prediction, w.olu, w.oda)
    return prediction


def _disputed_voted(w: World) -> Prediction:
    prediction = w.prediction(2)
    w.dispute(prediction, w.pia, w.olu)
    return prediction


def _agreed(w: World) -> Prediction:
    prediction = w.prediction(1)
    w.vote(prediction, w.olu)
    return prediction


def _agreed_voted(w: World) -> Prediction:
    prediction = w.prediction(1)
    w.vote(prediction, w.pia)
    return prediction


def _agreed_by_two_voted(w: World) -> Prediction:
    prediction = w.prediction(2)
    w.vote(prediction, w.olu)
    w.vote(prediction, w.pia)
    return prediction


def _adjudicated(w: World) -> Prediction:
    prediction = w.prediction(2)
    w.dispute(prediction, w.olu, w.oda)
    w.decide(prediction, w.jo)
    return prediction


def _adjudicated_voted(w: World) -> Prediction:
    """pia voted, lost the adjudication: pia must not undo it (issue 13)."""
    prediction = w.prediction(2)
    w.dispute(prediction, w.pia, w.olu)
    w.decide(prediction, w.jo)
    return prediction


def _adjudicated_by_pia(w: World) -> Prediction:
    prediction = w.prediction(2)
    w.dispute(prediction, w.olu, w.oda)
    w.decide(prediction, w.pia)
    return prediction


def _too_early_voted(w: World) -> Prediction:
    """pia found it too early in round 1; round 2 is open to everyone, pia included."""
    prediction = w.prediction(1)
    record_too_early(
        prediction=prediction,
        reviewer=w.pia,
        next_look_on=TODAY + dt.timedelta(days=30),
        today=TODAY,
        now=NOW,
    )
    return prediction


def _undone_voted(w: World) -> Prediction:
    prediction = w.prediction(1)
    w.vote(prediction, w.pia)
    undo_verdict(prediction=prediction, by=w.jo, reason="Wrong page.", today=TODAY, now=NOW)
    return prediction


def _withdrawn(w: World) -> Prediction:
    prediction = w.prediction(1, Status.OPEN)
    return withdraw_prediction(by=None, face=Face.API, prediction=prediction, expected_version=None, now=NOW)


def _split(w: World) -> Prediction:
    prediction = w.prediction(1, Status.OPEN)
    split_prediction(
        face=Face.API,
        prediction=prediction,
        parts=[PartInput("一。", "One."), PartInput("二。", "Two.")],
        by=None,
        now=NOW,
    )
    prediction.refresh_from_db()
    return prediction


@dataclass(frozen=True)
class Situation:
    build: Callable[[World], Prediction]
    pia_votes: bool = False  # pia voted: only a user who may review could have
    pia_adjudicates: bool = False


SITUATIONS = {
    "open, unreviewed, 1 reviewer": Situation(_open),
    "due, unreviewed, 2 reviewers": Situation(_due),
    "a round under way": Situation(_under_way),
    "a round under way, pia voted": Situation(_under_way_voted, pia_votes=True),
    "disputed": Situation(_disputed),
    "disputed, pia voted": Situation(_disputed_voted, pia_votes=True),
    "resolved by one reviewer": Situation(_agreed),
    "resolved by pia alone": Situation(_agreed_voted, pia_votes=True),
    "resolved 2/2, pia among them": Situation(_agreed_by_two_voted, pia_votes=True),
    "adjudicated": Situation(_adjudicated),
    "adjudicated against pia's vote": Situation(_adjudicated_voted, pia_votes=True),
    "adjudicated by pia": Situation(_adjudicated_by_pia, pia_adjudicates=True),
    "too early by pia, next round open": Situation(_too_early_voted, pia_votes=True),
    "undone after pia's verdict, next round due": Situation(_undone_voted, pia_votes=True),
    "withdrawn": Situation(_withdrawn),
    "split into parts": Situation(_split),
}

# How each face names the actions: the dashboard's form URLs, the admin's review-desk URLs (or
# the inline of its change page that the button leads to).
DASHBOARD_URLS = {
    Action.REVIEW: "record-outcome",
    Action.TOO_EARLY: "too-early",
    Action.ADJUDICATE: "adjudicate",
    Action.UNDO: "undo",
    Action.CLARIFY: "add-clarification",
    Action.CORRECT: "correct",
    Action.SPLIT: "split",
    Action.LINK: "link",
}
ADMIN_DESK = {
    Action.REVIEW: "review",
    Action.TOO_EARLY: "too_early",
    Action.ADJUDICATE: "adjudicate",
    Action.UNDO: "undo",
    Action.CORRECT: "correct",
    Action.SPLIT: "split",
}
ADMIN_INLINES = {Action.CLARIFY: "clarifications", Action.LINK: "links"}


def _dashboard_offers(client: Client, prediction: Prediction) -> frozenset[Action]:
    html = client.get(reverse("dashboard:prediction", args=[prediction.pk])).content.decode()
    page = reverse("dashboard:prediction", args=[prediction.pk])
    actions = {
        url for url in re.findall(r'<form method="post" action="([^"]+)"', html) if url.startswith(page)
    }
    by_url = {reverse(f"dashboard:{name}", args=[prediction.pk]): a for a, name in DASHBOARD_URLS.items()}
    assert actions <= set(by_url), actions
    return frozenset(by_url[url] for url in actions)


def _admin_offers(page) -> frozenset[Action]:
    if page.status_code == 403:  # no permission to see predictions in the admin at all
        return frozenset()
    html = page.content.decode()
    prediction = page.context["original"]
    buttons = set(re.findall(r'<a href="([^"]+)" class="hindsight-action">', html))
    by_url = {
        reverse(f"admin:claims_prediction_{name}", args=[prediction.pk]): a for a, name in ADMIN_DESK.items()
    } | {f"#{prefix}-group": a for a, prefix in ADMIN_INLINES.items()}
    assert buttons <= set(by_url), buttons
    offered = frozenset(by_url[url] for url in buttons)
    # A button for an inline leads to its form for a new row, and there is none without it.
    assert ('name="clarifications-0-text"' in html) == (Action.CLARIFY in offered)
    assert ('name="links-__prefix__-earlier"' in html) == (Action.LINK in offered)
    return offered


def _inputs(action: Action, prediction: Prediction) -> dict:
    """What a person would fill in for `action` on the prediction: valid for the form."""
    today = TODAY
    return {
        Action.REVIEW: {"verdict": "came_true", "known_on": KNOWN.isoformat(), "note": "Launched."}
        | evidence_rows(),
        Action.TOO_EARLY: {"next_look_on": (today + dt.timedelta(days=400)).isoformat(), "note": "Not yet."},
        Action.ADJUDICATE: {"verdict": "partly_true", "known_on": KNOWN.isoformat(), "reasoning": "Half."}
        | evidence_rows(),
        Action.UNDO: {"reason": "The page was a parody."},
        Action.CLARIFY: {"text": "Weekly use counts."},
        Action.CORRECT: {
            "what_was_wrong": "It is a claim about the present.",
            "statement": prediction.statement,
            "speaker": prediction.speaker_id,
            "kind": "claim" if prediction.kind == "prediction" else "prediction",
            "confidence": prediction.confidence,
            "said_on": prediction.said_on.isoformat(),
            "horizon_text": prediction.horizon_text,
            "due_earliest": prediction.due_earliest.isoformat() if prediction.due_earliest else "",
            "due_latest": prediction.due_latest.isoformat() if prediction.due_latest else "",
        },
        Action.SPLIT: {
            "parts-TOTAL_FORMS": "2",
            "parts-INITIAL_FORMS": "0",
            "parts-0-statement": "代理。",
            "parts-0-resolution_criteria": "Agents used.",
            "parts-1-statement": "明年。",
            "parts-1-resolution_criteria": "Better in 2025.",
        },
        Action.LINK: {
            "earlier": str(
                Prediction.objects.filter(said_on__lt=prediction.said_on).values_list("pk", flat=True).get()
            ),
            "relation": "restatement",
        },
    }[action]


def _admin_change_form(page, action: Action) -> dict:
    """The admin's change form posted back unchanged but for a new clarification or link row."""
    if page.status_code != 200 or not page.context["has_change_permission"]:
        return {}  # a page the user may only view (or not even that): the POST is refused
    data = _form_data(page)
    if action == Action.CLARIFY:
        return data | {"clarifications-TOTAL_FORMS": "1", "clarifications-0-text": "Weekly use counts."}
    row = int(data["links-TOTAL_FORMS"])
    link = {f"links-{row}-{name}": value for name, value in _inputs(action, page.context["original"]).items()}
    return data | link | {"links-TOTAL_FORMS": str(row + 1)}


def _written() -> tuple[int, ...]:
    return (
        Outcome.objects.count(),
        Clarification.objects.count(),
        Correction.objects.count(),
        PredictionLink.objects.count(),
        Prediction.objects.count(),
    )


def _attempt(client: Client, url: str, data: dict) -> tuple[int, bool]:
    """Post, and roll back whatever it wrote: the next attempt starts from the same state."""
    with transaction.atomic():
        before = _written()
        response = client.post(url, data)
        wrote = _written() != before
        transaction.set_rollback(True)
    return response.status_code, wrote


def _cases():
    for situation_name, situation in SITUATIONS.items():
        for persona_name, persona in PERSONAS.items():
            if situation.pia_votes and not persona.reviews:
                continue  # through either face, only a user who may review votes
            if situation.pia_adjudicates and not persona.adjudicates:
                continue
            yield pytest.param(situation, persona, id=f"{situation_name} / {persona_name}")


@pytest.mark.parametrize(("situation", "persona"), list(_cases()))
def test_both_faces_offer_what_the_rule_gives_and_the_services_accept_exactly_that(
    situation: Situation, persona: Persona
):
    pia = persona.make()
    world = World(pia)
    prediction = situation.build(world)
    client = Client()
    client.force_login(pia)

    change_url = reverse("admin:claims_prediction_change", args=[prediction.pk])
    # Every attempt below is rolled back, so this page stays what the user would post back.
    admin_page = client.get(change_url)
    dashboard, admin = _dashboard_offers(client, prediction), _admin_offers(admin_page)
    assert dashboard == admin, f"the dashboard offers {sorted(dashboard)}, the admin {sorted(admin)}"
    state = PredictionState(
        status=prediction.status, reviewed=prediction.outcomes.exists(), has_criteria=True
    )
    voted = prediction.outcomes.filter(round=prediction.review_round, reviewer=pia, kind__in=VOTES).exists()
    assert dashboard == offered_actions(state, roles_of(pia).actions, voted=voted)

    for action in Action:
        offered = action in dashboard
        data = _inputs(action, prediction)
        url = reverse(f"dashboard:{DASHBOARD_URLS[action]}", args=[prediction.pk])
        status, wrote = _attempt(client, url, data)
        assert (status == 302, wrote) == (offered, offered), f"dashboard {action}: {status}"
        assert status in (302, 400, 403), f"dashboard {action}: {status}"

        if action in ADMIN_DESK:
            url = reverse(f"admin:claims_prediction_{ADMIN_DESK[action]}", args=[prediction.pk])
        else:
            url, data = change_url, _admin_change_form(admin_page, action)
        status, wrote = _attempt(client, url, data)
        assert (status == 302, wrote) == (offered, offered), f"admin {action}: {status}"
        assert status in (200, 302, 403), f"admin {action}: {status}"
