"""Every endpoint × method × role: 401 without credentials, 403 without the permission, never a 500.

Roles: anonymous, a plain user (reader), a curator, a reviewer, an adjudicator, staff (a
superuser). Reads are public unless API_PUBLIC_READ is off; writes need the permission of what
they write, which the role groups carry: the curators' model permissions (clarifications,
splits and links too); reviews and "too early" claims.review_prediction (reviewers);
adjudication claims.adjudicate_prediction and undo claims.undo_verdict (adjudicators). 405 means
the role may write but the endpoint does not take that method. Then: a user with several roles
(every superuser) who voted in a round neither adjudicates it nor undoes its verdict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pytest
from django.contrib.auth.models import Permission

from claims.groups import ADJUDICATORS, REVIEWERS
from claims.models import Outcome
from claims.services.reviews import record_outcome
from tests.api_helpers import TEXT, a_reviewer, an_adjudicator, anchored, api, assert_error
from tests.clock import NOW, TODAY
from tests.factories import SourceFactory, SpeakerFactory, TopicFactory, user_in

# The API reads the clock: stopped on tests.clock.TODAY, the day these tests review on.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ROLES = ["anonymous", "reader", "curator", "reviewer", "adjudicator", "staff"]


@dataclass
class World:
    prediction: Any
    source: Any
    spare_source: Any
    speaker: Any
    topic: Any

    # Made on first use, so that the hundreds of read checks do not pay for them.

    @cached_property
    def earlier(self) -> Any:
        """Said before `prediction` by the same speaker: a link target."""
        source = SourceFactory(text=TEXT + "\n", said_on=dt.date(2024, 9, 1))
        return anchored(source=source, speaker=self.speaker)

    @cached_property
    def disputed(self) -> Any:
        """Two reviewers (neither of the roles checked) disagreed on it."""
        disputed = anchored(source=self.source, speaker=self.speaker, reviewers_required=2)
        self._judge(disputed, "w-one", "came_true")
        self._judge(disputed, "w-two", "came_false")
        return disputed

    @cached_property
    def resolved(self) -> Any:
        resolved = anchored(source=self.source, speaker=self.speaker)
        self._judge(resolved, "w-three", "came_true")
        return resolved

    @staticmethod
    def _judge(prediction: Any, username: str, verdict: str) -> None:
        record_outcome(
            prediction=prediction,
            reviewer=a_reviewer(username),
            verdict=verdict,
            known_on=dt.date(2025, 7, 17),
            note="n",
            today=TODAY,
            now=NOW,
        )


@pytest.fixture
def world() -> World:
    source = SourceFactory(text=TEXT, said_on=dt.date(2024, 10, 1))
    speaker = SpeakerFactory(name="Sam Altman")
    topic = TopicFactory(slug="agents")
    prediction = anchored(source=source, speaker=speaker, topics=(topic,))
    return World(prediction, source, SourceFactory(text="未锚定的文本。"), speaker, topic)


@pytest.fixture
def users(curator, reader, reviewer, staff) -> dict[str, Any]:
    return {
        "anonymous": None,
        "reader": reader,
        "curator": curator,
        "reviewer": reviewer,
        "adjudicator": an_adjudicator(),
        "staff": staff,
    }


Path = Callable[[World], str]
Body = Callable[[World], dict | None]


@dataclass(frozen=True)
class Case:
    method: str
    path: Path
    body: Body = lambda w: None  # noqa: E731
    headers: dict[str, str] | None = None

    def call(self, user, w: World):
        client = api(user)
        return getattr(client, self.method.lower())(
            self.path(w), self.body(w), format="json", **(self.headers or {})
        )


def _prediction_body(w: World) -> dict:
    return {
        "statement": "AGI will arrive within five years.",
        "speaker": w.speaker.pk,
        "horizon_text": "within five years",
        "resolution_criteria": "Came true if AGI was generally available by 2029-10-01.",
        "spans": [{"source": w.source.pk, "quote": "AGI will arrive within five years."}],
        "version": 1,
    }


def _source_body(w: World) -> dict:
    return {"title": "New", "text": "一篇新的文本。"}


P = lambda w: f"/api/predictions/{w.prediction.pk}/"  # noqa: E731
S = lambda w: f"/api/sources/{w.spare_source.pk}/"  # noqa: E731

READS = {
    "api root": lambda w: "/api/",
    "prediction list": lambda w: "/api/predictions/",
    "prediction detail": P,
    "outcome history": lambda w: P(w) + "outcomes/",
    "disputed outcome history": lambda w: f"/api/predictions/{w.disputed.pk}/outcomes/",
    "clarifications": lambda w: P(w) + "clarifications/",
    "lineage": lambda w: P(w) + "lineage/",
    "annotations": lambda w: P(w) + "annotations/",
    "csv export": lambda w: "/api/predictions/export.csv",
    "jsonl export": lambda w: "/api/predictions/export.jsonl",
    "source list": lambda w: "/api/sources/",
    "source detail": lambda w: f"/api/sources/{w.source.pk}/",
    "speaker list": lambda w: "/api/speakers/",
    "speaker detail": lambda w: f"/api/speakers/{w.speaker.pk}/",
    "topic list": lambda w: "/api/topics/",
    "topic detail": lambda w: f"/api/topics/{w.topic.slug}/",
    "stats": lambda w: "/api/stats/",
}
DOCS = {"schema": "/api/schema/", "swagger ui": "/api/docs/", "redoc": "/api/redoc/"}

CURATE = {
    "anonymous": 401,
    "reader": 403,
    "curator": None,
    "reviewer": 403,
    "adjudicator": 403,
    "staff": None,
}
REVIEW = {
    "anonymous": 401,
    "reader": 403,
    "curator": 403,
    "reviewer": None,
    "adjudicator": 403,
    "staff": None,
}
ADJUDICATE = {
    "anonymous": 401,
    "reader": 403,
    "curator": 403,
    "reviewer": 403,
    "adjudicator": None,
    "staff": None,
}


def _expect(rule: dict[str, int | None], ok: int) -> dict[str, int]:
    return {role: ok if code is None else code for role, code in rule.items()}


WRITES: dict[str, tuple[Case, dict[str, int]]] = {
    "create prediction": (
        Case("POST", lambda w: "/api/predictions/", _prediction_body),
        _expect(CURATE, 201),
    ),
    "replace prediction": (Case("PUT", P, _prediction_body), _expect(CURATE, 200)),
    "change prediction": (
        Case("PATCH", P, lambda w: {"statement_en": "x"}, {"HTTP_IF_MATCH": '"1"'}),
        _expect(CURATE, 200),
    ),
    "delete prediction": (Case("DELETE", P), _expect(CURATE, 405)),
    "withdraw prediction": (
        Case("POST", lambda w: P(w) + "withdraw/", lambda w: {"version": 1}),
        _expect(CURATE, 200),
    ),
    "record outcome": (
        Case(
            "POST",
            lambda w: P(w) + "outcomes/",
            lambda w: {"verdict": "came_true", "known_on": "2025-07-17", "note": "launched"},
        ),
        _expect(REVIEW, 201),
    ),
    "delete outcomes": (Case("DELETE", lambda w: P(w) + "outcomes/"), _expect(REVIEW, 405)),
    "too early": (
        Case(
            "POST",
            lambda w: P(w) + "too-early/",
            lambda w: {"next_look_on": (TODAY + dt.timedelta(days=30)).isoformat()},
        ),
        _expect(REVIEW, 201),
    ),
    # Reading is open to all, so every role hears that the route does not take GET.
    "get too early": (Case("GET", lambda w: P(w) + "too-early/"), dict.fromkeys(ROLES, 405)),
    "adjudicate": (
        Case(
            "POST",
            lambda w: f"/api/predictions/{w.disputed.pk}/adjudication/",
            lambda w: {"verdict": "partly_true", "known_on": "2025-07-17", "reasoning": "Both half right."},
        ),
        _expect(ADJUDICATE, 201),
    ),
    "undo": (
        Case(
            "POST", lambda w: f"/api/predictions/{w.resolved.pk}/undo/", lambda w: {"reason": "Wrong page."}
        ),
        _expect(ADJUDICATE, 201),
    ),
    "delete undo": (
        Case("DELETE", lambda w: f"/api/predictions/{w.resolved.pk}/undo/"),
        _expect(ADJUDICATE, 405),
    ),
    "clarify": (
        Case("POST", lambda w: P(w) + "clarifications/", lambda w: {"text": "Millions: weekly users."}),
        _expect(CURATE, 201),
    ),
    "split": (
        Case(
            "POST",
            lambda w: P(w) + "split/",
            lambda w: {
                "parts": [
                    {
                        "statement": "代理会被大规模使用。",
                        "resolution_criteria": "Came true if used at scale.",
                    },
                    {"statement": "明年会更好。", "resolution_criteria": "Came true if 2026 beat 2025."},
                ]
            },
        ),
        _expect(CURATE, 201),
    ),
    "link": (
        Case(
            "POST", lambda w: P(w) + "links/", lambda w: {"earlier": w.earlier.pk, "relation": "restatement"}
        ),
        _expect(CURATE, 201),
    ),
    "post lineage": (Case("POST", lambda w: P(w) + "lineage/"), _expect(CURATE, 405)),
    "post annotations": (Case("POST", lambda w: P(w) + "annotations/"), _expect(CURATE, 405)),
    "post csv export": (Case("POST", lambda w: "/api/predictions/export.csv"), _expect(CURATE, 405)),
    "post jsonl export": (Case("POST", lambda w: "/api/predictions/export.jsonl"), _expect(CURATE, 405)),
    "create source": (Case("POST", lambda w: "/api/sources/", _source_body), _expect(CURATE, 201)),
    "replace source": (
        Case("PUT", S, lambda w: {"title": "Renamed", "text": "未锚定的文本。"}),
        _expect(CURATE, 200),
    ),
    "change source": (Case("PATCH", S, lambda w: {"title": "Renamed"}), _expect(CURATE, 200)),
    "delete source": (Case("DELETE", S), _expect(CURATE, 405)),
    "create speaker": (
        Case("POST", lambda w: "/api/speakers/", lambda w: {"name": "X"}),
        _expect(CURATE, 405),
    ),
    "change speaker": (
        Case("PATCH", lambda w: f"/api/speakers/{w.speaker.pk}/", lambda w: {"name": "X"}),
        _expect(CURATE, 405),
    ),
    "create topic": (Case("POST", lambda w: "/api/topics/", lambda w: {"slug": "x"}), _expect(CURATE, 405)),
    "post stats": (Case("POST", lambda w: "/api/stats/"), _expect(CURATE, 405)),
}


def _check_shape(response, expected: int) -> None:
    assert response.status_code == expected, (response.status_code, response.content[:300])
    if expected >= 400:
        body = response.json()
        assert set(body) == {"detail", "errors"} and body["detail"], body
    if expected == 401:
        assert response["WWW-Authenticate"] == "Token"


def _read(user, method: str, path: str):
    response = getattr(api(user), method.lower())(path)
    if method == "HEAD":
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body == b""  # headers only
    return response


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
@pytest.mark.parametrize("endpoint", list(READS))
def test_reads_are_public_by_default(world, users, endpoint, method, role):
    response = _read(users[role], method, READS[endpoint](world))
    _check_shape(response, 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
@pytest.mark.parametrize("endpoint", list(READS))
def test_reads_need_credentials_when_public_reading_is_off(settings, world, users, endpoint, method, role):
    settings.API_PUBLIC_READ = False
    response = _read(users[role], method, READS[endpoint](world))
    if method == "HEAD" and role == "anonymous":
        assert response.status_code == 401
        return
    _check_shape(response, 401 if role == "anonymous" else 200)


@pytest.mark.parametrize("public", [True, False])
@pytest.mark.parametrize("page", list(DOCS))
def test_the_schema_and_its_viewers_are_always_public(settings, page, public):
    settings.API_PUBLIC_READ = public
    assert api().get(DOCS[page]).status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(WRITES))
def test_writes_need_the_right_group(world, users, action, role):
    case, expected = WRITES[action]
    response = case.call(users[role], world)
    _check_shape(response, expected[role])


# --- Several roles at once: nobody who voted in a round adjudicates it or undoes its verdict ------


def _decide(client, prediction, **decision) -> Any:
    body = {"verdict": "came_false", "known_on": "2025-07-17", "reasoning": "Read both reviews."} | decision
    return client.post(f"/api/predictions/{prediction.pk}/adjudication/", body, format="json")


@pytest.mark.parametrize("persona", ["superuser", "reviewer and adjudicator"])
def test_a_voter_with_every_role_neither_adjudicates_nor_undoes_their_round(staff, persona):
    """Issue 13: a superuser (or anyone with both roles) votes, loses the adjudication, and may
    then neither have decided it nor undo the verdict; each refusal says why, nothing is written."""

    both = staff if persona == "superuser" else user_in("bo-both", REVIEWERS, ADJUDICATORS, is_staff=True)
    prediction = anchored(reviewers_required=2)
    vote = {"verdict": "came_true", "known_on": "2025-07-17", "note": "It launched."}
    assert (
        api(both).post(f"/api/predictions/{prediction.pk}/outcomes/", vote, format="json").status_code == 201
    )
    other = a_reviewer("vic-reviewer")
    vote = vote | {"verdict": "came_false"}
    assert (
        api(other).post(f"/api/predictions/{prediction.pk}/outcomes/", vote, format="json").status_code == 201
    )

    body = assert_error(_decide(api(both), prediction), 409, field="prediction")
    assert body["errors"]["prediction"] == [
        f"Prediction #{prediction.pk}: An adjudicator must not be one of the reviewers who disagreed."
    ]
    assert _decide(api(an_adjudicator()), prediction).status_code == 201

    undo = {"reason": "I disagree with the adjudication."}
    body = assert_error(
        api(both).post(f"/api/predictions/{prediction.pk}/undo/", undo, format="json"),
        409,
        field="prediction",
    )
    assert body["errors"]["prediction"] == [
        f"Prediction #{prediction.pk}: You reviewed it in round 1, whose verdict this is: another "
        "adjudicator must undo it."
    ]
    assert Outcome.objects.filter(prediction=prediction).count() == 3  # two votes, the decision
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.review_round) == ("resolved", "came_false", 1)


def test_an_agreed_verdict_is_undone_by_an_adjudicator_who_did_not_vote_in_its_round(staff):
    prediction = anchored()
    vote = {"verdict": "came_true", "known_on": "2025-07-17", "note": "It launched."}
    assert (
        api(staff).post(f"/api/predictions/{prediction.pk}/outcomes/", vote, format="json").status_code == 201
    )
    undo = {"reason": "The launch page was a parody."}
    url = f"/api/predictions/{prediction.pk}/undo/"
    assert_error(api(staff).post(url, undo, format="json"), 409, contains="another adjudicator must undo it")
    assert api(an_adjudicator()).post(url, undo, format="json").status_code == 201
    # The next round: the superuser may vote again.
    assert (
        api(staff).post(f"/api/predictions/{prediction.pk}/outcomes/", vote, format="json").status_code == 201
    )


def test_a_missing_permission_is_refused_with_403_naming_it(reviewer):
    prediction = anchored()
    record_outcome(
        prediction=prediction,
        reviewer=a_reviewer("w-four"),
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        note="n",
        today=TODAY,
        now=NOW,
    )
    body = assert_error(
        api(reviewer).post(f"/api/predictions/{prediction.pk}/undo/", {"reason": "x"}, format="json"), 403
    )
    assert "claims.undo_verdict" in body["detail"] and "adjudicators group" in body["detail"]


def test_a_permission_given_to_a_user_directly_counts_like_the_group(reader):
    """One authorization model: the checks ask for permissions, however the user holds them."""
    prediction = anchored()
    vote = {"verdict": "came_true", "known_on": "2025-07-17", "note": "It launched."}
    url = f"/api/predictions/{prediction.pk}/outcomes/"
    assert api(reader).post(url, vote, format="json").status_code == 403
    reader.user_permissions.add(Permission.objects.get(codename="review_prediction"))
    assert api(reader).post(url, vote, format="json").status_code == 201
