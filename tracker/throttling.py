"""Anonymous floods of the dashboard and admin pages get 429, counted per client address.

The API has its own throttles (api/throttling.py); this is the same DRF throttle, with the limit
PAGE_THROTTLE_ANON, counting in the shared cache (and letting pages through while its Redis is
down). Logged-in users are not limited.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle

from api.throttling import FailOpen


class AnonymousPageThrottle(FailOpen, SimpleRateThrottle):
    scope = "page_anon"

    def get_rate(self) -> str:
        # Read per request, like the API's, so a deployment or a test can change it.
        return settings.PAGE_THROTTLE_ANON

    def get_cache_key(self, request: HttpRequest, view: Any) -> str | None:
        if request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AnonymousPageThrottleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict):
        if request.path_info.startswith("/api/"):
            return None
        throttle = AnonymousPageThrottle()
        if throttle.allow_request(request, None):
            return None
        wait = max(1, math.ceil(throttle.wait() or 1))
        response = render(request, "429.html", {"wait": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
