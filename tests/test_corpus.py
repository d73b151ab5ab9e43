"""Corpus runs (extract_corpus): each file claimed once, a dead worker's file taken again after
its lease, a bad file recorded while the rest is done, progress figures, the command, the admin
and the API faces, and real workers sharing a run."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from kombu import Connection
from rest_framework.test import APIClient

from claims.extraction.tasks import enqueue_corpus_run
from claims.models import CLAIM_LEASE, CorpusFileState, CorpusRun, ExtractionCandidate, Source
from claims.services import corpus
from claims.services.corpus import corpus_file_claim, corpus_file_process, corpus_run_create
from tests.api_helpers import api
from tests.clock import NOW, stopped_at
from tests.test_celery_worker import Worker, wait_for
from tracker.celery import app

pytestmark = pytest.mark.django_db


def transcript(n: int, *, dated: bool = True) -> str:
    """A small transcript, different for each n, with two predictions the extractor proposes."""
    header = "发布时间: 2024-10-07 10:00\n" if dated else ""
    return (
        f"# 访谈第{n}期\n\n{header}\n"
        f"Sam Altman：我认为2025年将是代理之年。第{n}期里他还说，明年会更好。\n"
        f"黃仁勳：未來十年，記憶體需求會增長{n + 2}倍。\n"
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    for n in range(3):
        (corpus_dir / f"talk-{n}.txt").write_text(transcript(n), encoding="utf-8")
    return corpus_dir


def a_run(folder: Path) -> CorpusRun:
    return corpus_run_create(paths=[str(folder)], now=NOW)


def test_it_records_each_file_with_its_checksum_and_queues_nothing(folder):
    run = a_run(folder)

    files = list(run.files.order_by("path"))
    assert [Path(f.path).name for f in files] == ["talk-0.txt", "talk-1.txt", "talk-2.txt"]
    assert files[0].checksum == hashlib.sha256((folder / "talk-0.txt").read_bytes()).hexdigest()
    assert {f.state for f in files} == {CorpusFileState.PENDING}
    assert not Source.objects.exists()


def test_it_gives_a_file_to_one_of_two_claims(folder):
    file = a_run(folder).files.first()

    assert corpus_file_claim(file.pk, now=NOW) is True
    assert corpus_file_claim(file.pk, now=NOW + dt.timedelta(seconds=1)) is False
    file.refresh_from_db()
    assert file.claimed_at == NOW


def test_a_claim_is_free_again_once_its_lease_has_run_out_but_a_finished_file_never(folder):
    first, second = a_run(folder).files.all()[:2]
    corpus_file_claim(first.pk, now=NOW)

    assert corpus_file_claim(first.pk, now=NOW + CLAIM_LEASE) is False  # the boundary: still held
    assert corpus_file_claim(first.pk, now=NOW + CLAIM_LEASE + dt.timedelta(seconds=1)) is True

    corpus_file_process(file_id=second.pk, clock=stopped_at(NOW))
    assert corpus_file_claim(second.pk, now=NOW + 10 * CLAIM_LEASE) is False


def test_it_imports_and_extracts_a_file_once_however_often_its_task_runs(folder):
    file = a_run(folder).files.first()

    done = corpus_file_process(file_id=file.pk, clock=stopped_at(NOW))
    again = corpus_file_process(file_id=file.pk, clock=stopped_at(NOW + dt.timedelta(hours=1)))

    assert again is None
    assert done.state == CorpusFileState.DONE
    assert done.finished_at == NOW
    assert Source.objects.count() == 1
    assert done.source == Source.objects.get()
    assert done.candidates_created == ExtractionCandidate.objects.count() > 0


def test_a_database_error_rolls_the_file_back_and_gives_its_claim_back_for_the_retry(folder):
    file = a_run(folder).files.first()

    lost = DatabaseError("connection lost")
    with mock.patch.object(corpus, "store_candidates", side_effect=lost), pytest.raises(DatabaseError):
        corpus_file_process(file_id=file.pk, clock=stopped_at(NOW))
    file.refresh_from_db()
    assert (file.state, file.claimed_at) == (CorpusFileState.PENDING, None)
    assert not Source.objects.exists()  # the import was in the same transaction

    corpus_file_process(file_id=file.pk, clock=stopped_at(NOW))  # the retry
    assert Source.objects.count() == 1


def test_a_worker_whose_lease_ran_out_mid_file_undoes_its_work(folder):
    """A slow worker's lease ran out and a resume gave the file to another worker: the slow
    one's import is rolled back, so the source is imported once (by the other)."""
    file = a_run(folder).files.first()
    real_store = corpus.store_candidates

    def taken_meanwhile(source, **kwargs):
        corpus_file_claim(file.pk, now=NOW + CLAIM_LEASE + dt.timedelta(minutes=1))
        return real_store(source, **kwargs)

    with mock.patch.object(corpus, "store_candidates", side_effect=taken_meanwhile):
        assert corpus_file_process(file_id=file.pk, clock=stopped_at(NOW)) is None
    file.refresh_from_db()
    assert file.state == CorpusFileState.PENDING
    assert not Source.objects.exists()
    assert not ExtractionCandidate.objects.exists()


def test_a_resume_takes_a_dead_workers_file_and_leaves_a_live_ones(folder, frozen_clock):
    run = a_run(folder)
    dead, live, untouched = run.files.order_by("path")
    corpus_file_claim(dead.pk, now=NOW - CLAIM_LEASE - dt.timedelta(minutes=1))  # died long ago
    corpus_file_claim(live.pk, now=NOW - dt.timedelta(minutes=1))  # still working on it

    queued = enqueue_corpus_run(run, now=NOW)  # eager: done before it returns

    assert queued == 2
    states = dict(run.files.values_list("pk", "state"))
    assert states == {dead.pk: "done", live.pk: "pending", untouched.pk: "done"}
    assert Source.objects.count() == 2


def test_a_bad_file_is_recorded_with_its_error_and_the_rest_is_done(folder, frozen_clock):
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "undated.txt").write_text(transcript(9, dated=False), encoding="utf-8")
    run = a_run(folder)

    enqueue_corpus_run(run, now=NOW)

    errors = dict(run.files.filter(state=CorpusFileState.FAILED).values_list("path", "error"))
    assert errors == {
        str(
            folder / "binary.txt"
        ): f"{folder / 'binary.txt'}: looks like a binary file (it contains NUL bytes)",
        str(folder / "empty.txt"): f"{folder / 'empty.txt'}: the file is empty",
        str(
            folder / "undated.txt"
        ): f"{folder / 'undated.txt'}: the text has no date (发布时间 line) and the "
        "run has no said_on; give one with --said-on",
    }
    assert run.files.filter(state=CorpusFileState.DONE).count() == 3
    assert Source.objects.count() == 3  # nothing of the undated file stays


def test_a_run_with_said_on_dates_the_texts_that_have_no_date(folder, frozen_clock):
    (folder / "undated.txt").write_text(transcript(9, dated=False), encoding="utf-8")
    run = corpus_run_create(paths=[str(folder / "undated.txt")], now=NOW, said_on=dt.date(2024, 5, 1))

    enqueue_corpus_run(run, now=NOW)

    file = run.files.get()
    assert file.state == CorpusFileState.DONE
    assert file.source.candidates.filter(due_latest=dt.date(2025, 12, 31)).exists()


def test_a_file_changed_after_the_run_started_fails_rather_than_importing_other_words(folder):
    run = a_run(folder)
    file = run.files.order_by("path").first()
    Path(file.path).write_text(transcript(7), encoding="utf-8")

    finished = corpus_file_process(file_id=file.pk, clock=stopped_at(NOW))

    assert finished.state == CorpusFileState.FAILED
    assert "the file changed after the run started" in finished.error
    assert not Source.objects.exists()


def test_progress_counts_finished_files_and_rounds_down(folder):
    (folder / "binary.txt").write_bytes(b"\x00")
    run = a_run(folder)
    files = list(run.files.order_by("path"))  # binary.txt, talk-0, talk-1, talk-2
    assert str(run.progress()) == "0% (0 done, 0 failed, 4 to go, of 4)"

    for file in files[:2]:
        corpus_file_process(file_id=file.pk, clock=stopped_at(NOW))
    corpus_file_claim(files[2].pk, now=NOW)  # claimed is not finished

    progress = run.progress()
    assert (progress.done, progress.failed, progress.pending, progress.percent) == (1, 1, 2, 50)
    annotated = CorpusRun.objects.with_progress().get(pk=run.pk).progress()
    assert annotated == progress
    corpus_file_process(file_id=files[3].pk, clock=stopped_at(NOW))
    assert run.progress().percent == 75


def test_the_command_shows_a_bar_and_the_summary(folder, frozen_clock):
    (folder / "binary.txt").write_bytes(b"\x00\x01")
    out, err = StringIO(), StringIO()

    call_command("extract_corpus", str(folder), stdout=out, stderr=err)

    run = CorpusRun.objects.get()
    candidates = ExtractionCandidate.objects.count()
    assert out.getvalue().splitlines()[-1] == (
        f"corpus run #{run.pk}: 3 done, 1 failed, 0 unfinished, of 4; {candidates} new candidate(s)"
    )
    assert f"failed {folder / 'binary.txt'}: looks like a binary file" in err.getvalue()
    assert "4/4" in err.getvalue()  # the bar's last state
    assert Source.objects.count() == 3


def test_the_command_resumes_a_run_and_imports_nothing_twice(folder, frozen_clock):
    run = a_run(folder)
    first = run.files.order_by("path").first()
    corpus_file_process(file_id=first.pk, clock=stopped_at(NOW))
    out = StringIO()

    call_command("extract_corpus", "--resume", str(run.pk), stdout=out, stderr=StringIO())

    assert f"corpus run #{run.pk}: 3 done, 0 failed, 0 unfinished, of 3" in out.getvalue()
    assert Source.objects.count() == 3
    assert CorpusRun.objects.count() == 1


def test_the_command_says_what_is_wrong(folder):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("extract_corpus", str(folder / "missing"))
    with pytest.raises(CommandError, match="There is no corpus run #99"):
        call_command("extract_corpus", "--resume", "99")
    with pytest.raises(CommandError, match="Give either PATH"):
        call_command("extract_corpus")
    assert not CorpusRun.objects.exists()


def test_the_admin_starts_a_run_under_corpus_root_and_shows_its_percentage(
    client, curator, folder, settings, frozen_clock, django_capture_on_commit_callbacks
):
    settings.CORPUS_ROOT = str(folder.parent)
    client.force_login(curator)

    with django_capture_on_commit_callbacks(execute=True):  # the files are queued once the run is saved
        response = client.post(reverse("admin:claims_corpusrun_add"), {"paths": "corpus\n", "said_on": ""})

    assert response.status_code == 302, response.content.decode()
    run = CorpusRun.objects.get()
    assert (run.created_by, run.progress().done) == (curator, 3)
    page = client.get(reverse("admin:claims_corpusrun_changelist")).content.decode()
    assert "100%" in page
    detail = client.get(reverse("admin:claims_corpusrun_change", args=[run.pk])).content.decode()
    assert "100% (3 done, 0 failed, 0 to go, of 3)" in detail


def test_the_admin_refuses_a_path_outside_corpus_root(client, curator, folder, settings):
    settings.CORPUS_ROOT = str(folder)
    client.force_login(curator)

    response = client.post(reverse("admin:claims_corpusrun_add"), {"paths": "../../etc", "said_on": ""})

    assert response.status_code == 200
    assert "give a path inside the corpus folder" in response.content.decode()
    assert not CorpusRun.objects.exists()


def test_the_admin_resumes_the_selected_runs(client, curator, folder, frozen_clock):
    run = a_run(folder)
    client.force_login(curator)

    client.post(
        reverse("admin:claims_corpusrun_changelist"), {"action": "resume", "_selected_action": [run.pk]}
    )

    assert run.progress().done == 3


def test_the_api_starts_follows_and_resumes_a_run_for_curators(
    curator, reader, folder, settings, frozen_clock
):
    settings.CORPUS_ROOT = str(folder.parent)
    (folder / "binary.txt").write_bytes(b"\x00")
    url = reverse("extraction:corpus-run-list")

    assert api(reader).post(url, {"paths": ["corpus"]}, format="json").status_code == 403
    response = api(curator).post(url, {"paths": ["corpus"]}, format="json")

    assert response.status_code == 200, response.json()  # eager: finished within the request
    body = response.json()
    assert body["progress"] == {"total": 4, "done": 3, "failed": 1, "pending": 0, "percent": 100}
    assert body["failures"] == [
        {
            "path": str(folder / "binary.txt"),
            "error": f"{folder / 'binary.txt'}: looks like a binary file (it contains NUL bytes)",
        }
    ]
    assert body["queued"] == 4
    detail = api(curator).get(reverse("extraction:corpus-run-detail", args=[body["id"]])).json()
    assert detail["progress"]["percent"] == 100
    resumed = api(curator).post(reverse("extraction:corpus-run-resume", args=[body["id"]]))
    assert (resumed.status_code, resumed.json()["queued"]) == (200, 0)
    assert Source.objects.count() == 3


def test_the_api_says_when_corpus_root_is_not_set_or_a_path_leaves_it(curator, folder, settings):
    url = reverse("extraction:corpus-run-list")
    settings.CORPUS_ROOT = ""
    response = api(curator).post(url, {"paths": ["corpus"]}, format="json")
    assert response.status_code == 400
    assert "CORPUS_ROOT, which is not set" in str(response.json())

    settings.CORPUS_ROOT = str(folder)
    response = api(curator).post(url, {"paths": ["../.."]}, format="json")
    assert response.status_code == 400
    assert "give a path inside the corpus folder" in str(response.json())
    assert not CorpusRun.objects.exists()


def test_the_schema_documents_corpus_runs(client):
    schema = client.get(reverse("api:schema")).content.decode()
    assert "/api/corpus-runs/{id}/resume/" in schema
    assert "Start a corpus run" in schema


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_real_workers_share_a_run_and_import_each_file_once(tmp_path):
    """Two `celery worker` processes against Redis and PostgreSQL, the tasks published as one
    group on the default queue; a resume of the finished run queues nothing."""
    with Connection(django_settings.CELERY_BROKER_URL) as broker:
        broker.default_channel.queue_purge("celery")
    texts = tmp_path / "corpus"
    texts.mkdir()
    for n in range(12):
        (texts / f"talk-{n}.txt").write_text(transcript(n), encoding="utf-8")
    app.conf.task_always_eager = False  # conftest's autouse fixture puts it back
    workers = [Worker("celery", tmp_path / f"worker-{n}.log") for n in range(2)]
    try:
        run = corpus_run_create(paths=[str(texts)], now=timezone.now())
        assert enqueue_corpus_run(run, now=timezone.now()) == 12
        wait_for(lambda: run.progress().pending == 0, "the workers to finish the run", timeout=60)
    finally:
        for worker in workers:
            worker.stop()

    assert run.progress().done == 12
    assert Source.objects.count() == 12
    assert sorted(run.files.values_list("source_id", flat=True)) == sorted(
        Source.objects.values_list("pk", flat=True)
    )
    logs = "".join(worker.output() for worker in workers)
    assert logs.count(" done: source #") == 12  # each file's work done once, by one worker
    assert enqueue_corpus_run(run, now=timezone.now()) == 0  # a resume of a finished run


def test_the_api_lists_runs_with_their_progress_in_a_fixed_number_of_queries(
    curator, folder, django_assert_num_queries
):
    for _ in range(3):
        a_run(folder)
    client = APIClient()
    client.force_authenticate(curator)
    # Queries: the user's permissions, the count, one page of runs with their figures (grouped).
    with django_assert_num_queries(3):
        response = client.get(reverse("extraction:corpus-run-list"))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["progress"]["pending"] for row in rows] == [3, 3, 3]
    assert "failures" not in rows[0]
