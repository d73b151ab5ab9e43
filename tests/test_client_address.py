"""Who a client is, for every per-client limit: X-Forwarded-For is believed only behind a proxy.

NUM_PROXIES=0 (the default): the address is the connection's peer, so a client rotating its own
X-Forwarded-For is still one client. NUM_PROXIES=1: the address the proxy appended, so the
clients behind one proxy are told apart, and an entry a client wrote itself is ignored.
"""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from tracker.clients import client_ip

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


def behind_proxies(settings, count: int) -> None:
    settings.NUM_PROXIES = count
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}


def test_without_a_proxy_the_address_is_the_peer_whatever_the_header_says(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "203.0.113.5"
    behind_proxies(settings, 1)
    assert client_ip(request) == "198.51.100.1"
    # A client's own entry comes first; the proxy appends the address it saw.
    spoofed = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.1")
    assert client_ip(spoofed) == "198.51.100.1"


def test_a_rotating_x_forwarded_for_does_not_bypass_the_anonymous_api_throttle(settings):
    settings.API_THROTTLE_ANON = "3/minute"
    client = APIClient(REMOTE_ADDR="203.0.113.5")
    codes = [client.get("/api/stats/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(6)]
    assert codes == [200, 200, 200, 429, 429, 429]


def test_behind_one_proxy_the_api_throttle_counts_each_forwarded_client(settings):
    behind_proxies(settings, 1)
    settings.API_THROTTLE_ANON = "3/minute"
    proxy = APIClient(REMOTE_ADDR=PROXY)

    def get(forwarded_for: str) -> int:
        return proxy.get("/api/stats/", HTTP_X_FORWARDED_FOR=forwarded_for).status_code

    assert [get("198.51.100.1") for _ in range(4)] == [200, 200, 200, 429]
    assert get("198.51.100.2") == 200  # another reader behind the same proxy
    assert get("192.0.2.1, 198.51.100.1") == 429  # a forged first entry changes nothing


def test_a_rotating_x_forwarded_for_does_not_bypass_the_page_throttle(settings):
    settings.PAGE_THROTTLE_ANON = "3/minute"
    client = Client(REMOTE_ADDR="203.0.113.5")
    codes = [client.get("/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_behind_one_proxy_the_page_throttle_counts_each_forwarded_client(settings):
    behind_proxies(settings, 1)
    settings.PAGE_THROTTLE_ANON = "3/minute"
    proxy = Client(REMOTE_ADDR=PROXY)
    assert [proxy.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    assert proxy.get("/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
