"""`make serve-prod`, started for real: gunicorn on a free port, on PostgreSQL and Redis.

The command migrates (nothing to do: it is pointed at the test database), collects the static
files and serves; the test asks /readyz, a page behind a pretend TLS proxy and its stylesheet
under its hashed name, and reads the JSON logs. A broker on a dead port makes /readyz a 503.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_celery_worker import database_url
from tests.test_health import dead_port as free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parent.parent


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Server:
    def __init__(self, log: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        environment = {
            **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "TEST_DATABASE_NAME")},
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CACHE_URL": settings.CELERY_BROKER_URL,
            "CACHE_KEY_PREFIX": f"hindsight-test-{uuid.uuid4().hex[:8]}",
            "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
            "SECURE_HSTS_SECONDS": "3600",
            "LOG_FORMAT": "json",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
            **env,
        }
        # -o: take the virtualenv as installed; the test runs inside it.
        command = [
            "make",
            "--no-print-directory",
            "-o",
            ".venv/.installed",
            "serve-prod",
            f"PY={sys.executable}",
        ]
        with log.open("wb") as out:
            # A session of its own, so the whole process group (make, gunicorn, its workers) stops.
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=environment,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"serve-prod exited:\n{self.output()[-4000:]}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.25)
        raise AssertionError(f"serve-prod did not listen within {timeout}s:\n{self.output()[-4000:]}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()


@pytest.fixture
def serve_prod(django_db_setup, django_db_blocker, tmp_path) -> Iterator:
    servers: list[Server] = []

    def start(**env: str) -> Server:
        servers.append(Server(tmp_path / f"serve-prod-{len(servers)}.log", **env))
        servers[-1].wait_until_up()
        return servers[-1]

    with django_db_blocker.unblock():
        yield start
    for server in servers:
        server.stop()


def test_serve_prod_answers_readyz_and_serves_pages_and_hashed_static_files(serve_prod):
    server = serve_prod()
    status, headers, body = get(server.url + "/readyz")
    assert status == 200, body
    assert json.loads(body) == {"status": "ok", "checks": {"database": "ok", "broker": "ok", "cache": "ok"}}
    assert headers["Server"].startswith("gunicorn")
    assert get(server.url + "/healthz")[0] == 200

    # Plain HTTP is sent to HTTPS; through the (pretend) TLS proxy the page is served, hardened.
    status, headers, _ = get(server.url + "/")
    assert status == 301 and headers["Location"] == f"https://127.0.0.1:{server.port}/"
    status, headers, body = get(server.url + "/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=3600"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    page = body.decode()
    start = page.index("/static/hindsight/dashboard.")
    stylesheet = page[start : page.index('"', start)]
    assert stylesheet.endswith(".css") and len(stylesheet.split(".")) == 3, stylesheet  # a hashed name

    status, headers, body = get(
        server.url + stylesheet, **{"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"}
    )
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert "immutable" in headers["Cache-Control"]

    # Logs: one JSON object per line, gunicorn's own and its access log included.
    lines = [line for line in server.output().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines[1:]]  # the first line is make echoing the command
    assert lines[0].endswith("bin/serve-prod")
    assert any(e["logger"] == "gunicorn.error" and "Listening at" in e["message"] for e in entries)
    access = [e for e in entries if e["logger"] == "gunicorn.access" and e.get("path") == "/readyz"]
    assert access and access[0]["status"] == 200 and access[0]["method"] == "GET"


def test_readyz_is_503_naming_the_broker_when_it_is_down(serve_prod):
    dead = free_port()
    server = serve_prod(CELERY_BROKER_URL=f"redis://127.0.0.1:{dead}/0")
    started = time.monotonic()
    status, headers, body = get(server.url + "/readyz")
    assert time.monotonic() - started < 10
    assert status == 503
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "status": "unavailable",
        "detail": "Not ready: broker down.",
        "down": ["broker"],
        "checks": {"database": "ok", "broker": "down", "cache": "ok"},
    }
    assert get(server.url + "/healthz")[0] == 200
    assert "readyz: broker is down" in server.output()


def test_serve_prod_refuses_debug(tmp_path):
    result = subprocess.run(
        ["bin/serve-prod"], cwd=ROOT, env={**os.environ, "DEBUG": "true"}, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "serve-prod: DEBUG is on" in result.stderr
