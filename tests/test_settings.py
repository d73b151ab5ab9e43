"""The environment drives the settings; checked in fresh interpreters so nothing leaks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = "import django; from django.conf import settings; django.setup(); print({})"


def _settings(expr: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG")
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(expr)],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tracker.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_runs_embedded_with_no_settings_at_all():
    result = _settings("settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_it_uses_postgresql_and_a_broker_when_configured():
    result = _settings(
        "settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/hindsight",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _settings("settings.DEBUG", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    ok = _settings("settings.DEBUG", DEBUG="false", SECRET_KEY="x" * 50)
    assert ok.returncode == 0 and "False" in ok.stdout


def test_it_says_which_variable_is_malformed():
    result = _settings("settings.DEBUG", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe': use true or false" in result.stderr
    result = _settings("settings.DIGEST_HOUR", DIGEST_HOUR="eight")
    assert "DIGEST_HOUR='eight': must be a whole number" in result.stderr


def test_reviewers_required_defaults_to_one_and_follows_the_environment():
    assert _settings("settings.REVIEWERS_REQUIRED").stdout.split() == ["1"]
    result = _settings("settings.REVIEWERS_REQUIRED", REVIEWERS_REQUIRED="2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2"]


def test_it_refuses_a_reviewers_required_below_one_or_not_a_number():
    result = _settings("settings.REVIEWERS_REQUIRED", REVIEWERS_REQUIRED="0")
    assert result.returncode != 0
    assert "REVIEWERS_REQUIRED must be 1 or more, got 0" in result.stderr
    result = _settings("settings.REVIEWERS_REQUIRED", REVIEWERS_REQUIRED="two")
    assert result.returncode != 0
    assert "REVIEWERS_REQUIRED='two': must be a whole number" in result.stderr


def test_every_variable_read_is_listed_in_the_readme():
    """settings.py promises it; a variable missing from the README is one nobody can find."""
    import re

    code = (ROOT / "tracker" / "settings.py").read_text()
    read = set(re.findall(r"""(?:getenv|envbool|envint|envlist)\(\s*["']([A-Z_]+)["']""", code))
    readme = (ROOT / "README.md").read_text()
    listed = set(re.findall(r"`([A-Z][A-Z_]+)`", readme.split("## Settings", 1)[1].split("\n## ", 1)[0]))
    assert read, "found no variables in tracker/settings.py: update the pattern above"
    assert read <= listed, f"add to the README's Settings table: {sorted(read - listed)}"
