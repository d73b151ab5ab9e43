"""The whole prediction table as CSV and as JSON Lines, against PostgreSQL's COPY of the same rows.

BENCH_EXPORT_ROWS predictions (default 1,000,000; 100000 for a quick run) are loaded with
bench/api.py's set-based SQL (one span and one topic each, 1 in 10 resolved with its review).
Ours: GET /api/predictions/export.csv and .jsonl through a Django test Client (URL resolving,
middleware, filters, the view), the streamed body read chunk by chunk and thrown away. The
baseline: `COPY (SELECT …) TO STDOUT` of the same rows (each prediction's columns, its
speaker's name, its topics and its spans as JSON) read through psycopg from the same server,
in CSV for the CSV and as one json_build_object per line for the JSONL. Figures: rows per
second on each side (target: ours at most 2x slower), and how much the process's peak RSS grew
during our exports (target: flat, under EXPORT_RSS_GROWTH_MB whatever the row count).
"""

from __future__ import annotations

import os
import resource
import time

from django.db import connection
from django.test import Client

from bench.api import _load

TARGET = 2.0
EXPORT_RSS_GROWTH_MB = 64

_ROWS = """
    SELECT p.id, p.statement, p.statement_en, p.kind, p.speaker_id, sp.name AS speaker_name, p.said_on,
           p.horizon_text, p.due_earliest, p.due_latest, p.window_overridden, p.vague,
           p.boundary_ambiguous, p.rules_version, p.resolution_criteria, p.status, p.verdict,
           p.reviewers_required, p.review_round, p.next_look_on, p.confidence, p.parent_id, p.key,
           p.version, p.created_at, p.updated_at,
           (SELECT string_agg(t.slug, ';' ORDER BY t.slug)
              FROM claims_prediction_topics pt JOIN claims_topic t ON t.id = pt.topic_id
             WHERE pt.prediction_id = p.id) AS topics,
           (SELECT json_agg(json_build_object('source', s.source_id, 'start', s.start, 'end', s."end",
                   'quote', s.quote, 'prefix', s.prefix, 'suffix', s.suffix, 'role', s.role) ORDER BY s.id)
              FROM claims_span s WHERE s.prediction_id = p.id) AS spans
      FROM claims_prediction p JOIN claims_speaker sp ON sp.id = p.speaker_id
     WHERE p.status <> 'draft'
     ORDER BY p.id
"""


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _copy(sql: str) -> tuple[float, int]:
    """Seconds to read `COPY (sql) TO STDOUT` whole; lines read."""
    started = time.perf_counter()
    lines = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor under Django's wrapper
        with raw.copy(sql) as copy:
            for block in copy:
                lines += bytes(block).count(b"\n")
    return time.perf_counter() - started, lines


def _ours(path: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = Client().get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: HTTP {response.status_code}")
    lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    return time.perf_counter() - started, lines


def run(report) -> None:
    rows = int(os.getenv("BENCH_EXPORT_ROWS", "1000000"))
    started = time.perf_counter()
    _load(rows)
    report.line(f"loaded {rows:,} predictions in {time.perf_counter() - started:.1f}s")
    cases = [
        ("CSV", "/api/predictions/export.csv", f"COPY ({_ROWS}) TO STDOUT WITH (FORMAT csv, HEADER)"),
        (
            "JSONL",
            "/api/predictions/export.jsonl",
            f"COPY (SELECT row_to_json(r) FROM ({_ROWS}) AS r) TO STDOUT",
        ),
    ]
    _copy(f"COPY ({_ROWS} LIMIT 1000) TO STDOUT")  # warm the cache for both sides
    rss_before = _rss_mb()
    for name, path, copy_sql in cases:
        base_seconds, base_lines = _copy(copy_sql)
        our_seconds, our_lines = _ours(path)
        if our_lines != base_lines:
            raise AssertionError(f"{name}: ours has {our_lines} lines, COPY {base_lines}: not the same rows")
        report.ratio(
            f"{name} export of {rows:,} rows, time",
            our_seconds,
            base_seconds,
            unit="s",
            target=TARGET,
        )
        report.line(f"   ours {rows / our_seconds:,.0f} rows/s, COPY {rows / base_seconds:,.0f} rows/s")
    growth = _rss_mb() - rss_before
    verdict = "ok" if growth <= EXPORT_RSS_GROWTH_MB else f"OVER TARGET {EXPORT_RSS_GROWTH_MB} MB"
    report.line(
        f"peak RSS growth during the exports: {growth:.0f} MB (target flat: ≤ {EXPORT_RSS_GROWTH_MB} MB) {verdict}"
    )
