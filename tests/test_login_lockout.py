"""Guessing passwords at the admin's login page (also the dashboard's "Log in"): django-axes
locks one username from one client out after LOGIN_FAILURE_LIMIT wrong passwords."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.13"


@pytest.fixture(autouse=True)
def _no_page_throttle(settings):
    """The lockout is under test here, not the anonymous page throttle that also guards the page."""
    settings.PAGE_THROTTLE_ANON = "100000/minute"


def log_in(client: Client, username: str, password: str, next_page: str = "/admin/", **extra):
    return client.post(
        f"/admin/login/?next={next_page}",
        {"username": username, "password": password, "next": next_page},
        **extra,
    )


def test_50_wrong_passwords_then_the_right_one_is_refused(staff):
    client = Client(REMOTE_ADDR=ATTACKER)
    codes = [log_in(client, staff.username, f"guess-{n}").status_code for n in range(50)]
    assert codes[:9] == [200] * 9  # the form again, with "Please enter the correct username..."
    assert set(codes[9:]) == {429}  # LOGIN_FAILURE_LIMIT=10: the tenth wrong one locks
    response = log_in(client, staff.username, "pw")
    assert response.status_code == 429
    text = response.content.decode()
    assert (
        "Login locked" in text
        and "for the next 15 minutes" in text
        and "even with the right password" in text
    )
    assert "_auth_user_id" not in client.session


def test_the_dashboard_login_is_locked_the_same_way(settings, reviewer):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(3):
        log_in(client, reviewer.username, "wrong", next_page="/predictions/")
    assert log_in(client, reviewer.username, "pw", next_page="/predictions/").status_code == 429


def test_the_lock_is_per_username_and_client(settings, staff, reviewer):
    settings.AXES_FAILURE_LIMIT = 3
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(3):
        log_in(attacker, staff.username, "wrong")
    # The same user from their own address logs in; so does another user from the attacker's.
    assert log_in(Client(REMOTE_ADDR="198.51.100.20"), staff.username, "pw").status_code == 302
    assert log_in(Client(REMOTE_ADDR=ATTACKER), reviewer.username, "pw").status_code == 302
    # A rotating X-Forwarded-For is not another client (NUM_PROXIES=0).
    response = log_in(attacker, staff.username, "pw", HTTP_X_FORWARDED_FOR="198.51.100.21")
    assert response.status_code == 429


def test_a_right_password_before_the_limit_resets_the_count(settings, staff):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(2):
        log_in(client, staff.username, "wrong")
    assert log_in(client, staff.username, "pw").status_code == 302
    client.logout()
    for _ in range(2):
        log_in(client, staff.username, "wrong")
    assert log_in(client, staff.username, "pw").status_code == 302


def test_the_lock_lifts_after_the_cool_off(settings, staff):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(3):
        log_in(client, staff.username, "wrong")
    assert log_in(client, staff.username, "pw").status_code == 429
    # Fourteen minutes later (the failures' time moved back, not the clock): still locked.
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=14))
    assert log_in(client, staff.username, "pw").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert log_in(client, staff.username, "pw").status_code == 302


@pytest.mark.redis
def test_with_a_redis_cache_the_counters_live_in_redis(settings, staff):
    """What every web process shares when CACHE_URL is set."""
    import redis

    prefix = f"hindsight-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.CELERY_BROKER_URL,
            "KEY_PREFIX": prefix,
        }
    }
    # After CACHES: axes makes its handler anew when AXES_HANDLER changes, with the cache then set.
    settings.AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    settings.AXES_FAILURE_LIMIT = 3
    store = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        client = Client(REMOTE_ADDR=ATTACKER)
        for _ in range(3):
            log_in(client, staff.username, "wrong")
        assert log_in(client, staff.username, "pw").status_code == 429
        assert store.keys(f"{prefix}:*"), "the lockout counter is not in Redis"
    finally:
        for key in store.scan_iter(f"{prefix}:*"):
            store.delete(key)
        store.close()


def test_with_the_counters_redis_down_no_login_gets_through_unchecked(settings, staff):
    """Unlike the throttles, the lockout fails closed: a login it cannot check is an error."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    from tests.test_health import dead_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{dead_port()}/0",
        }
    }
    settings.AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    client = Client(REMOTE_ADDR=ATTACKER)
    with pytest.raises(RedisConnectionError):
        log_in(client, staff.username, "pw")
    assert "_auth_user_id" not in client.session
