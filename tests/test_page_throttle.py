"""Anonymous floods of the dashboard (and the admin's login page) get 429; readers who log in do not."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PredictionFactory
from tests.test_health import dead_port

pytestmark = pytest.mark.django_db


def test_an_anonymous_flood_of_dashboard_pages_gets_429_with_retry_after(settings):
    settings.PAGE_THROTTLE_ANON = "5/minute"
    prediction = PredictionFactory()
    client = Client(REMOTE_ADDR="203.0.113.8")
    pages = ["/", "/predictions/", f"/predictions/{prediction.pk}/", "/predictions/?q=AGI", "/"]
    assert [client.get(page).status_code for page in pages] == [200] * 5
    response = client.get(f"/predictions/{prediction.pk}/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    text = response.content.decode()
    assert "Too many requests" in text and "logged-in users are not limited" in text
    # Another reader is not held up by this one.
    assert Client(REMOTE_ADDR="198.51.100.8").get("/").status_code == 200


def test_the_admin_login_page_counts_too(settings):
    settings.PAGE_THROTTLE_ANON = "2/minute"
    client = Client(REMOTE_ADDR="203.0.113.8")
    codes = [client.get("/admin/login/").status_code for _ in range(2)]
    codes.append(client.post("/admin/login/", {"username": "x", "password": "y"}).status_code)
    assert codes == [200, 200, 429]


def test_logged_in_users_are_not_throttled(settings, reviewer):
    settings.PAGE_THROTTLE_ANON = "2/minute"
    client = Client(REMOTE_ADDR="203.0.113.8")
    client.force_login(reviewer)
    assert [client.get("/").status_code for _ in range(5)] == [200] * 5


def test_the_api_keeps_its_own_throttles(settings):
    settings.PAGE_THROTTLE_ANON = "1/minute"
    settings.API_THROTTLE_ANON = "3/minute"
    client = Client(REMOTE_ADDR="203.0.113.8")
    assert [client.get("/api/stats/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get("/").status_code == 200  # the API requests did not use up the page budget


def test_with_the_counters_redis_down_pages_and_the_api_still_answer(settings, caplog):
    """The limits wait for Redis; readers do not (and /readyz names the cache as down)."""
    settings.PAGE_THROTTLE_ANON = settings.API_THROTTLE_ANON = "1/minute"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{dead_port()}/0",
        }
    }
    client = Client(REMOTE_ADDR="203.0.113.8")
    assert [client.get("/").status_code for _ in range(2)] == [200, 200]
    assert [client.get("/api/stats/").status_code for _ in range(2)] == [200, 200]
    assert "AnonymousPageThrottle: not counting, the cache is down" in caplog.text
    assert "AnonThrottle: not counting, the cache is down" in caplog.text
