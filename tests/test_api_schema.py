"""The OpenAPI schema, its offline viewers, and schemathesis against the live schema."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token

from claims.demo.loader import load_demo
from claims.groups import CURATORS, REVIEWERS
from claims.models import Prediction, Source, Speaker
from tests.api_helpers import api

ENDPOINTS = [
    "/api/predictions/",
    "/api/predictions/{id}/",
    "/api/predictions/{id}/withdraw/",
    "/api/predictions/{id}/outcomes/",
    "/api/predictions/{id}/annotations/",
    "/api/predictions/export.csv",
    "/api/predictions/export.jsonl",
    "/api/sources/",
    "/api/sources/{id}/",
    "/api/speakers/",
    "/api/speakers/{id}/",
    "/api/topics/",
    "/api/topics/{slug}/",
    "/api/stats/",
]


@pytest.mark.django_db
def test_the_schema_is_valid_openapi_3_and_lists_every_endpoint():
    response = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert set(ENDPOINTS) <= set(schema["paths"])
    # Errors are documented with the one error shape, and updates with their preconditions.
    patch = schema["paths"]["/api/predictions/{id}/"]["patch"]
    assert {"400", "401", "403", "404", "409", "412", "428", "429"} <= set(patch["responses"])
    assert patch["responses"]["412"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert any(p["name"] == "If-Match" for p in patch["parameters"])
    listing = schema["paths"]["/api/predictions/"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"status", "verdict", "speaker", "source", "topic", "kind", "dated", "q", "ordering"} <= names
    assert {"due_before", "due_after", "said_before", "said_after", "page", "page_size"} <= names
    assert "text/csv" in schema["paths"]["/api/predictions/export.csv"]["get"]["responses"]["200"]["content"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_the_docs_are_served_offline_from_the_sidecar(client, page):
    html = client.get(page).content.decode()
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
    assert "/static/drf_spectacular_sidecar/" in html
    for asset in [part.split('"')[0] for part in html.split('src="')[1:]]:
        if asset.startswith("/static/"):
            response = client.get(asset)
            assert response.status_code == 200, asset
            b"".join(response.streaming_content if response.streaming else [response.content])


SCHEMATHESIS_CONFIG = """
[[operations]]
include-path-regex = "^/api/predictions/\\\\{{id\\\\}}/"
parameters = {{ "path.id" = {prediction} }}

[[operations]]
include-path-regex = "^/api/sources/\\\\{{id\\\\}}/"
parameters = {{ "path.id" = {source} }}

[[operations]]
include-path-regex = "^/api/speakers/\\\\{{id\\\\}}/"
parameters = {{ "path.id" = {speaker} }}
"""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(live_server, settings, tmp_path: Path):
    """Fuzz every operation of the live schema as a curator who is also a reviewer, so writes and
    outcomes are exercised too. Fails on any 5xx or any response that does not match the schema."""
    settings.API_THROTTLE_ANON = settings.API_THROTTLE_USER = "1000000/minute"
    load_demo(today=dt.date(2026, 1, 15))
    user = User.objects.create_user("fuzzer")
    user.groups.add(*Group.objects.filter(name__in=[CURATORS, REVIEWERS]))
    token = Token.objects.create(user=user)
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        SCHEMATHESIS_CONFIG.format(
            prediction=Prediction.objects.filter(status="open").order_by("id").first().pk,
            source=Source.objects.order_by("id").first().pk,
            speaker=Speaker.objects.order_by("id").first().pk,
        )
    )
    assert live_server.url.startswith("http://localhost") or live_server.url.startswith("http://127.0.0.1")
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(config),
        "run",
        f"{live_server.url}/api/schema/",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        "25",
        "--seed",
        "20260115",
        "--header",
        f"Authorization: Token {token.key}",
        "--workers",
        "4",
        "--request-timeout",
        "30",
        "--no-color",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout or " passed" in result.stdout, result.stdout[-3000:]
