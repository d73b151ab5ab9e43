"""Request rates per client, read from settings on every request.

DRF's own throttles copy the rates once, at import; reading API_THROTTLE_ANON/API_THROTTLE_USER
each time lets a deployment (or a test) change them without a restart of the import machinery.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    """Clients without credentials, counted per IP address."""

    def get_rate(self) -> str:
        return settings.API_THROTTLE_ANON


class UserThrottle(UserRateThrottle):
    """Authenticated clients, counted per user whatever their address."""

    def get_rate(self) -> str:
        return settings.API_THROTTLE_USER
