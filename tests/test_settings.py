"""The environment drives the settings; checked in fresh interpreters so nothing leaks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = "import django; from django.conf import settings; django.setup(); print({})"


# Every variable a test here may set, removed from the inherited environment first.
SET_BY_TESTS = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "LOG_FORMAT",
    "NUM_PROXIES",
)
GOOD_KEY = "k7Qe-2vLxP9sZr4TbN8wYc1HfJm6UaGd3Ko0XiWnEqRt5Vy_BpSl"  # 52 characters, only for tests


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SET_BY_TESTS and not k.startswith("SECURE_")}
    return subprocess.run(
        args,
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tracker.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(expr: str, **env: str) -> subprocess.CompletedProcess:
    """`expr` printed in a fresh interpreter; DEBUG=true unless the test says otherwise."""
    return _run([sys.executable, "-c", PROBE.format(expr)], {"DEBUG": "true", **env})


def test_it_runs_embedded_with_debug_and_nothing_else():
    result = _settings("settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_debug_is_off_unless_asked_for_so_nothing_at_all_refuses_to_start():
    result = _run([sys.executable, "-c", PROBE.format("settings.DEBUG")], {})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr and "set DEBUG=true" in result.stderr
    ok = _settings("settings.DEBUG", DEBUG="", SECRET_KEY=GOOD_KEY)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.split() == ["False"]


def test_it_uses_postgresql_and_a_broker_when_configured():
    result = _settings(
        "settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/hindsight",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_it_refuses_a_short_or_known_secret_key_when_debug_is_off():
    refused = {
        "x": "SECRET_KEY has 1 characters (1 different); at least 50 (5 different)",
        "x" * 60: "SECRET_KEY has 60 characters (1 different)",
        GOOD_KEY[:49]: "SECRET_KEY has 49 characters",
        "dev-only-insecure-key-do-not-deploy": "SECRET_KEY is the development key",
        "django-insecure-" + GOOD_KEY: "SECRET_KEY is the development key",
    }
    for key, message in refused.items():
        result = _settings("settings.DEBUG", DEBUG="false", SECRET_KEY=key)
        assert result.returncode != 0, key
        assert message in result.stderr, result.stderr[-500:]
        assert "secrets.token_urlsafe(50)" in result.stderr
    ok = _settings("settings.DEBUG", DEBUG="false", SECRET_KEY=GOOD_KEY)
    assert ok.returncode == 0 and "False" in ok.stdout
    # With DEBUG on any key will do, and none is needed.
    assert _settings("settings.SECRET_KEY == 'x'", SECRET_KEY="x").stdout.split() == ["True"]


def test_it_says_which_variable_is_malformed():
    result = _settings("settings.DEBUG", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe': use true or false" in result.stderr
    result = _settings("settings.DIGEST_HOUR", DIGEST_HOUR="eight")
    assert "DIGEST_HOUR='eight': must be a whole number" in result.stderr
    result = _settings("settings.SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER="https")
    assert "SECURE_PROXY_SSL_HEADER='https': use Header-Name: value" in result.stderr
    result = _settings("settings.LOG_FORMAT", LOG_FORMAT="xml")
    assert "LOG_FORMAT='xml': use one of text, json" in result.stderr
    result = _settings("settings.CACHES", CACHE_URL="memcached://127.0.0.1")
    assert "CACHE_URL='memcached://127.0.0.1': use redis://host:port/db" in result.stderr


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


HTTPS_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
)


def test_with_debug_off_the_defaults_assume_https_but_leave_hsts_to_the_deployment():
    result = _settings(
        ", ".join(f"settings.{name}" for name in HTTPS_SETTINGS), DEBUG="false", SECRET_KEY=GOOD_KEY
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "0", "None"]
    result = _settings(", ".join(f"settings.{name}" for name in HTTPS_SETTINGS))
    assert result.stdout.split() == ["False", "False", "False", "0", "None"]


def test_every_https_cookie_and_proxy_setting_follows_the_environment():
    env = {
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "600",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
        "SECURE_CONTENT_TYPE_NOSNIFF": "false",
        "SECURE_REFERRER_POLICY": "no-referrer",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin-allow-popups",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
        "USE_X_FORWARDED_HOST": "true",
        "USE_X_FORWARDED_PORT": "true",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SESSION_COOKIE_HTTPONLY": "false",
        "CSRF_COOKIE_HTTPONLY": "true",
        "SESSION_COOKIE_SAMESITE": "Strict",
        "CSRF_COOKIE_SAMESITE": "Strict",
        "SESSION_COOKIE_AGE": "3600",
        "NUM_PROXIES": "2",
    }
    expr = "[" + ", ".join(f"settings.{name}" for name in env) + ", settings.REST_FRAMEWORK['NUM_PROXIES']]"
    result = _settings(expr, DEBUG="false", SECRET_KEY=GOOD_KEY, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "[False, 600, True, True, False, 'no-referrer', 'same-origin-allow-popups', "
        "('HTTP_X_FORWARDED_PROTO', 'https'), True, True, False, False, False, True, 'Strict', "
        "'Strict', 3600, 2, 2]"
    )


def test_the_cache_and_the_lockout_counters_are_shared_when_cache_url_is_set():
    expr = "settings.CACHES['default']['BACKEND'], settings.AXES_HANDLER"
    assert _settings(expr).stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "axes.handlers.database.AxesDatabaseHandler",
    ]
    assert _settings(expr, CACHE_URL="redis://127.0.0.1:6379/1").stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "axes.handlers.cache.AxesCacheHandler",
    ]


def documented_production_environment() -> dict[str, str]:
    """The environment file of the README's Deploying section, with a real key in it."""
    deploying = (ROOT / "README.md").read_text().split("## Deploying", 1)[1].split("\n## ", 1)[0]
    block = deploying.split("```sh\n# hindsight.env", 1)[1].split("```", 1)[0]
    env = dict(line.split("=", 1) for line in block.splitlines() if "=" in line and not line.startswith("#"))
    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"} <= set(env), "the README's hindsight.env block moved"
    return {**env, "SECRET_KEY": GOOD_KEY}


def test_check_deploy_is_clean_under_the_documented_production_environment():
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = _run(command, documented_production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # Without the HSTS and cache lines, the same check warns: it is not clean by accident.
    env = documented_production_environment()
    del env["SECURE_HSTS_SECONDS"], env["CACHE_URL"]
    result = _run(command, env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "tracker.W001" in result.stderr


def test_every_variable_read_is_listed_in_the_readme():
    """settings.py promises it; a variable missing from the README is one nobody can find."""
    import re

    code = (ROOT / "tracker" / "settings.py").read_text() + (
        ROOT / "tracker" / "gunicorn_conf.py"
    ).read_text()
    helpers = "getenv|envbool|envint|envlist|envchoice|envrate|envheader"
    read = set(re.findall(rf"""(?:{helpers})\(\s*["']([A-Z_]+)["']""", code))
    readme = (ROOT / "README.md").read_text()
    listed = set(re.findall(r"`([A-Z][A-Z_]+)`", readme.split("## Settings", 1)[1].split("\n## ", 1)[0]))
    assert read, "found no variables in tracker/settings.py: update the pattern above"
    assert read <= listed, f"add to the README's Settings table: {sorted(read - listed)}"
