"""Every endpoint × method × role: 401 without credentials, 403 without the role, never a 500.

Roles: anonymous, a plain user (reader), a curator, a reviewer, an adjudicator, staff (a
superuser). Reads are public unless API_PUBLIC_READ is off; writes need the curators group
(clarifications, splits and links too); reviews and "too early" need the reviewers group;
adjudication and undo the adjudicators group. 405 means the role may write but the endpoint
does not take that method.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pytest

from claims.services.reviews import record_outcome
from tests.api_helpers import TEXT, a_reviewer, an_adjudicator, anchored, api
from tests.clock import NOW, TODAY
from tests.factories import SourceFactory, SpeakerFactory, TopicFactory

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
