"""`GET /healthz` (the process answers) and `GET /readyz` (it can do its work), for probes.

Answered by the first middleware, before host validation, the HTTPS redirect, sessions and
throttles: a load balancer probes over plain HTTP, by IP address, many times a minute.
/readyz checks the database, the Celery broker when CELERY_BROKER_URL is set and the cache when
it is Redis (CACHE_URL); each check is bounded by a few seconds' timeout. A failing check is
named in the 503's JSON body, with the reason in the log rather than in the public answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    from tracker.celery import app

    # The URL read now, not the app's copy from startup, so a test can point it elsewhere.
    with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)


def check_cache() -> None:
    cache.get("readyz")


def readiness_checks() -> dict[str, Callable[[], None]]:
    checks = {"database": check_database}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = check_broker
    if settings.CACHE_URL:
        checks["cache"] = check_cache
    return checks


def readiness() -> tuple[bool, dict[str, str]]:
    """Run every check; ("ok" | "down") by name, and whether all passed."""
    results: dict[str, str] = {}
    for name, check in readiness_checks().items():
        try:
            check()
        except Exception as exc:  # any failure means "not ready", whatever raised it
            logger.warning("readyz: %s is down: %s: %s", name, type(exc).__name__, exc)
            results[name] = "down"
        else:
            results[name] = "ok"
    return all(result == "ok" for result in results.values()), results


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    ready, checks = readiness()
    if ready:
        return JsonResponse({"status": "ok", "checks": checks})
    down = [name for name, result in checks.items() if result != "ok"]
    body = {
        "status": "unavailable",
        "detail": f"Not ready: {', '.join(down)} down.",
        "down": down,
        "checks": checks,
    }
    return JsonResponse(body, status=503)


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info.rstrip("/"))
        if probe is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        response = probe(request)
        response["Cache-Control"] = "no-store"
        return response
