"""All or nothing: each service that writes several rows does it in one transaction, so a failure
between its writes leaves nothing behind. Each test breaks a write after an earlier one has gone
through; each fails if the service's transaction.atomic is removed (the other services' guards
live beside their features: test_flag_due, test_api_outcomes, test_parts, test_predictions,
test_api_predictions_write, test_lineage)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError
from django.db.models import QuerySet

from claims.demo import loader
from claims.groups import REVIEWERS
from claims.models import (
    CandidateState,
    Clarification,
    Digest,
    DigestItem,
    ExtractionCandidate,
    Face,
    Prediction,
    Source,
    Speaker,
)
from claims.services import digest as digest_service
from claims.services.candidates import accept_candidate, store_candidates
from claims.services.criteria import add_clarification
from claims.services.digest import send_reviewer_digests
from claims.services.due import flag_due_predictions
from claims.services.sources import import_source, update_source
from tests.clock import NOW, TODAY, stopped_at
from tests.factories import PredictionFactory, SourceFactory, SpeakerFactory, user_in

pytestmark = pytest.mark.django_db


class Crash(Exception):
    """The worker dies, or the database refuses, between two writes of one service."""


def crash(*args, **kwargs):
    raise Crash("between two writes")


def test_a_clarification_and_the_version_it_bumps_are_one_transaction():
    prediction = PredictionFactory()
    version = prediction.version
    # The second write, the prediction's UPDATE, is refused by the database: updated_at cannot
    # be null. The clarification inserted just before must go with it.
    with pytest.raises(IntegrityError):
        add_clarification(prediction=prediction, author=None, text="Weekly use counts.", now=None)
    assert not Clarification.objects.exists()
    assert Prediction.objects.get(pk=prediction.pk).version == version


def test_stored_candidates_and_their_links_are_one_transaction(monkeypatch):
    source = SourceFactory(said_on=dt.date(2024, 10, 1))
    # The candidates are inserted, then linked to what they restate: the link step fails.
    monkeypatch.setattr(ExtractionCandidate.objects, "bulk_update", crash)
    with pytest.raises(Crash):
        store_candidates(source)
    assert not ExtractionCandidate.objects.exists()

    monkeypatch.undo()
    assert store_candidates(source).created == 3  # a rerun stores them all


def test_accepting_a_candidate_and_marking_it_accepted_are_one_transaction(monkeypatch):
    source = SourceFactory(said_on=dt.date(2024, 10, 1))
    SpeakerFactory(name="Sam Altman")
    store_candidates(source)
    candidate = ExtractionCandidate.objects.get(quote="我们会在几个月内实现1000万token的上下文。")
    # The prediction is created, then the candidate is marked accepted: that save fails.
    monkeypatch.setattr(ExtractionCandidate, "save", crash)
    with pytest.raises(Crash):
        accept_candidate(candidate, user=None, now=NOW)
    assert not Prediction.objects.exists()
    monkeypatch.undo()
    candidate.refresh_from_db()
    assert (candidate.state, candidate.prediction) == (CandidateState.PROPOSED, None)


def test_a_digest_claim_and_its_items_are_one_transaction(settings, monkeypatch):
    """A claim whose items could not be attached is released with them, so the retry sends the
    digest at once instead of waiting out the lease of a claim nobody holds."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reviewer = user_in("rui", REVIEWERS)
    PredictionFactory(window_overridden=True, due_earliest=None, due_latest=TODAY - dt.timedelta(days=1))
    flag_due_predictions(TODAY, now=NOW)
    monkeypatch.setattr(digest_service, "_attach_new_flags", crash)
    with pytest.raises(Crash):
        send_reviewer_digests(TODAY, clock=stopped_at(NOW))
    digest = Digest.objects.get(reviewer=reviewer)
    assert (digest.claimed_at, digest.processed_at) == (None, None)
    assert not DigestItem.objects.exists()

    monkeypatch.undo()
    assert send_reviewer_digests(TODAY, clock=stopped_at(NOW)) == digest_service.DigestRun(emailed=1)
    assert len(mail.outbox) == 1


def test_a_source_stored_meanwhile_by_another_process_is_returned(monkeypatch):
    """The duplicate check passed, then another process stored the same text before our INSERT:
    the unique constraint refuses it and the import returns the stored source. The INSERT runs
    in a savepoint, so the caller's transaction (an API request) goes on after the refusal."""
    text = "# 访谈\n\nSam Altman：明年会更好。\n"
    theirs: list = []
    first = QuerySet.first

    def another_process_stores_it_after_our_check(self):
        found = first(self)
        if self.model is Source and not theirs:
            theirs.append(SourceFactory(text=text, title="Theirs"))
        return found

    monkeypatch.setattr(QuerySet, "first", another_process_stores_it_after_our_check)

    result = import_source(text.encode(), name="ours.txt")

    assert (result.created, result.source.pk, result.source.title) == (False, theirs[0].pk, "Theirs")
    assert Source.objects.count() == 1


def test_a_batch_that_meets_a_text_stored_meanwhile_is_imported_file_by_file(monkeypatch, tmp_path):
    """import_sources' batch INSERT is refused whole by the unique index when another process
    stored one of its texts after the lookup: nothing of the batch stays, and each file is then
    imported alone, the one stored meanwhile found as theirs."""
    from claims.services.sources import import_source_files

    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"# 第{n}篇\n\n正文{n}。\n", encoding="utf-8")
    theirs = []
    in_bulk = QuerySet.in_bulk

    def another_process_stores_one_after_our_check(self, *args, **kwargs):
        found = in_bulk(self, *args, **kwargs)
        if self.model is Source and not theirs:
            theirs.append(SourceFactory(text="# 第1篇\n\n正文1。\n", title="Theirs"))
        return found

    monkeypatch.setattr(QuerySet, "in_bulk", another_process_stores_one_after_our_check)

    done = list(import_source_files(sorted(tmp_path.iterdir())))

    assert [(d.result.created, d.result.source.title) for d in done if d.result] == [
        (True, "第0篇"),
        (False, "Theirs"),
        (True, "第2篇"),
    ]
    assert Source.objects.count() == 3


@pytest.mark.postgres  # SQLite has no row locks: select_for_update does nothing there
@pytest.mark.django_db(transaction=True)
def test_a_source_is_locked_while_it_is_checked_and_saved():
    """update_source locks the row (SELECT ... FOR UPDATE) for the check and the save; outside a
    transaction, as a command or a task runs it, the lock needs its own."""
    source = SourceFactory(title="Old title")
    update_source(by=None, face=Face.API, now=NOW, source=source, title="New title")
    assert Source.objects.get(pk=source.pk).title == "New title"


def test_the_demo_loads_whole_or_not_at_all(monkeypatch):
    # Everything is written, then the due job runs last: it fails.
    monkeypatch.setattr(loader, "flag_due_predictions", crash)
    with pytest.raises(Crash):
        loader.load_demo(today=TODAY, now=NOW)
    assert (Source.objects.count(), Speaker.objects.count(), Prediction.objects.count()) == (0, 0, 0)
