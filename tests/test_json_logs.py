"""LOG_FORMAT=json: one JSON object per line, from Django's loggers and from gunicorn's."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from gunicorn.glogging import SafeAtoms

from tracker.logs import JSONFormatter

ROOT = Path(__file__).resolve().parent.parent


def test_a_record_is_one_line_of_json_with_its_traceback():
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        record = logging.getLogger("claims.tasks").makeRecord(
            "claims.tasks", logging.ERROR, __file__, 1, "flagging %s failed: 预测", ("due",), sys.exc_info()
        )
    line = JSONFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "claims.tasks"
    assert entry["message"] == "flagging due failed: 预测"
    assert entry["time"].endswith("+00:00")
    assert "ValueError: bad\nvalue" in entry["exception"]


def test_gunicorn_access_records_get_their_fields_by_name():
    atoms = SafeAtoms(
        {
            "h": "203.0.113.4",
            "m": "GET",
            "U": "/readyz",
            "q": "",
            "H": "HTTP/1.1",
            "s": "503",
            "B": 91,
            "D": 1234,
        }
    )
    record = logging.getLogger("gunicorn.access").makeRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(m)s %(U)s" %(s)s', (atoms,), None
    )
    entry = json.loads(JSONFormatter().format(record))
    assert entry["message"] == '203.0.113.4 "GET /readyz" 503'
    assert {k: entry[k] for k in ("remote_addr", "method", "path", "status", "bytes", "duration_us")} == {
        "remote_addr": "203.0.113.4",
        "method": "GET",
        "path": "/readyz",
        "status": 503,
        "bytes": 91,
        "duration_us": 1234,
    }
    assert "query" not in entry  # empty atoms are left out


def test_django_logs_json_lines_when_asked():
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('claims.tasks').info('flagged %d', 3); "
        "logging.getLogger('django.request').error('Internal Server Error: /x')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tracker.settings", "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "LOG_FORMAT": "json"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(e["logger"], e["message"]) for e in entries] == [
        ("claims.tasks", "flagged 3"),
        ("django.request", "Internal Server Error: /x"),
    ]
    text = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert "INFO claims.tasks: flagged 3" in text.stderr and "{" not in text.stderr
