"""Token authentication that stops answering a client who keeps sending wrong tokens.

DRF checks credentials before any throttle runs, so a wrong token is refused with 401 and never
counted: without this, tokens can be guessed as fast as the server answers. Past
API_THROTTLE_BAD_TOKEN wrong tokens from one client address, every token from that address, right
or wrong, gets 429 until the window has passed; nothing is looked up meanwhile.
"""

from __future__ import annotations

import math

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api.throttling import BadTokenThrottle


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # no token: the other authenticators and the anonymous throttle apply
        throttle = BadTokenThrottle(request)
        if throttle.blocked():
            wait = max(1, math.ceil(throttle.wait() or 1))
            raise exceptions.Throttled(
                wait=wait,
                detail=f"Too many invalid tokens from your address: try again in {wait} seconds.",
            )
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record_failure()
            raise
