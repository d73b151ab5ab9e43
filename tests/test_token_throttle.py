"""Guessing API tokens: a client that keeps sending wrong ones meets 429, whatever it sends next."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api_helpers import assert_error

pytestmark = pytest.mark.django_db

GUESSER = "203.0.113.66"


def with_token(key: str, address: str = GUESSER) -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_150_invalid_tokens_meet_a_429_after_the_limit(settings):
    assert settings.API_THROTTLE_BAD_TOKEN == "20/minute"  # the documented default
    codes = [with_token(f"{n:040x}").get("/api/predictions/").status_code for n in range(150)]
    assert codes[:20] == [401] * 20
    assert set(codes[20:]) == {429}
    response = with_token("f" * 40).get("/api/predictions/")
    body = assert_error(response, 429, contains="Too many invalid tokens from your address")
    assert body["errors"] == {}
    assert 0 < int(response["Retry-After"]) <= 60


def test_a_blocked_client_is_refused_even_with_a_valid_token_so_guessing_stops(settings, curator):
    settings.API_THROTTLE_BAD_TOKEN = "3/minute"
    for n in range(3):
        assert with_token(f"wrong{n}").get("/api/predictions/").status_code == 401
    key = Token.objects.create(user=curator).key
    assert with_token(key).get("/api/predictions/").status_code == 429
    # Another client with the same token, and the blocked client without one, are not affected.
    assert with_token(key, address="198.51.100.7").get("/api/predictions/").status_code == 200
    assert APIClient(REMOTE_ADDR=GUESSER).get("/api/predictions/").status_code == 200


def test_valid_tokens_and_malformed_headers(settings, curator):
    settings.API_THROTTLE_BAD_TOKEN = "2/minute"
    key = Token.objects.create(user=curator).key
    # Right tokens are never counted.
    assert [with_token(key).get("/api/predictions/").status_code for _ in range(5)] == [200] * 5
    # A header that is not even a token counts as a wrong one.
    client = APIClient(REMOTE_ADDR=GUESSER)
    client.credentials(HTTP_AUTHORIZATION="Token")
    assert [client.get("/api/predictions/").status_code for _ in range(3)] == [401, 401, 429]


def test_rotating_x_forwarded_for_does_not_reset_the_count_without_a_proxy(settings):
    settings.API_THROTTLE_BAD_TOKEN = "3/minute"
    client = with_token("wrong")
    codes = [
        client.get("/api/predictions/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)
    ]
    assert codes == [401, 401, 401, 429, 429]
