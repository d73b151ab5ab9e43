"""Request rates per client, read from settings on every request.

DRF's own throttles copy the rates once, at import; reading API_THROTTLE_ANON/API_THROTTLE_USER
each time lets a deployment (or a test) change them without a restart of the import machinery.
Clients are told apart by address as tracker/clients.py says (NUM_PROXIES), and counted in the
default cache, shared by every process when CACHE_URL is set.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


class FailOpen(SimpleRateThrottle):
    """With the counters' Redis down, requests go through unthrottled and a warning is logged:
    the limits wait for Redis, the site does not (/readyz reports the cache as down)."""

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except RedisError as exc:
            logger.warning("%s: not counting, the cache is down: %s", type(self).__name__, exc)
            return True


class AnonThrottle(FailOpen, AnonRateThrottle):
    """Clients without credentials, counted per IP address."""

    def get_rate(self) -> str:
        return settings.API_THROTTLE_ANON


class UserThrottle(FailOpen, UserRateThrottle):
    """Authenticated clients, counted per user whatever their address."""

    def get_rate(self) -> str:
        return settings.API_THROTTLE_USER


class BadTokenThrottle(SimpleRateThrottle):
    """Wrong tokens per client address (api/authentication.py): checked before a token is looked
    up, counted only when it turns out wrong."""

    scope = "bad_token"
    # Set by SimpleRateThrottle.__init__ from the rate; the stubs leave them out.
    num_requests: int
    duration: int

    def __init__(self, request: Request) -> None:
        super().__init__()
        self.key = self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        self.now = self.timer()
        try:
            self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        except RedisError as exc:  # fail open, as the other throttles do
            logger.warning("BadTokenThrottle: not counting, the cache is down: %s", exc)
            self.history, self.key = [], None

    def get_rate(self) -> str:
        return settings.API_THROTTLE_BAD_TOKEN

    def blocked(self) -> bool:
        return len(self.history) >= self.num_requests

    def record_failure(self) -> None:
        if self.key is None:
            return
        self.history.insert(0, self.now)
        try:
            self.cache.set(self.key, self.history, self.duration)
        except RedisError as exc:
            logger.warning("BadTokenThrottle: not counting, the cache is down: %s", exc)
