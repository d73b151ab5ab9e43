"""Backup and restore: export_dataset and import_dataset (claims.services.dataset)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.test import Client

from claims import horizons
from claims.demo.loader import load_demo
from claims.groups import REVIEWERS, sync_roles
from claims.models import (
    Clarification,
    Correction,
    EditRecord,
    Face,
    Outcome,
    Prediction,
    RecordEntry,
    ReviewerProfile,
    Source,
    Span,
    Speaker,
    Status,
)
from claims.services.corrections import correct_prediction
from claims.services.criteria import add_clarification
from claims.services.dataset import DERIVED, MANIFEST, TABLES, DatasetError, export_dataset, import_dataset
from claims.services.predictions import SpanInput
from claims.services.record import record_head, verify_record
from claims.services.reviews import record_outcome
from tests.api_helpers import anchored
from tests.clock import NOW, TODAY
from tests.factories import user_in

ROOT = Path(__file__).resolve().parent.parent


def api_snapshot() -> dict[str, Any]:
    """What the API says of the dataset, to the public and to the adjudicator (who sees the
    disputed rounds and the backlog's reviewers): every page of the prediction list, the stats,
    and the history and outcomes of every prediction with any. Used in this process and, for
    the round trip between databases, in `manage.py shell` (print(json.dumps(api_snapshot())))."""
    snapshot: dict[str, Any] = {}
    editor = Client()
    editor.force_login(User.objects.get(username="editor"))
    for who, client in (("public", Client()), ("editor", editor)):
        pages, url = [], "/api/predictions/"
        while url:
            body = client.get(url).json()
            pages.append(body["results"])
            url = body["next"]
        snapshot[f"{who} predictions"] = pages
        snapshot[f"{who} stats"] = client.get("/api/stats/").json()
    with_record = set(Outcome.objects.values_list("prediction_id", flat=True))
    with_record |= set(EditRecord.objects.exclude(prediction_pk=None).values_list("prediction_pk", flat=True))
    for pk in sorted(with_record):
        snapshot[f"{pk} history"] = editor.get(f"/api/predictions/{pk}/history/").json()
        snapshot[f"{pk} outcomes"] = editor.get(f"/api/predictions/{pk}/outcomes/").json()
    return snapshot


def _more_than_the_demo() -> Prediction:
    """What the demo lacks: two corrections of a judged prediction (new spans under the first,
    then a typo fix, so its spans belong to a correction older than its latest), a
    clarification, a reviewer's public name and a user's own permission. Returns the corrected
    prediction."""
    curator = User.objects.get(username="curator")
    judged = Prediction.objects.filter(status=Status.RESOLVED).order_by("id").first()
    assert judged is not None
    span = judged.spans.order_by("id").first()
    assert span is not None
    correct_prediction(
        prediction=judged,
        by=curator,
        what_was_wrong="The quote took one character too many.",
        today=TODAY,
        now=NOW,
        face=Face.COMMAND,
        spans=[SpanInput(source=span.source, start=span.start, end=span.end - 1)],
    )
    correct_prediction(
        prediction=judged,
        by=curator,
        what_was_wrong="A typo.",
        today=TODAY,
        now=NOW,
        face=Face.COMMAND,
        typo=True,
        statement=judged.statement + "…",
    )
    other = Prediction.objects.filter(status=Status.RESOLVED).exclude(pk=judged.pk).order_by("id").first()
    assert other is not None
    add_clarification(prediction=other, author=curator, text="Released means generally available.", now=NOW)
    ReviewerProfile.objects.create(user=User.objects.get(username="reviewer"), display_name="Rui R.")
    User.objects.get(username="editor").user_permissions.add(
        Permission.objects.get(content_type__app_label="claims", codename="review_prediction")
    )
    return judged


def _empty_the_database() -> None:
    """What a new database holds after `migrate`: nothing but content types, permissions and the
    role groups (flush empties every table, and its post_migrate hands some of it back)."""
    call_command("flush", interactive=False, verbosity=0)
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    sync_roles()
    assert not Prediction.objects.exists()


def _rewrite(path: Path, name: str, lines: list[str], *, fix_manifest: bool) -> None:
    """Write `lines` as the file `name` of the export, keeping the manifest right if asked."""
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    (path / name).write_bytes(data)
    if fix_manifest:
        manifest = json.loads((path / MANIFEST).read_text())
        manifest["files"][name].update(sha256=hashlib.sha256(data).hexdigest(), rows=len(lines))
        (path / MANIFEST).write_text(json.dumps(manifest))


@pytest.fixture
def demo(transactional_db, frozen_clock) -> Prediction:
    load_demo(today=TODAY, now=NOW)
    return _more_than_the_demo()


@pytest.mark.django_db(transaction=True)
def test_it_round_trips_the_demo_through_an_empty_database(demo, tmp_path, time_machine):
    before = api_snapshot()
    head = record_head()
    spans = list(Span.objects.order_by("id").values_list("id", "prediction_id", "quote", "since_correction"))
    call_command("export_dataset", str(tmp_path / "backup"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    _empty_the_database()

    # A day later: an import that stamped its own clock on a row (auto_now) would show.
    time_machine.move_to(NOW + dt.timedelta(days=1), tick=False)
    call_command("import_dataset", str(tmp_path / "backup"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    time_machine.move_to(NOW, tick=False)

    assert api_snapshot() == before
    check = verify_record()
    assert check.ok, check.mismatches[:3]
    assert record_head() == head
    assert (
        list(Span.objects.order_by("id").values_list("id", "prediction_id", "quote", "since_correction"))
        == spans
    )
    assert Prediction.objects.get(pk=demo.pk).correction_count == 2
    assert Correction.objects.filter(prediction=demo).count() == 2
    assert Clarification.objects.count() == 1
    editor = User.objects.get(username="editor")
    assert not editor.has_usable_password()
    assert list(editor.groups.values_list("name", flat=True)) == ["adjudicators"]
    assert editor.has_perm("claims.review_prediction")
    assert str(ReviewerProfile.objects.get(user__username="reviewer")) == "Rui R."
    # The sequences moved past the imported ids: a new row gets a fresh one.
    assert Speaker.objects.create(name="Someone new").pk > max(
        Speaker.objects.exclude(name="Someone new").values_list("pk", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_a_bad_line_in_the_middle_loads_nothing_and_is_named(demo, tmp_path):
    backup = tmp_path / "backup"
    export_dataset(path=backup, now=NOW)
    _empty_the_database()
    lines = (backup / "claims.span.jsonl").read_text().splitlines()
    lines[10] = '{"id": 11, "prediction_id": '  # cut off in the middle
    _rewrite(backup, "claims.span.jsonl", lines, fix_manifest=True)

    with pytest.raises(DatasetError, match=r"claims\.span\.jsonl, line 11: not a JSON line"):
        import_dataset(path=backup)

    assert not User.objects.exists()
    assert not Source.objects.exists()
    assert not Prediction.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_row_the_database_refuses_is_named_by_its_line(demo, tmp_path):
    backup = tmp_path / "backup"
    export_dataset(path=backup, now=NOW)
    _empty_the_database()
    lines = (backup / "claims.outcome.jsonl").read_text().splitlines()
    row = json.loads(lines[4])
    row["verdict"] = "" if row["verdict"] else "came_true"  # what its kind carries: no longer
    lines[4] = json.dumps(row, ensure_ascii=False)
    _rewrite(backup, "claims.outcome.jsonl", lines, fix_manifest=True)

    with pytest.raises(DatasetError, match=r"claims\.outcome\.jsonl, line 5: the database refused the row"):
        import_dataset(path=backup)

    assert not Prediction.objects.exists()
    assert not RecordEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_edited_row_of_the_record_is_refused_by_the_record_check(demo, tmp_path):
    """A row changed in the files and its checksum fixed too still does not verify."""
    backup = tmp_path / "backup"
    export_dataset(path=backup, now=NOW)
    _empty_the_database()
    lines = (backup / "claims.evidence.jsonl").read_text().splitlines()
    row = json.loads(lines[0])
    row["title"] += " (edited)"
    lines[0] = json.dumps(row, ensure_ascii=False)
    _rewrite(backup, "claims.evidence.jsonl", lines, fix_manifest=True)

    with pytest.raises(DatasetError, match=r"the imported record does not verify: .*title was"):
        import_dataset(path=backup)

    assert not Prediction.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_row_that_refers_to_a_missing_one_is_refused(demo, tmp_path):
    backup = tmp_path / "backup"
    export_dataset(path=backup, now=NOW)
    _empty_the_database()
    lines = (backup / "claims.predictionlink.jsonl").read_text().splitlines()
    row = json.loads(lines[0])
    row["earlier_id"] = 9999
    lines[0] = json.dumps(row, ensure_ascii=False)
    _rewrite(backup, "claims.predictionlink.jsonl", lines, fix_manifest=True)

    with pytest.raises(DatasetError, match="a row refers to one the export lacks"):
        import_dataset(path=backup)

    assert not Prediction.objects.exists()


def test_every_table_of_the_project_is_exported():
    """A new model is a line in claims.services.dataset.TABLES, or backups silently lose it."""
    exported = {table.model for table in TABLES}
    tables = {model for model in apps.get_app_config("claims").get_models(include_auto_created=True)}
    assert tables - exported - set(DERIVED) == set(), "add these to claims.services.dataset.TABLES"
    assert {User, Group} <= exported


# The refusals below are checked before anything is written: a regular (rolled back) test will do.


@pytest.fixture
def exported(db, tmp_path, curator, frozen_clock) -> Path:
    """A small export: the tests/api_helpers prediction, with a review on record."""
    prediction = anchored()
    record_outcome(
        prediction=prediction,
        reviewer=user_in("rui", REVIEWERS),
        verdict="came_true",
        known_on=dt.date(2025, 6, 1),
        evidence=["https://example.org/agents"],
        today=TODAY,
        now=NOW,
    )
    export_dataset(path=tmp_path / "backup", now=NOW)
    return tmp_path / "backup"


def test_the_manifest_counts_hashes_and_names_the_rules_and_the_record(exported):
    manifest = json.loads((exported / MANIFEST).read_text())
    assert manifest["format"] == "hindsight-dataset"
    assert manifest["format_version"] == 1
    assert manifest["exported_at"] == "2026-01-15T12:00:00+00:00"
    assert manifest["rules_version"] == horizons.RULES_VERSION
    assert manifest["record"] == {"entries": record_head().entries, "head": record_head().hash}
    latest = max(path.stem for path in (Path(__file__).parent.parent / "claims" / "migrations").glob("0*.py"))
    assert manifest["migrations"]["claims"] == latest
    assert list(manifest["files"]) == [table.file_name for table in TABLES]
    for name, listing in manifest["files"].items():
        data = (exported / name).read_bytes()
        assert listing["sha256"] == hashlib.sha256(data).hexdigest()
        assert listing["rows"] == data.count(b"\n")
    assert manifest["files"]["claims.prediction.jsonl"]["rows"] == Prediction.objects.count() == 1
    assert manifest["files"]["claims.outcome.jsonl"]["rows"] == 1


def test_users_are_exported_without_passwords_and_rows_by_column(exported):
    users = [json.loads(line) for line in (exported / "auth.user.jsonl").read_text().splitlines()]
    assert {user["username"] for user in users} == {"carla-curator", "rui"}
    assert all("password" not in user for user in users)
    assert next(u for u in users if u["username"] == "rui")["groups"] == ["reviewers"]
    (outcome,) = [json.loads(line) for line in (exported / "claims.outcome.jsonl").read_text().splitlines()]
    assert outcome["known_on"] == "2025-06-01"
    assert outcome["recorded_at"] == "2026-01-15T12:00:00+00:00"
    assert "prediction_id" in outcome


def test_an_import_into_a_database_with_data_is_refused_naming_what_it_holds(exported):
    with pytest.raises(
        CommandError, match=r"the database is not empty: it holds 2 auth\.user, .*1 claims\.prediction"
    ):
        call_command("import_dataset", str(exported))


def test_a_tampered_file_is_refused_naming_it(exported):
    outcomes = exported / "claims.outcome.jsonl"
    outcomes.write_text(outcomes.read_text().replace("came_true", "came_false"))
    with pytest.raises(
        DatasetError, match=r"claims\.outcome\.jsonl: its SHA-256 is [0-9a-f]{64}, the manifest says"
    ):
        import_dataset(path=exported)


def test_a_count_that_does_not_match_is_refused_naming_the_file(exported):
    lines = (exported / "claims.span.jsonl").read_text().splitlines()
    _rewrite(exported, "claims.span.jsonl", [*lines, lines[0]], fix_manifest=False)
    manifest = json.loads((exported / MANIFEST).read_text())
    data = (exported / "claims.span.jsonl").read_bytes()
    manifest["files"]["claims.span.jsonl"]["sha256"] = hashlib.sha256(data).hexdigest()
    (exported / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(DatasetError, match=r"claims\.span\.jsonl: 2 rows, the manifest says 1"):
        import_dataset(path=exported)


def test_an_unfinished_export_and_a_missing_file_are_refused(exported):
    (exported / "claims.topic.jsonl").unlink()
    with pytest.raises(DatasetError, match=r"claims\.topic\.jsonl: the manifest lists it but it is missing"):
        import_dataset(path=exported)
    (exported / MANIFEST).unlink()
    with pytest.raises(DatasetError, match="its export did not finish"):
        import_dataset(path=exported)


def test_an_export_never_overwrites(exported):
    with pytest.raises(CommandError, match="is not an empty directory: export into a new one"):
        call_command("export_dataset", str(exported))


# From SQLite to PostgreSQL: each side in its own process, as a migration between them runs.


def _manage(*args: str, database_url: str) -> str:
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": database_url, "CELERY_BROKER_URL": ""}
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


_SNAPSHOT = (
    "import json, time_machine; from tests.clock import NOW; from tests.test_dataset import api_snapshot; "
    "time_machine.travel(NOW, tick=False).start(); print('SNAPSHOT' + json.dumps(api_snapshot()))"
)


def _snapshot(database_url: str) -> dict[str, Any]:
    out = _manage("shell", "-c", _SNAPSHOT, database_url=database_url)
    return json.loads(out.split("SNAPSHOT", 1)[1])


@pytest.mark.postgres
def test_it_moves_the_demo_from_sqlite_to_postgresql(tmp_path):
    import psycopg

    sqlite_url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    _manage("migrate", "-v0", database_url=sqlite_url)
    _manage("load_demo", "--no-logins", database_url=sqlite_url)
    _manage("export_dataset", str(tmp_path / "backup"), database_url=sqlite_url)

    db = settings.DATABASES["default"]
    name = f"hs_dataset_{uuid.uuid4().hex[:12]}"
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    if db["PASSWORD"]:
        server["password"] = db["PASSWORD"]
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    pg_url = f"postgres://{auth}{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        _manage("migrate", "-v0", database_url=pg_url)
        out = _manage("import_dataset", str(tmp_path / "backup"), database_url=pg_url)
        assert "the record is intact" in out
        assert "the record is intact" in _manage("verify_record", database_url=pg_url)
        assert _snapshot(pg_url) == _snapshot(sqlite_url)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
