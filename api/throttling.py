"""Request rates per client, read from settings on every request.

DRF's own throttles copy the rates once, at import; reading API_THROTTLE_ANON/API_THROTTLE_USER
each time lets a deployment (or a test) change them without a restart of the import machinery.
Clients are told apart by address as tracker/clients.py says (NUM_PROXIES), and counted in the
default cache, shared by every process when CACHE_URL is set.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    """Clients without credentials, counted per IP address."""

    def get_rate(self) -> str:
        return settings.API_THROTTLE_ANON


class UserThrottle(UserRateThrottle):
    """Authenticated clients, counted per user whatever their address."""

    def get_rate(self) -> str:
        return settings.API_THROTTLE_USER


class BadTokenThrottle(SimpleRateThrottle):
    """Wrong tokens per client address (api/authentication.py): checked before a token is looked
    up, counted only when it turns out wrong."""

    scope = "bad_token"

    def __init__(self, request: Request) -> None:
        super().__init__()
        self.key = self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]

    def get_rate(self) -> str:
        return settings.API_THROTTLE_BAD_TOKEN

    def blocked(self) -> bool:
        return len(self.history) >= self.num_requests

    def record_failure(self) -> None:
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
