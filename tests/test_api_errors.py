"""One error shape everywhere; throttling; session auth with CSRF."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from api.errors import validation_body
from api.views.stats import StatsView
from claims.models import Prediction
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


# The tries of issue 14: each refused in the error shape, never an HTML page or a 500.


def _client(user=None) -> APIClient:
    """A client that gets the 500 response instead of the test re-raising the exception."""
    client = api(user)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("path", ["/api/topics/%00/", "/api/predictions/%00/", "/api/sp%00eakers/"])
def test_a_nul_in_an_api_path_is_a_json_404(path):
    assert_error(_client().get(path), 404, contains="No API endpoint")


@pytest.mark.parametrize(
    "query",
    ["topic=%00", "q=ab%00c", "status=%00", "said_before=%00", "%00=1", "page=%00", "ordering=%00"],
)
@pytest.mark.parametrize(
    "path", ["/api/predictions/", "/api/sources/", "/api/speakers/", "/api/predictions/export.csv"]
)
def test_a_nul_in_the_query_string_is_a_json_400_naming_the_parameter(path, query):
    anchored()
    body = assert_error(_client().get(f"{path}?{query}"), 400, contains="NUL character (%00)")
    name = query.split("=")[0]
    assert list(body["errors"]) == [name]


def test_deeply_nested_json_is_a_400_and_creates_nothing(curator):
    # 400 KB, as the issue tried: past the decoder's recursion limit.
    nested = "[" * 200_000 + "]" * 200_000
    response = _client(curator).post("/api/predictions/", nested, content_type="application/json")
    assert_error(response, 400, contains="nested too deeply")
    assert Prediction.objects.count() == 0


def test_nested_json_within_the_decoders_reach_is_a_field_error(curator):
    body = '{"statement": ' + "[" * 500 + "]" * 500 + "}"
    response = _client(curator).post("/api/predictions/", body, content_type="application/json")
    assert_error(response, 400, field="statement")


def test_a_body_over_the_limit_is_a_413_naming_it(curator, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"statement": "明" * 1000})
    response = _client(curator).post("/api/predictions/", body, content_type="application/json")
    assert_error(response, 413, contains="DATA_UPLOAD_MAX_MEMORY_SIZE")
    assert "1000 bytes" in response.json()["detail"]
    assert Prediction.objects.count() == 0


def test_the_default_limit_is_the_documented_2_5_mib(curator):
    body = json.dumps({"statement": "x" * 2_700_000})
    response = _client(curator).post("/api/predictions/", body, content_type="application/json")
    assert_error(response, 413, contains="2621440 bytes (2.5 MiB)")


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=b"]
)
def test_a_form_body_is_a_415_the_api_takes_json_only(curator, content_type):
    # The schema offers only JSON bodies; a form would lose lists and nesting on the way in.
    response = _client(curator).post("/api/predictions/", "statement=x", content_type=content_type)
    assert_error(response, 415, contains="Unsupported media type")
    assert Prediction.objects.count() == 0


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_unsafe_method_on_an_unknown_path_is_a_json_404_not_a_csrf_403(curator, method):
    """A browser's session, CSRF enforced: the path names nothing, so there is no form to protect."""
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(curator)
    for path in ("/api/nowhere/", "/api/predictions/1/nowhere/", "/api/nowhere"):
        assert_error(getattr(session, method)(path, {}, format="json"), 404, contains="No API endpoint")


def test_an_unknown_host_is_a_json_400():
    response = _client().get("/api/predictions/", HTTP_HOST="evil.example")
    assert_error(response, 400, contains="Host header")


def test_a_server_error_is_a_json_500_without_the_traceback(monkeypatch):
    def broken(self, request):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(StatsView, "get", broken)
    response = _client().get("/api/stats/")
    body = assert_error(response, 500, contains="logged")
    assert "secret" not in response.content.decode() and "Traceback" not in response.content.decode()
    assert body["errors"] == {}


def test_the_site_pages_keep_their_html_error_pages(client):
    assert "text/html" in client.get("/nowhere-here/")["Content-Type"]
    response = client.get("/predictions/?q=%00")
    assert response.status_code == 400
    assert "text/html" in response["Content-Type"]
    assert "The query parameter &#x27;q&#x27; contains a NUL character" in response.content.decode()
    assert client.get("/predictions/%00/").status_code == 404
