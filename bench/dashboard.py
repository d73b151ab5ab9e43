"""The dashboard's pages on 100,000 predictions: a full render against its own SQL run alone.

For each page, the render time is a Django test Client GET (URL resolving, views, templates,
charts, the queries and all). The baseline is the same page's queries, captured during one
render with CaptureQueriesContext and replayed as raw SQL on a cursor, fetching every row.
The ratio says how much the page costs beyond its SQL; both are the median of ROUNDS runs
after a warm-up, alternating between the two, in the same run on the same data.
"""

from __future__ import annotations

import re
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from claims.search_indexes import create_search_indexes, drop_search_indexes

PREDICTIONS = 100_000
SPEAKERS = 200
SOURCES = 100
TOPICS = 10
ROUNDS = 9
PAGES = [
    "/",
    "/predictions/",
    "/predictions/?status=resolved&verdict=came_true&ordering=-said_on&page=3",
    "/predictions/?q=代理&dated=true",
]
# The render of a page may cost this many times its SQL alone before the bench says so.
TARGET = 3.0

PARAGRAPH = "主持人：你怎么看代理？嘉宾：我认为代理将在{n}年内改变软件开发，明年会更好。\n"


def _execute(sql: str, params: dict | list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


# A term the same RARE predictions carry at every size, spread evenly over the table: a search
# for it costs the index lookup, not a count that grows with the table (bench.search).
RARE = 100
RARE_STATEMENT = "第{n}号：量子计算将在几年内成熟。"
RARE_STATEMENT_EN = "Prediction {n}: quantum computing matures."


def _load(count: int = PREDICTIONS) -> None:
    """Everything with set-based SQL; row n's shape comes from n % 10:
    0-2 resolved (verdicts cycle; 1 in 10 of those judged, undone and judged again in a second
    round), 3 due, 4-8 open with a due date (some within 90 days), 9 undated. Every
    (count / RARE)-th says RARE_STATEMENT instead of the common one. Each prediction
    has resolution criteria, one topic and one span whose quote is cut from its source's text,
    as the constraints require; each verdict has its review and an evidence URL."""
    today = timezone.localdate()
    _execute(
        "TRUNCATE claims_prediction, claims_speaker, claims_source, claims_topic, claims_span, "
        "claims_outcome, claims_dueflag, claims_prediction_topics CASCADE"
    )
    drop_search_indexes(_execute)
    _execute(
        "INSERT INTO claims_speaker (name, aliases, role) "
        "SELECT 'Speaker ' || n, '[]', 'Bench' FROM generate_series(1, %s) AS n",
        [SPEAKERS],
    )
    _execute(
        "INSERT INTO claims_topic (slug, name) SELECT 'topic-' || n, 'Topic ' || n FROM generate_series(1, %s) AS n",
        [TOPICS],
    )
    # ~20 KB of Chinese text per source, distinct per source (the sha256 is unique).
    _execute(
        """
        INSERT INTO claims_source (title, url, publisher, author, language, published_on, said_on,
            said_on_inferred, file_name, text, sha256, created_at)
        SELECT 'Source ' || s, '', '', '', 'zh-Hans', %(today)s - s, %(today)s - s, false, '',
               body, encode(sha256(convert_to(body, 'UTF8')), 'hex'), now()
        FROM (
            SELECT s, '# 来源' || s || E'\n' || string_agg(replace(%(paragraph)s, '{n}', (s * 1000 + p)::text), '' ORDER BY p) AS body
            FROM generate_series(1, %(sources)s) AS s, generate_series(1, 500) AS p
            GROUP BY s
        ) AS t
        """,
        {"today": today, "paragraph": PARAGRAPH, "sources": SOURCES},
    )
    _execute(
        """
        INSERT INTO claims_prediction (statement, statement_en, kind, said_on, horizon_text,
            due_earliest, due_latest, vague, boundary_ambiguous, rules_version, window_overridden,
            confidence, resolution_criteria, reviewers_required, review_round, status, verdict,
            verdict_known_on, verdict_reviewers, verdict_adjudicated, verdict_evidence_archived,
            version, created_at, updated_at, speaker_id, correction_count)
        SELECT CASE WHEN n %% %(rare_every)s = 0 THEN replace(%(rare)s, '{n}', n::text)
                    ELSE '第' || n || '号：我认为代理将在几年内改变软件开发。' END,
            CASE WHEN n %% %(rare_every)s = 0 THEN replace(%(rare_en)s, '{n}', n::text)
                 ELSE 'Prediction ' || n || ': agents change software.' END,
            CASE WHEN n %% 20 = 7 THEN 'claim' ELSE 'prediction' END,
            said, CASE WHEN due IS NULL THEN '' ELSE '几年' END, CASE WHEN due IS NULL THEN NULL ELSE said END,
            due, due IS NULL, false, '2026.1', true,
            (ARRAY['', 'certain', 'expects', 'likely', 'maybe'])[1 + n %% 5],
            'Came true if most new software was written with agents by the due date.', 1,
            CASE WHEN n %% 10 <= 2 AND (n / 10) %% 10 = 0 THEN 2 ELSE 1 END,
            CASE WHEN n %% 10 <= 2 THEN 'resolved' WHEN n %% 10 = 3 THEN 'due' ELSE 'open' END,
            CASE WHEN n %% 10 <= 2
                 THEN (ARRAY['came_true', 'came_false', 'partly_true', 'ambiguous', 'unresolvable', 'came_true'])[1 + (n / 10) %% 6]
                 ELSE '' END,
            CASE WHEN n %% 10 <= 2 THEN LEAST(due + 1 + (n %% 30), %(today)s) END,
            CASE WHEN n %% 10 <= 2 THEN 1 ELSE 0 END,
            false, false,
            1, now(), now(),
            (SELECT min(id) FROM claims_speaker) + n %% %(speakers)s, 0
        FROM (
            SELECT n, due, COALESCE(due, %(today)s) - 365 - (n %% 1000) AS said
            FROM (
                SELECT n, CASE WHEN n %% 10 = 9 THEN NULL
                               WHEN n %% 10 <= 3 THEN %(today)s - 1 - (n %% 2000)
                               ELSE %(today)s + (n %% 3650) END AS due
                FROM generate_series(1, %(count)s) AS n
            ) AS dated
        ) AS rows
        """,
        {
            "today": today,
            "count": count,
            "speakers": SPEAKERS,
            "rare_every": max(1, count // RARE),
            "rare": RARE_STATEMENT,
            "rare_en": RARE_STATEMENT_EN,
        },
    )
    _execute(
        """
        INSERT INTO claims_prediction_topics (prediction_id, topic_id)
        SELECT id, (SELECT min(id) FROM claims_topic) + id %% %(topics)s FROM claims_prediction
        """,
        {"topics": TOPICS},
    )
    # One span per prediction: the "代理将在…" clause of a source's p-th paragraph, its offset
    # counted rather than searched for (strpos over 20 KB a row was most of the load at 1M): a
    # source's paragraphs all have the same length, as their numbers s·1000 + p have the same
    # digits.
    _execute(
        """
        INSERT INTO claims_span (prediction_id, source_id, start, "end", quote, prefix, suffix, role,
                                 since_correction)
        SELECT p.id, s.id, pos.start, pos.start + 8, substring('代理将在' || num.n from 1 for 8), '', '', 'statement', 0
        FROM claims_prediction AS p
        JOIN claims_source AS s ON s.id = (SELECT min(id) FROM claims_source) + p.id %% %(sources)s
        CROSS JOIN LATERAL (SELECT substring(s.title from 8)::int AS s) AS src
        CROSS JOIN LATERAL (SELECT src.s * 1000 + 1 + p.id %% 500 AS n) AS num
        CROSS JOIN LATERAL (
            SELECT char_length('# 来源' || src.s || E'\n')
                   + (p.id %% 500) * (char_length(%(paragraph)s) - 3 + length(num.n::text))
                   + strpos(%(paragraph)s, '嘉宾：') - 1 + 6 AS start
        ) AS pos
        """,
        {"sources": SOURCES, "paragraph": PARAGRAPH},
    )
    # Every resolved prediction has its review; those in round 2 were judged in round 1 and
    # the verdict undone (history). Each review cites a page (evidence not archived).
    _execute(
        """
        INSERT INTO claims_outcome (prediction_id, kind, round, verdict, known_on, next_look_on, note, recorded_at)
        SELECT id, 'review', 1, 'ambiguous', verdict_known_on - 60, NULL::date, 'first look',
               now() - interval '60 days'
        FROM claims_prediction WHERE status = 'resolved' AND review_round = 2
        UNION ALL
        SELECT id, 'undo', 1, '', NULL::date, NULL::date, 'A later report settled it.',
               now() - interval '59 days'
        FROM claims_prediction WHERE status = 'resolved' AND review_round = 2
        UNION ALL
        SELECT id, 'review', review_round, verdict, verdict_known_on, NULL::date, '',
               now() - (id %% 700) * interval '1 hour'
        FROM claims_prediction WHERE status = 'resolved'
        """
    )
    _execute(
        """
        INSERT INTO claims_evidence (outcome_id, url, title, passage, retrieved_on)
        SELECT id, 'https://example.org/', '', '', NULL FROM claims_outcome WHERE kind = 'review'
        """
    )
    # Built over the loaded rows, with memory to sort in, as an operator would after a bulk load.
    _execute("SET maintenance_work_mem = '256MB'")
    create_search_indexes(_execute)
    _execute("RESET maintenance_work_mem")
    _execute("VACUUM ANALYZE")


def _medians_ms(*runs, rounds: int = ROUNDS) -> list[float]:
    """Median time of each run; rounds alternate between them so both see the same machine load."""
    times: list[list[float]] = [[] for _ in runs]
    for run in runs:
        run()  # warm-up: caches, plans, template loading
    for _ in range(rounds):
        for run, samples in zip(runs, times, strict=True):
            started = time.perf_counter()
            run()
            samples.append((time.perf_counter() - started) * 1000)
    return [statistics.median(samples) for samples in times]


# Django reads some querysets (a form's choices) through a named server-side cursor; replayed,
# the same SELECT runs on a plain cursor, which fetches the same rows.
_DECLARE = re.compile(r'^DECLARE "[^"]+" (?:NO SCROLL )?CURSOR (?:WITH(?:OUT)? HOLD )?FOR ')


def _replay(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(_DECLARE.sub("", sql))
            if cursor.description is not None:
                cursor.fetchall()


def _slowest(statements: list[str]) -> tuple[float, str]:
    """The slowest statement alone, for the report: where a page's time goes."""
    timed = []
    for sql in statements:
        started = time.perf_counter()
        _replay([sql])
        timed.append(((time.perf_counter() - started) * 1000, sql))
    return max(timed)


def run(report) -> None:
    started = time.perf_counter()
    _load()
    report.line(
        f"loaded {PREDICTIONS:,} predictions, {SPEAKERS} speakers, {SOURCES} sources "
        f"(spans, topics, outcomes) in {time.perf_counter() - started:.1f}s"
    )
    client = Client()
    # As deployed: no template debug information, the cached template loader.
    with override_settings(DEBUG=False):
        for path in PAGES:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            statements = [query["sql"] for query in captured.captured_queries]
            render_ms, sql_ms = _medians_ms(
                lambda path=path: client.get(path), lambda statements=statements: _replay(statements)
            )
            report.ratio(
                f"render {path} ({len(statements)} queries, {len(response.content) // 1024} KB)",
                render_ms,
                sql_ms,
                unit="ms",
                target=TARGET,
            )
            slowest_ms, slowest_sql = _slowest(statements)
            report.line(f"   slowest query {slowest_ms:.1f} ms: {slowest_sql[:160]}")
