"""The tamper-evident public record: every review event, piece of evidence and clarification is
chained by SHA-256 as it is written; verify_record recomputes the chain from the rows and names
the first entry or row that does not match."""

from __future__ import annotations

import datetime as dt
import importlib
import threading
from collections.abc import Callable
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from claims.demo.loader import load_demo
from claims.groups import REVIEWERS
from claims.models import (
    Clarification,
    Correction,
    EditRecord,
    Evidence,
    Face,
    Outcome,
    Prediction,
    RecordEntry,
)
from claims.models.record import GENESIS, RecordHead
from claims.services.criteria import add_clarification
from claims.services.predictions import update_prediction
from claims.services.record import append_to_record, entry_hash, record_head, verify_record
from claims.services.reviews import EvidenceInput, record_outcome
from tests.api_helpers import api
from tests.clock import NOW, TODAY, noon
from tests.factories import ClarificationFactory, EvidenceFactory, PredictionFactory

pytestmark = pytest.mark.django_db

EVIDENCE = EvidenceInput(
    url="https://openai.com/index/introducing-chatgpt-agent/",
    title="Introducing ChatGPT agent",
    passage="ChatGPT now thinks and acts.",
    retrieved_on=dt.date(2025, 7, 18),
)


def _review(prediction: Prediction, reviewer, *evidence: EvidenceInput) -> Outcome:
    return record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        evidence=evidence or [EVIDENCE],
        note="ChatGPT agent launched.",
        today=TODAY,
        now=NOW,
    )


def _sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def _first(check) -> str:
    assert not check.ok, "the record should not verify"
    return str(check.mismatches[0])


@pytest.fixture
def recorded(reviewer, curator) -> Prediction:
    """A review with two pieces of evidence (entries 1 to 3), then a clarification (entry 4)."""
    prediction = PredictionFactory()
    _review(prediction, reviewer, EVIDENCE, EvidenceInput(url="https://example.org/agents"))
    add_clarification(
        prediction=prediction, author=curator, text="Everyday use: weekly, not a demo.", now=NOW
    )
    return prediction


def test_it_chains_each_row_as_it_is_written(recorded):
    entries = list(RecordEntry.objects.order_by("seq"))
    outcome = Outcome.objects.get()
    evidence = list(Evidence.objects.order_by("id"))
    clarification = Clarification.objects.get()
    assert [(e.model, e.object_id) for e in entries] == [
        ("claims.outcome", str(outcome.pk)),
        ("claims.evidence", str(evidence[0].pk)),
        ("claims.evidence", str(evidence[1].pk)),
        ("claims.clarification", str(clarification.pk)),
    ]
    assert entries[0].prev_hash == GENESIS
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    assert all(e.entry_hash == entry_hash(e.prev_hash, e.content) for e in entries)
    # Stable canonical form: field order, ids as text, ISO dates, moments in UTC.
    prefix = (
        f'{{"model":"claims.outcome","id":"{outcome.pk}","fields":{{"prediction":"{recorded.pk}",'
        '"kind":"review","round":1,"verdict":"came_true","known_on":"2025-07-17","next_look_on":null,'
        '"note":"ChatGPT agent launched.",'
    )
    assert entries[0].content.startswith(prefix)
    moment = outcome.recorded_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    assert entries[0].content.endswith(f'"recorded_at":"{moment}"}}}}')
    check = verify_record()
    assert check.ok, check.mismatches
    assert check.head == record_head() == RecordHead(4, entries[-1].entry_hash)


def test_a_refused_review_leaves_nothing_in_the_record(recorded, reviewer):
    with pytest.raises(Exception, match="resolved"):
        _review(recorded, reviewer)
    assert RecordEntry.objects.count() == 4


def test_a_row_altered_with_raw_sql_is_named(recorded):
    outcome = Outcome.objects.get()
    _sql("UPDATE claims_outcome SET verdict = 'came_false' WHERE id = %s", [outcome.pk])
    assert _first(verify_record()) == (
        f'entry 1 (claims.outcome #{outcome.pk}): the row was altered: verdict was "came_true", now "came_false"'
    )


def test_a_row_deleted_with_raw_sql_is_detected(recorded):
    second = Evidence.objects.order_by("id").last()
    _sql("DELETE FROM claims_evidence WHERE id = %s", [second.pk])
    assert _first(verify_record()) == f"entry 3 (claims.evidence #{second.pk}): the row was deleted"


def test_a_deleted_entry_is_detected(recorded):
    _sql("DELETE FROM claims_recordentry WHERE seq = 2")
    check = verify_record()
    assert _first(check).startswith("entry 3 (claims.evidence #")
    assert "entry 2 missing before it: deleted from the record" in _first(check)
    # Its row is still there, now outside the record.
    assert "the row is not in the record" in str(check.mismatches[-1])


def test_reordered_entries_are_detected(recorded):
    _sql("UPDATE claims_recordentry SET seq = 100 WHERE seq = 2")
    _sql("UPDATE claims_recordentry SET seq = 2 WHERE seq = 3")
    _sql("UPDATE claims_recordentry SET seq = 3 WHERE seq = 100")
    assert "it does not follow entry 1" in _first(verify_record())


def test_an_altered_entry_is_detected(recorded):
    _sql("UPDATE claims_recordentry SET content = replace(content, 'came_true', 'came_false') WHERE seq = 1")
    check = verify_record()
    assert str(check.mismatches[0]).endswith("its content does not give its hash: the entry was altered")


def test_a_record_rewritten_whole_is_caught_by_the_head_published_before(recorded):
    """Rewriting a row, its entry and every hash after it verifies on its own: the head an
    outsider kept from an earlier export is what catches it."""
    published = record_head()
    outcome = Outcome.objects.get()
    _sql("UPDATE claims_outcome SET verdict = 'came_false' WHERE id = %s", [outcome.pk])
    entries = list(RecordEntry.objects.order_by("seq"))
    prev = GENESIS
    for entry in entries:
        content = entry.content.replace('"came_true"', '"came_false"')
        this = entry_hash(prev, content)
        RecordEntry.objects.filter(seq=entry.seq).update(content=content, prev_hash=prev, entry_hash=this)
        prev = this
    assert verify_record().ok
    check = verify_record(expected=published)
    assert _first(check).startswith("entry 4 (claims.clarification #")
    assert f"the published head said entry 4 has hash {published.hash}" in _first(check)


def test_entries_deleted_from_the_end_are_caught_by_the_published_head(recorded):
    published = record_head()
    _sql("DELETE FROM claims_recordentry WHERE seq = 4")
    _sql("DELETE FROM claims_clarification")
    assert verify_record().ok
    assert "entries were deleted from its end" in _first(verify_record(expected=published))


def test_a_row_written_around_the_record_is_named(recorded):
    clarification = ClarificationFactory(prediction=recorded)
    assert _first(verify_record()) == (
        f"no entry (claims.clarification #{clarification.pk}): the row is not in the record "
        "(written without append_to_record)"
    )


def test_a_user_in_the_record_cannot_be_deleted(recorded, reviewer, curator):
    """Deleting them would blank who voted or clarified: deactivate them instead."""
    for user in (reviewer, curator):
        with pytest.raises(ProtectedError):
            user.delete()
    assert verify_record().ok


def test_append_to_record_refuses_what_it_cannot_chain(recorded):
    with (
        transaction.atomic(),
        pytest.raises(ValueError, match="claims.prediction is not part of the public record"),
    ):
        append_to_record(recorded)
    with pytest.raises(ValueError, match="Save the claims.clarification"), transaction.atomic():
        append_to_record(Clarification(prediction=recorded, text="Unsaved."))
    # The database refuses a row entered twice.
    with pytest.raises(IntegrityError, match="recordentry_row_once|object_id"), transaction.atomic():
        append_to_record(Clarification.objects.get())
    assert RecordEntry.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_append_to_record_refuses_to_run_outside_the_writers_transaction(recorded):
    with pytest.raises(RuntimeError, match="inside the transaction that writes the rows"):
        append_to_record(Clarification.objects.get())
    assert RecordEntry.objects.count() == 4


def test_verify_record_says_the_record_is_intact(recorded):
    out = StringIO()
    call_command("verify_record", stdout=out)
    assert out.getvalue().strip() == f"the record is intact: 4 entries, head {record_head().hash}"
    call_command("verify_record", "--head", f"4:{record_head().hash}", stdout=out)
    assert "entry 4 has the published hash" in out.getvalue()


def test_verify_record_fails_naming_the_first_mismatch(recorded):
    outcome = Outcome.objects.get()
    _sql("UPDATE claims_outcome SET note = 'Edited afterwards.' WHERE id = %s", [outcome.pk])
    err = StringIO()
    with pytest.raises(
        CommandError,
        match=rf"1 problem\(s\) in 4 entries; the first is entry 1 \(claims.outcome #{outcome.pk}\)",
    ):
        call_command("verify_record", stderr=err)
    assert 'note was "ChatGPT agent launched.", now "Edited afterwards."' in err.getvalue()


def test_verify_record_refuses_a_malformed_head(recorded):
    with pytest.raises(CommandError, match="--head '4:abc': give ENTRIES:HASH as published"):
        call_command("verify_record", "--head", "4:abc")


def test_verify_record_passes_on_the_demo():
    day = dt.date(2026, 11, 23)
    load_demo(today=day, now=noon(day))
    check = verify_record()
    assert check.ok, check.mismatches[:3]
    assert check.entries == sum(
        model.objects.count() for model in (Outcome, Evidence, Clarification, Correction, EditRecord)
    )
    assert check.entries > 0


def test_the_migration_chains_rows_written_before_the_record(reviewer):
    """Rows from before the record (made here without the services) are chained in the order
    they were written, each review's evidence after it, and then verify."""
    first = EvidenceFactory()
    clarification = ClarificationFactory(prediction=first.outcome.prediction)
    second = EvidenceFactory()
    migration = importlib.import_module("claims.migrations.0013_record_chain")
    migration.backfill(apps, None)
    assert list(RecordEntry.objects.order_by("seq").values_list("model", "object_id")) == [
        ("claims.outcome", str(first.outcome_id)),
        ("claims.evidence", str(first.pk)),
        ("claims.clarification", str(clarification.pk)),
        ("claims.outcome", str(second.outcome_id)),
        ("claims.evidence", str(second.pk)),
    ]
    assert verify_record().ok
    # And the record carries on from there.
    _review(PredictionFactory(), reviewer)
    assert verify_record().ok


def test_the_head_is_published_in_the_stats(recorded):
    head = record_head()
    assert api().get("/api/stats/").json()["record"] == {"entries": 4, "head": head.hash}


def test_an_empty_record_publishes_the_genesis_hash(db):
    assert api().get("/api/stats/").json()["record"] == {"entries": 0, "head": GENESIS}


@pytest.mark.parametrize("url", ["/api/predictions/export.csv", "/api/predictions/export.jsonl"])
def test_every_export_carries_the_head_it_began_with(recorded, url):
    head = record_head()
    response = api().get(url)
    assert response.status_code == 200
    assert (response["X-Record-Entries"], response["X-Record-Head"]) == ("4", head.hash)


def test_the_schema_documents_the_head(db):
    schema = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    stats = schema["components"]["schemas"]["Stats"]
    assert "record" in stats["required"]
    assert set(schema["components"]["schemas"]["RecordHead"]["properties"]) == {"entries", "head"}
    for path in ("/api/predictions/export.csv", "/api/predictions/export.jsonl"):
        headers = schema["paths"][path]["get"]["responses"]["200"]["headers"]
        assert set(headers) == {"X-Record-Entries", "X-Record-Head"}


def test_the_overview_shows_the_head(recorded, client, frozen_clock):
    head = record_head()
    page = client.get(reverse("dashboard:overview")).content.decode()
    assert "4 entries:" in page
    assert f'<code class="url">{head.hash}</code>' in page
    assert f"verify_record --head 4:{head.hash}" in page


def _in_threads(*jobs: Callable[[], object]) -> list[object]:
    """Each job in its own thread (so its own database connection), all released at once."""
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
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_valid_chain(curator):
    """Two writers on different predictions (no row lock in common): only the chain lock orders
    them, and every append lands on one unbroken chain."""
    predictions = [PredictionFactory(), PredictionFactory()]
    per_writer = 15

    def writer(prediction: Prediction) -> int:
        for n in range(per_writer):
            add_clarification(prediction=prediction, author=curator, text=f"Clarification {n}.", now=NOW)
        return per_writer

    assert _in_threads(*(lambda p=p: writer(p) for p in predictions)) == [per_writer, per_writer]
    check = verify_record()
    assert check.ok, check.mismatches[:3]
    assert check.head.entries == RecordEntry.objects.count() == 2 * per_writer


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_clarifications_and_reviews_of_one_prediction_do_not_deadlock(curator):
    """Both writers lock the prediction's row before the chain lock. A clarification that took
    the chain lock first and the row last deadlocked against a review (PostgreSQL aborts one:
    a 500 to its client)."""
    prediction = PredictionFactory(reviewers_required=40)
    reviewers = []
    for n in range(12):
        user = User.objects.create_user(f"reviewer-{n}")
        user.groups.add(Group.objects.get(name=REVIEWERS))
        reviewers.append(user)

    def clarify() -> int:
        for n in range(12):
            add_clarification(prediction=prediction, author=curator, text=f"Clarification {n}.", now=NOW)
        return 12

    def review() -> int:
        for user in reviewers:
            _review(prediction, user)
        return 12

    assert _in_threads(clarify, review) == [12, 12]
    check = verify_record()
    assert check.ok, check.mismatches[:3]
    assert Clarification.objects.filter(prediction=prediction).count() == 12
    assert Outcome.objects.filter(prediction=prediction).count() == 12


def _edit(prediction: Prediction, curator, **changes) -> None:
    update_prediction(
        prediction=prediction, expected_version=None, now=NOW, by=curator, face=Face.API, **changes
    )


def _drop_edit_record_guard() -> None:
    """What someone with the database's owner rights could do first."""
    if connection.vendor == "postgresql":
        _sql("DROP TRIGGER claims_edit_record_append_only ON claims_editrecord")
    else:
        _sql("DROP TRIGGER claims_edit_record_append_only")


def test_every_edit_is_chained_in_the_transaction_that_made_it(curator):
    prediction = PredictionFactory(statement_en="Agents in 2025.")
    _edit(prediction, curator, statement_en="AI agents at scale in 2025.")
    edit = EditRecord.objects.get()
    entry = RecordEntry.objects.get(model="claims.editrecord")
    assert entry.object_id == str(edit.pk)
    assert entry.content.startswith(
        f'{{"model":"claims.editrecord","id":"{edit.pk}","fields":{{"object_type":"prediction",'
        f'"object_id":{prediction.pk},"prediction_pk":{prediction.pk},"action":"changed",'
        f'"actor":"{curator.pk}","face":"api",'
    )
    assert '"changes":{"statement_en":["Agents in 2025.","AI agents at scale in 2025."]}' in entry.content
    assert verify_record().ok


def test_an_edit_record_altered_with_raw_sql_is_named(curator):
    prediction = PredictionFactory(statement_en="Agents in 2025.")
    _edit(prediction, curator, statement_en="AI agents at scale in 2025.")
    edit = EditRecord.objects.get()
    _drop_edit_record_guard()
    _sql(
        "UPDATE claims_editrecord SET changes = %s WHERE id = %s",
        ['{"statement_en": ["Agents in 2025.", "Agents in 2030."]}', edit.pk],
    )
    problem = _first(verify_record())
    assert problem.startswith(f"entry 1 (claims.editrecord #{edit.pk}): the row was altered: changes was")


def test_an_edit_record_deleted_with_raw_sql_is_detected(curator):
    prediction = PredictionFactory(statement_en="Agents in 2025.")
    _edit(prediction, curator, statement_en="AI agents at scale in 2025.")
    _edit(prediction, curator, statement_en="Agents, at scale, in 2025.")
    first = EditRecord.objects.order_by("id").first()
    _drop_edit_record_guard()
    _sql("DELETE FROM claims_editrecord WHERE id = %s", [first.pk])
    assert _first(verify_record()) == f"entry 1 (claims.editrecord #{first.pk}): the row was deleted"


def test_a_refused_edit_leaves_nothing_in_the_record(curator):
    prediction = PredictionFactory()
    with pytest.raises(Exception, match="9999"):
        _edit(prediction, curator, said_on=dt.date(9999, 12, 31))
    assert not RecordEntry.objects.exists()


def test_the_migration_chains_the_edits_written_before_they_joined_the_record(curator, reviewer):
    """Edit records from before (chained by hand here as if they had not been) are appended after
    the record's head, oldest first, and then verify."""
    _review(PredictionFactory(), reviewer)
    prediction = PredictionFactory(statement_en="Agents in 2025.")
    _edit(prediction, curator, statement_en="AI agents at scale in 2025.")
    _edit(prediction, curator, statement_en="Agents, at scale, in 2025.")
    RecordEntry.objects.filter(model="claims.editrecord").delete()
    migration = importlib.import_module("claims.migrations.0019_edit_history_in_record")
    migration.append_existing_edits(apps, None)
    edits = list(EditRecord.objects.order_by("at", "id").values_list("pk", flat=True))
    entries = list(RecordEntry.objects.order_by("seq").values_list("model", "object_id"))
    assert entries[2:] == [("claims.editrecord", str(pk)) for pk in edits]
    assert verify_record().ok
