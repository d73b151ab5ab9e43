"""One error shape everywhere; throttling; session auth with CSRF."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.errors import validation_body
from tests.api_helpers import anchored, api, assert_error

pytestmark = pytest.mark.django_db


def test_an_unknown_api_path_is_a_json_404():
    assert_error(api().get("/api/nothing-here/"), 404, contains="/api/docs/")


def test_a_missing_trailing_slash_is_a_json_404_with_the_right_url():
    body = assert_error(api().post("/api/predictions", {}), 404)
    assert "API URLs end with a slash: /api/predictions/" in body["detail"]


def test_malformed_json_is_a_400_for_a_curator(curator):
    response = api(curator).post("/api/predictions/", "{not json", content_type="application/json")
    assert_error(response, 400, contains="JSON parse error")


def test_an_unsupported_body_type_is_a_415(curator):
    response = api(curator).post("/api/predictions/", "statement=x", content_type="text/plain")
    assert_error(response, 415, contains="text/plain")


def test_a_method_the_endpoint_does_not_take_is_a_json_405(curator):
    prediction = anchored()
    assert_error(api(curator).delete(f"/api/predictions/{prediction.pk}/"), 405, contains="DELETE")


def test_an_invalid_token_is_a_401_not_anonymous_access():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    response = client.get("/api/predictions/")
    assert_error(response, 401, contains="Invalid token")
    assert response["WWW-Authenticate"] == "Token"


def test_validation_errors_flatten_to_field_lists():
    body = validation_body(
        {
            "spans": {1: {"source": ["Invalid pk."]}},
            "evidence_urls": {0: ["Enter a valid URL."]},
            "speaker": ["This field is required."],
        }
    )
    assert body["errors"] == {
        "spans": ["span 2, source: Invalid pk."],
        "evidence_urls": ["evidence_url 1: Enter a valid URL."],
        "speaker": ["This field is required."],
    }
    assert body["detail"] == "3 problems, in spans, evidence_urls, speaker: see errors."
    assert validation_body(["One general problem."]) == {"detail": "One general problem.", "errors": {}}


def test_anonymous_clients_are_throttled_per_address(settings):
    settings.API_THROTTLE_ANON = "3/minute"
    client = api()
    assert [client.get("/api/stats/").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/stats/")
    assert_error(response, 429, contains="throttled")
    assert int(response["Retry-After"]) > 0


def test_authenticated_clients_have_their_own_budget(settings, reader, curator):
    settings.API_THROTTLE_ANON = "1/minute"
    settings.API_THROTTLE_USER = "2/minute"
    assert api().get("/api/stats/").status_code == 200
    assert api().get("/api/stats/").status_code == 429
    # One client using up its budget does not starve another.
    assert [api(reader).get("/api/stats/").status_code for _ in range(3)] == [200, 200, 429]
    assert api(curator).get("/api/stats/").status_code == 200


def test_session_writes_need_the_csrf_token(client, curator):
    """The browser path: a logged-in curator's session, with Django's CSRF protection."""
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(curator)
    assert session.get("/api/predictions/").status_code == 200
    response = session.post("/api/sources/", {"text": "一篇文本。"}, format="json")
    assert_error(response, 403, contains="CSRF")


def test_the_api_root_links_every_endpoint():
    links = api().get("/api/").json()
    assert links["predictions"] == "http://testserver/api/predictions/"
    assert links["export_csv"] == "http://testserver/api/predictions/export.csv"
    assert {"sources", "speakers", "topics", "stats", "export_jsonl", "schema", "docs", "redoc"} <= set(links)


def test_the_browsable_api_and_options_work_for_a_curator(client, curator):
    prediction = anchored()
    client.force_login(curator)
    page = client.get(f"/api/predictions/{prediction.pk}/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and "我认为2025年将是代理之年。" in page.content.decode()
    assert client.get("/api/predictions/", HTTP_ACCEPT="text/html").status_code == 200
    options = api(curator).options("/api/predictions/")
    assert options.status_code == 200
    assert "POST" in options.json()["actions"]
