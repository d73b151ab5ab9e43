"""`/healthz` and `/readyz`, as a load balancer or an orchestrator probes them."""

from __future__ import annotations

import socket

import pytest
from django.db import OperationalError, connection


def dead_port() -> int:
    """A local port nobody listens on (bound and released, so nothing else took it meanwhile)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_without_the_database_a_host_check_or_https(client, settings):
    # No django_db mark: a query here would fail the test.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="192.0.2.10")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_checks_the_database(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_readyz_is_503_naming_the_database_when_it_does_not_answer(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/readyz", HTTP_HOST="192.0.2.10")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["database"] and body["status"] == "unavailable"
    assert body["detail"] == "Not ready: database down."
    assert "connection refused" not in response.content.decode()  # the reason goes to the log


@pytest.mark.django_db
def test_readyz_is_503_naming_the_broker_when_it_is_configured_and_down(client, settings, caplog):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{dead_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "down"}
    assert "readyz: broker is down" in caplog.text


@pytest.mark.django_db
def test_readyz_is_503_naming_the_cache_when_redis_is_configured_and_down(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.CACHE_URL = f"redis://127.0.0.1:{dead_port()}/0"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": settings.CACHE_URL}
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]


@pytest.mark.redis
@pytest.mark.django_db
def test_readyz_is_200_with_a_reachable_broker(client, settings):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}
