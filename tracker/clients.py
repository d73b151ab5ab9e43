"""Who a request comes from, for every limit that counts per client.

One rule for the API throttles, the page throttle and the login lockout: DRF's, driven by
NUM_PROXIES. With 0 (the default) X-Forwarded-For is ignored and the client is the socket's
peer; with N proxies in front, it is the address the outermost of them saw (the N-th entry of
X-Forwarded-For from the right), which a client cannot choose.
"""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def client_ip(request: HttpRequest) -> str:
    return BaseThrottle().get_ident(request)
