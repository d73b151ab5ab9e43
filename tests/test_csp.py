"""The Content-Security-Policy header, and inline code carrying its nonce, page by page.

The browser test (tests/test_browser.py) checks that the pages really work under it; these check
the policy itself and fail fast without a browser.
"""

from __future__ import annotations

import re

import pytest

from tests.factories import PredictionFactory

pytestmark = pytest.mark.django_db

INLINE = re.compile(r"<(script|style)\b(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


def assert_inline_code_has_the_nonce(response) -> int:
    """Every inline <script>/<style> carries the header's nonce; returns how many there are."""
    directives = policy(response)
    nonces = {source for source in directives["script-src"] if source.startswith("'nonce-")}
    tags = INLINE.findall(response.content.decode())
    if not tags:
        return 0
    assert len(nonces) == 1, directives["script-src"]
    nonce = nonces.pop()[len("'nonce-") : -1]
    for tag, attributes in tags:
        assert f'nonce="{nonce}"' in attributes, f"<{tag}{attributes}> has no nonce"
    return len(tags)


def test_the_policy_allows_nothing_inline_and_nothing_from_elsewhere(client):
    directives = policy(client.get("/"))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # no nonce: the page uses none
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    header = client.get("/")["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header and "http" not in header


def test_dashboard_pages_have_no_inline_code(client):
    prediction = PredictionFactory()
    span_free_pages = ["/", "/predictions/", f"/predictions/{prediction.pk}/", "/admin/login/"]
    for page in span_free_pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert assert_inline_code_has_the_nonce(response) == 0, page


def test_the_api_docs_inline_code_carries_the_nonce_and_nothing_comes_from_elsewhere(client):
    for page in ("/api/docs/", "/api/redoc/"):
        response = client.get(page)
        assert response.status_code == 200
        assert assert_inline_code_has_the_nonce(response) >= 2, page
        text = response.content.decode()
        assert "googleapis" not in text and "https://" not in text, page
        assert "unsafe-inline" not in " ".join(policy(response)["script-src"]), page


def test_only_redoc_allows_inline_styles_and_only_styles(client):
    """ReDoc inserts style elements as its bundle loads, before it can be given a nonce."""
    redoc = policy(client.get("/api/redoc/"))
    assert redoc["style-src"] == ["'self'", "'unsafe-inline'"]
    assert redoc["script-src"][0] == "'self'" and redoc["script-src"][1].startswith("'nonce-")
    docs = policy(client.get("/api/docs/"))
    assert docs["style-src"][0] == "'self'" and docs["style-src"][1].startswith("'nonce-")
    assert len(docs["style-src"]) == 2


def test_each_response_gets_a_fresh_nonce(client):
    first, second = (policy(client.get("/api/docs/"))["script-src"] for _ in range(2))
    assert first != second


def test_the_admin_changelist_works_for_staff(client, staff):
    PredictionFactory()
    client.force_login(staff)
    response = client.get("/admin/claims/prediction/")
    assert response.status_code == 200
    assert_inline_code_has_the_nonce(response)
