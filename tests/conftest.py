from __future__ import annotations

import importlib.util
import os
import socket

import hypothesis
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection

from claims.groups import CURATORS, REVIEWERS

# In CI (.ci/run) a test that needs a missing service fails instead of skipping.
REQUIRE_SERVICES = os.getenv("HINDSIGHT_REQUIRE_SERVICES", "") not in ("", "0", "false")

# Property tests explore fresh examples on a developer's machine, where a find is a bug report; CI
# replays the same examples every run, so a landing never depends on the luck of the draw.
# HYPOTHESIS_PROFILE=explore in CI's environment turns exploration back on.
settings_profile = os.getenv("HYPOTHESIS_PROFILE") or ("ci" if REQUIRE_SERVICES else "explore")
hypothesis.settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis.settings.register_profile("explore", print_blob=True)
hypothesis.settings.load_profile(settings_profile)


def _redis_reachable() -> bool:
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        return False
    host_port = url.split("://", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1]
    host, _, port = host_port.partition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port or 6379)), timeout=1):
            return True
    except OSError:
        return False


CHROMIUM = "/usr/bin/chromium"


def _browser_available() -> bool:
    return os.access(CHROMIUM, os.X_OK) and importlib.util.find_spec("playwright") is not None


def _missing_service(item: pytest.Item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)"
    if item.get_closest_marker("redis") and not _redis_reachable():
        return "needs Redis: set CELERY_BROKER_URL=redis://127.0.0.1:6379/15 with Redis running"
    if item.get_closest_marker("browser") and not _browser_available():
        return f"needs {CHROMIUM} and the playwright package: apt-get install chromium fonts-noto-cjk"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = _missing_service(item)
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (HINDSIGHT_REQUIRE_SERVICES is set, so this is a failure)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _language_of_the_test():
    """Each test starts in the default language: a request that activated another (an admin page
    in a curator's Chinese) would otherwise leave it active for the next test in the thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_and_eager(settings):
    """Fast hashing; Celery tasks run in-process unless a test asks for a real worker."""
    from tracker.celery import app

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _roles_in_transactional_tests(request):
    """A transactional test starts after a flush, which removed the role groups that a data
    migration made (and, after some flushes, the permissions): restore them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        transactional = True
    if transactional:
        from django.apps import apps
        from django.contrib.auth.management import create_permissions

        from claims.groups import sync_roles

        request.getfixturevalue("transactional_db")
        for app_config in apps.get_app_configs():
            create_permissions(app_config, verbosity=0)
        sync_roles()


@pytest.fixture
def frozen_clock(time_machine):
    """Stop the clock at tests.clock.NOW, for tests of a face (a view, the admin, the API) that
    reads it: the page's today is then tests.clock.TODAY, whatever the real date."""
    from tests.clock import NOW

    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so API throttling counts only its own requests."""
    from django.core.cache import cache

    cache.clear()
    yield


def _user_in(username: str, group: str | None, **extra) -> User:
    user = User.objects.create_user(
        username=username, password="pw", email=f"{username}@example.org", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def curator(db) -> User:
    return _user_in("carla-curator", CURATORS, is_staff=True)


@pytest.fixture
def reviewer(db) -> User:
    return _user_in("rui-reviewer", REVIEWERS, is_staff=True)


@pytest.fixture
def reader(db) -> User:
    """A logged-in user with no role."""
    return _user_in("rita-reader", None)


@pytest.fixture
def staff(db) -> User:
    return _user_in("sam-staff", None, is_staff=True, is_superuser=True)
