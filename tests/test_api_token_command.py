"""`manage.py api_token issue|revoke USERNAME`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.api_helpers import assert_error

pytestmark = pytest.mark.django_db


def _issue(username: str, *args: str) -> str:
    out = io.StringIO()
    call_command("api_token", "issue", username, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_an_issued_token_authenticates_until_it_is_revoked(settings, client, curator):
    settings.API_PUBLIC_READ = False
    key = _issue(curator.username)
    assert len(key) == 40
    assert client.get("/api/stats/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert _issue(curator.username) == key  # issuing again prints the same key
    call_command("api_token", "revoke", curator.username, stderr=io.StringIO())
    assert_error(client.get("/api/stats/", HTTP_AUTHORIZATION=f"Token {key}"), 401, contains="Invalid token")


def test_rotate_replaces_the_key(curator):
    first = _issue(curator.username)
    second = _issue(curator.username, "--rotate")
    assert first != second


def test_a_token_carries_its_users_role(client, reader, curator):
    response = client.post(
        "/api/sources/",
        {"text": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {_issue(reader.username)}",
    )
    assert response.status_code == 403
    response = client.post(
        "/api/sources/",
        {"text": "一篇文本。"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {_issue(curator.username)}",
    )
    assert response.status_code == 201


def test_an_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        _issue("nobody")
