"""Shared by the tests/test_api_*.py modules: clients per persona and anchored predictions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.groups import ADJUDICATORS, REVIEWERS
from claims.models import Prediction, Source, Speaker, Topic
from claims.services.predictions import SpanInput, create_prediction
from tests.factories import SourceFactory, SpeakerFactory, user_in

# Two sentences said twice, and one each of Simplified, Traditional and English text.
TEXT = (
    "主持人：明年呢？\n"
    "Sam Altman：我认为2025年将是代理之年。明年会更好。他说：明年会更好。\n"
    "黃仁勳：未來十年，記憶體需求會增長十倍。\n"
    "Altman: AGI will arrive within five years.\n"
)


def api(user=None) -> APIClient:
    """A client authenticated with `user`'s token (anonymous for None)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


CRITERIA = "Came true if AI agents were in everyday use by millions of people by 2025-12-31."


def anchored(
    quote: str = "我认为2025年将是代理之年。",
    *,
    source: Source | None = None,
    speaker: Speaker | None = None,
    topics: tuple[Topic, ...] = (),
    prefix: str | None = None,
    **fields: Any,
) -> Prediction:
    """A prediction made through the service, anchored to `quote` in `source` (a TEXT source)."""
    source = source or SourceFactory(text=TEXT, said_on=dt.date(2024, 10, 1))
    fields.setdefault("statement", quote)
    fields.setdefault("horizon_text", "2025年")
    fields.setdefault("resolution_criteria", CRITERIA)
    return create_prediction(
        speaker=speaker or SpeakerFactory(name="Sam Altman"),
        spans=[SpanInput(source=source, quote=quote, prefix=prefix)],
        topics=topics,
        **fields,
    )


def results(response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> list[int]:
    return [row["id"] for row in results(response)]


def assert_error(response, status: int, *, field: str | None = None, contains: str = "") -> dict:
    """The response is the one error shape, with `status`, optionally naming `field`."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"], body
    assert isinstance(body["errors"], dict)
    if field is not None:
        assert field in body["errors"], body
        assert all(isinstance(m, str) for m in body["errors"][field])
    if contains:
        text = body["detail"] + " " + " ".join(m for ms in body["errors"].values() for m in ms)
        assert contains in text, body
    return body


def a_reviewer(username: str) -> User:
    return user_in(username, REVIEWERS, is_staff=True)


def an_adjudicator(username: str = "ada-adjudicator") -> User:
    return user_in(username, ADJUDICATORS, is_staff=True)
