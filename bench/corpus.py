"""A corpus across workers: extract_corpus's tasks over 1, 2 and 4 real Celery worker processes.

The corpus: BENCH_CORPUS_FILES (default 240) transcripts cut from the seeds and the evaluation
texts (claims/demo/seeds, tests/eval/*/texts), each a different stretch of 1,500 to 6,000
characters under a dated header, so the files vary in language and length. Every worker count
gets the same texts with its own marker line, so each run imports and extracts all of them
afresh (the importer would otherwise find them stored already).

For each count, `celery -A tracker worker --concurrency=1` processes are started against this
database and CELERY_BROKER_URL (Redis), warmed up with a small run, and then timed from queueing
the run (enqueue_corpus_run: one Celery group) until its last file is finished, as a curator
waits for it. Figures: files per second for each count; the speed-up from 1 to 2 workers
(target at least 1.6x: on 2 cores, most of the work parallel) and from 1 to 4 (no target: 4
workers on 2 cores share them). Wall-clock seconds: the point is the elapsed time, so other load
on a shared machine counts against it; run it on a quiet machine for the figures that matter.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    *sorted((ROOT / "claims" / "demo" / "seeds").glob("*.txt")),
    *sorted(ROOT.glob("tests/eval/*/texts/*.txt")),
]
WORKER_COUNTS = (1, 2, 4)
TARGET_SPEEDUP_2 = 1.6
QUEUE = "celery"  # the default queue: enqueue_corpus_run publishes there


def write_corpus(folder: Path, count: int, marker: str) -> None:
    from claims.text import canonicalize_bytes

    bodies = [canonicalize_bytes(path.read_bytes(), name=path.name) for path in TEXTS]
    folder.mkdir(parents=True)
    for n in range(count):
        body = bodies[n % len(bodies)]
        size = 1500 + (n * 977) % 4500
        start = (n * 7919) % max(1, len(body) - size)
        header = f"# 访谈 {marker} 第{n}篇\n\n发布时间: 2024-{n % 12 + 1:02d}-07 10:00\n\n"
        (folder / f"{n:05d}.txt").write_text(header + body[start : start + size] + "\n", encoding="utf-8")


class Workers:
    """`count` worker processes, each `celery worker --concurrency=1`, stopped on exit."""

    def __init__(self, count: int, logs: Path) -> None:
        self.logs = [logs / f"worker-{count}-{n}.log" for n in range(count)]
        command = [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--concurrency=1"]
        command += ["--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.processes = []
        for log in self.logs:
            with log.open("ab") as out:
                name = ["--hostname", f"bench-{uuid.uuid4().hex[:6]}@%h", "--queues", QUEUE]
                self.processes.append(
                    subprocess.Popen([*command, *name], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
                )

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def timed_run(folder: Path, timeout: float = 900) -> tuple[float, int]:
    """Seconds from queueing a run over `folder` until every file is finished; files done."""
    from django.utils import timezone

    from claims.extraction.tasks import enqueue_corpus_run
    from claims.services.corpus import corpus_run_create

    run = corpus_run_create(paths=[str(folder)], now=timezone.now())
    started = time.perf_counter()
    enqueue_corpus_run(run, now=timezone.now())
    while (progress := run.progress()).pending:
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"corpus run #{run.pk} unfinished after {timeout}s: {progress}")
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if progress.failed:
        raise RuntimeError(f"corpus run #{run.pk}: {progress.failed} file(s) failed")
    return elapsed, progress.done


def run(report) -> None:
    from django.conf import settings
    from kombu import Connection

    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        report.line("corpus: skipped, it needs real workers: set CELERY_BROKER_URL=redis://127.0.0.1:6379/N")
        return
    with Connection(settings.CELERY_BROKER_URL) as broker:
        broker.default_channel.queue_purge(QUEUE)
    files = int(os.getenv("BENCH_CORPUS_FILES", "240"))
    rates: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="hindsight-corpus-") as tmp:
        tmp_path = Path(tmp)
        for count in WORKER_COUNTS:
            corpus = tmp_path / f"corpus-{count}"
            write_corpus(corpus, files, marker=f"{count}w")
            write_corpus(tmp_path / f"warm-{count}", 4 * count, marker=f"warm{count}w")
            with Workers(count, tmp_path):
                timed_run(tmp_path / f"warm-{count}", timeout=120)  # workers up, modules loaded
                seconds, done = timed_run(corpus)
            rates[count] = done / seconds
            report.line(
                f"corpus, {count} worker(s): {done} files in {seconds:.2f} s = {rates[count]:.1f} files/s"
            )
    report.ratio(
        "corpus speed-up, 2 workers vs 1", rates[2], rates[1], unit="files/s", at_least=TARGET_SPEEDUP_2
    )
    report.ratio("corpus speed-up, 4 workers vs 1", rates[4], rates[1], unit="files/s")
