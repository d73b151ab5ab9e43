"""GET /api/predictions/?page_size=50 under concurrent load, against a raw-SQL baseline.

100,000 predictions (one span and one topic each, 1 in 10 resolved with its review, 1 in 30
with a clarification of its criteria) are loaded with set-based SQL. One server
(bench/wsgi_server.py: 2 pre-forked processes of 4 threads, DEBUG off) serves both the API and
the baseline view of bench/api_urls.py, which builds the same JSON page with raw SQL, the
project's own rendering of a prediction (PredictionSerializer's) and json.dumps. The rendering
is on both sides, so the ratio is the cost of the rest: the ORM, DRF's view, filters,
pagination, permissions and middleware. CLIENTS threads on loopback each send REQUESTS requests
to one side, then the other; the sides alternate over ROUNDS rounds and the latencies of all
rounds are pooled.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.db import connection

PREDICTIONS = 100_000
SOURCES = 200
SPEAKERS = 50
TOPICS = 10
CLIENTS = 8
REQUESTS = 40  # per client per round
ROUNDS = 3
PROCESSES = 2  # one per core, as gunicorn's docs suggest at least
THREADS = 4  # per process: 8 requests in flight, as many as there are clients
SENTENCE = "我认为2025年将是代理之年。明年会更好。"
API_PATH = "/api/predictions/?page_size=50"
BASELINE_PATH = "/bench/baseline/predictions/?page_size=50"
ROOT = Path(__file__).resolve().parent.parent


def _execute(sql: str, params: dict | list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def _load(count: int = PREDICTIONS) -> None:
    """Speakers, topics, sources and `count` predictions (100k), each with a span whose quote really is
    the source's text at its offsets (the span_quote_length constraint checks the length)."""
    _execute(
        "TRUNCATE claims_prediction, claims_speaker, claims_source, claims_topic, claims_dueflag, "
        "claims_outcome, claims_span, claims_prediction_topics, claims_clarification CASCADE"
    )
    _execute(
        "INSERT INTO claims_speaker (name, aliases, role) "
        "SELECT 'Speaker ' || n, '[]', 'CEO' FROM generate_series(1, %s) AS n",
        [SPEAKERS],
    )
    _execute(
        "INSERT INTO claims_topic (slug, name) SELECT 'topic-' || n, 'Topic ' || n FROM generate_series(1, %s) AS n",
        [TOPICS],
    )
    # A 20-character header, then the sentence 50 times: span k of a source starts at 20 + k·len.
    _execute(
        """
        INSERT INTO claims_source (title, url, publisher, author, language, published_on, said_on,
            said_on_inferred, file_name, text, sha256, created_at)
        SELECT 'Interview ' || n, '', '', '', 'zh-Hans', DATE '2024-10-07', DATE '2024-10-01', false, '',
               t, encode(sha256(convert_to(t, 'UTF8')), 'hex'), now()
          FROM (SELECT n, 'Bench source ' || lpad(n::text, 6, '0') || E'\\n' || repeat(%(sentence)s, 50) AS t
                  FROM generate_series(1, %(sources)s) AS n) AS texts
        """,
        {"sentence": SENTENCE, "sources": SOURCES},
    )
    _execute(
        """
        INSERT INTO claims_prediction (statement, statement_en, kind, said_on, horizon_text,
            due_earliest, due_latest, vague, boundary_ambiguous, rules_version, window_overridden,
            confidence, resolution_criteria, reviewers_required, review_round, status, verdict,
            verdict_known_on, verdict_reviewers, verdict_adjudicated, verdict_evidence_archived,
            version, created_at, updated_at, speaker_id, correction_count)
        SELECT %(sentence)s, 'Prediction ' || n, 'prediction', DATE '2024-10-01', '2025年',
               DATE '2025-01-01', DATE '2025-12-31' + (n %% 1000), false, false, '2026.1', false,
               (ARRAY['', 'certain', 'expects', 'likely', 'maybe'])[1 + n %% 5],
               'Came true if agents were in everyday use by millions of people by the due date.', 1, 1,
               CASE WHEN n %% 10 = 0 THEN 'resolved' ELSE 'open' END,
               CASE WHEN n %% 10 = 0 THEN 'came_true' ELSE '' END,
               CASE WHEN n %% 10 = 0 THEN DATE '2025-07-17' END,
               CASE WHEN n %% 10 = 0 THEN 1 ELSE 0 END,
               false, false,
               1, now(), now(), (SELECT min(id) FROM claims_speaker) + n %% %(speakers)s, 0
          FROM generate_series(1, %(count)s) AS n
        """,
        {"sentence": SENTENCE, "speakers": SPEAKERS, "count": count},
    )
    length = len(SENTENCE)
    _execute(
        """
        INSERT INTO claims_span (prediction_id, source_id, start, "end", quote, prefix, suffix, role,
                                 since_correction)
        SELECT p.id, s.id, o.start, o.start + %(length)s,
               substring(s.text from o.start + 1 for %(length)s),
               substring(s.text from greatest(o.start - 32, 0) + 1 for o.start - greatest(o.start - 32, 0)),
               substring(s.text from o.start + %(length)s + 1 for 32),
               'statement', 0
          FROM claims_prediction p
          JOIN LATERAL (SELECT (20 + (p.id %% 50) * %(length)s)::int AS start) o ON true
          JOIN claims_source s ON s.id = (SELECT min(id) FROM claims_source) + p.id %% %(sources)s
        """,
        {"length": length, "sources": SOURCES},
    )
    _execute(
        """
        INSERT INTO claims_prediction_topics (prediction_id, topic_id)
        SELECT p.id, (SELECT min(id) FROM claims_topic) + p.id %% %s FROM claims_prediction p
        """,
        [TOPICS],
    )
    # Each verdict has its review (which froze the criteria); a third of them a clarification.
    _execute(
        """
        INSERT INTO claims_outcome (prediction_id, kind, round, verdict, known_on, note, recorded_at)
        SELECT id, 'review', 1, verdict, verdict_known_on, 'ChatGPT agent launched.', now()
          FROM claims_prediction WHERE status = 'resolved'
        """
    )
    _execute(
        """
        INSERT INTO claims_clarification (prediction_id, text, author_id, added_at)
        SELECT id, 'Everyday use: a product millions use weekly, not a demo.', NULL, now()
          FROM claims_prediction WHERE status = 'resolved' AND id %% 3 = 0
        """
    )
    _execute("VACUUM ANALYZE")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.api_settings",
        "DEBUG": "false",
        # A throwaway key per run: with DEBUG off the settings refuse a short or well-known one.
        "SECRET_KEY": secrets.token_urlsafe(50),
        # Plain HTTP on loopback: with DEBUG off every request would otherwise redirect to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        # Throttling stays on (it is part of serving a request) at a rate far above the load.
        # Per second, not per minute: DRF keeps one timestamp per request of the window, and a
        # minute at bench speed would make that history thousands long, unlike any real rate.
        "API_THROTTLE_ANON": "100000/second",
        "API_THROTTLE_USER": "100000/second",
        # The baseline is a page, not an API view: the page throttle would answer it with 429s.
        "PAGE_THROTTLE_ANON": "100000/second",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.wsgi_server",
            "--port",
            str(port),
            "--processes",
            str(PROCESSES),
            "--threads",
            str(THREADS),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so stopping it stops every worker
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            _get(port, "/api/")
            return process
        except OSError:
            time.sleep(0.2)
    _stop(process)
    raise RuntimeError("the bench server did not start within 30 s")


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Accept": "application/json"})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status}: {body[:300]!r}")
        return body
    finally:
        conn.close()


def _load_test(port: int, path: str) -> list[float]:
    """CLIENTS threads each send REQUESTS requests back to back; returns every latency in ms."""
    latencies: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client() -> None:
        mine = []
        start.wait()
        for _ in range(REQUESTS):
            began = time.perf_counter()
            _get(port, path)
            mine.append((time.perf_counter() - began) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def _percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def run(report) -> None:
    started = time.perf_counter()
    _load()
    report.line(f"loaded {PREDICTIONS:,} predictions in {time.perf_counter() - started:.1f}s")
    port = _free_port()
    server = _start_server(port)
    try:
        ours_body, base_body = json.loads(_get(port, API_PATH)), json.loads(_get(port, BASELINE_PATH))
        if ours_body != base_body:
            raise AssertionError("the baseline and the API return different pages: the bench would be unfair")
        for path in (API_PATH, BASELINE_PATH):  # warm up every server thread and its connection
            _load_test(port, path)
        ours: list[float] = []
        baseline: list[float] = []
        for _ in range(ROUNDS):
            ours += _load_test(port, API_PATH)
            baseline += _load_test(port, BASELINE_PATH)
    finally:
        _stop(server)
    report.line(
        f"{len(ours)} requests per side, {CLIENTS} concurrent clients, "
        f"{PROCESSES} server processes x {THREADS} threads, loopback"
    )
    name = "GET /api/predictions/?page_size=50"
    report.ratio(f"{name} p50", _percentile(ours, 50), _percentile(baseline, 50), unit="ms", target=2.0)
    report.ratio(f"{name} p95", _percentile(ours, 95), _percentile(baseline, 95), unit="ms", target=2.0)
