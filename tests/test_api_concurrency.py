"""Optimistic concurrency under real concurrent writes (PostgreSQL): no update is ever lost."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from claims.models import Face, Prediction
from claims.services.predictions import VersionConflict, update_prediction
from tests.api_helpers import anchored, api
from tests.clock import NOW

# transaction=True: two real connections; tests/conftest.py restores the role groups a flush removes.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_threads(*jobs: Callable[[], object]) -> list[object]:
    """Run each job in its own thread (so its own database connection), all released at once."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - handed back to the test to assert on
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_concurrent_api_updates_of_the_same_version_one_wins(curator):
    prediction = anchored()
    url = f"/api/predictions/{prediction.pk}/"
    for round_number in range(1, 11):
        version = Prediction.objects.get().version

        def update(text: str, by_header: bool, version=version):
            client = api(curator)
            if by_header:
                return client.patch(url, {"statement_en": text}, format="json", HTTP_IF_MATCH=f'"{version}"')
            return client.patch(url, {"statement_en": text, "version": version}, format="json")

        a, b = _in_threads(
            lambda n=round_number: update(f"A{n}", True), lambda n=round_number: update(f"B{n}", False)
        )
        codes = sorted([a.status_code, b.status_code])
        assert codes in ([200, 409], [200, 412]), (a.content, b.content)
        winner = a if a.status_code == 200 else b
        stored = Prediction.objects.get()
        # Exactly the winner's change, and one version step: the loser wrote nothing.
        assert stored.statement_en == winner.json()["statement_en"]
        assert stored.version == version + 1 == winner.json()["version"]


def test_the_version_check_and_the_write_are_one_atomic_step(curator):
    """The loser passes the early check (it reads version 1 before the winner commits), then its
    conditional UPDATE waits on the winner's row lock and finds the version moved on."""
    anchored()
    winner_wrote = threading.Event()
    loser_started = threading.Event()

    def winner():
        with transaction.atomic():
            update_prediction(
                by=None,
                face=Face.API,
                prediction=Prediction.objects.get(),
                expected_version=1,
                statement_en="winner",
                now=NOW,
            )
            winner_wrote.set()
            loser_started.wait(timeout=10)
            # Hold the row lock a moment so the loser's UPDATE is certainly waiting on it.
            threading.Event().wait(0.5)
        return "committed"

    def loser():
        winner_wrote.wait(timeout=10)
        loser_started.set()
        return update_prediction(
            by=None,
            face=Face.API,
            prediction=Prediction.objects.get(),
            expected_version=1,
            statement_en="loser",
            now=NOW,
        )

    won, lost = _in_threads(winner, loser)
    assert won == "committed"
    assert isinstance(lost, VersionConflict), lost
    assert (lost.expected, lost.current) == (1, 2)
    stored = Prediction.objects.get()
    assert (stored.statement_en, stored.version) == ("winner", 2)


def test_concurrent_withdraw_and_update_never_both_apply(curator):
    prediction = anchored()
    url = f"/api/predictions/{prediction.pk}/"
    withdraw, update = _in_threads(
        lambda: api(curator).post(f"{url}withdraw/", {"version": 1}, format="json"),
        lambda: api(curator).patch(url, {"statement_en": "late edit", "version": 1}, format="json"),
    )
    assert sorted([withdraw.status_code, update.status_code]) == [200, 409]
    stored = Prediction.objects.get()
    assert stored.version == 2
    if withdraw.status_code == 200:
        assert (stored.status, stored.statement_en) == ("withdrawn", "")
    else:
        assert (stored.status, stored.statement_en) == ("open", "late edit")
