"""What bench.search and bench.overview share: the two table sizes and one load of each.

The sizes are BENCH_SCALE_SMALL (10,000) and BENCH_SCALE_LARGE (1,000,000) predictions, built
by bench.dashboard's set-based loader; set BENCH_SCALE_LARGE=100000 for a quick run. A size is
loaded once per `make bench` run: the second bench at that size finds it in place.

BENCH_REUSE=1 (with bench/run.sh's BENCH_DATABASE_URL, a database kept between runs) also takes
a size a loader of an earlier run left in place, so EXPLAIN and re-runs at 1M skip the load of
a few minutes; bench.overview measures the size in place first.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import dashboard

ROUNDS = 15
_loaded: list[int] = []  # the size in the database now, if a bench of this run loaded it


def sizes() -> tuple[int, int]:
    small = int(os.environ.get("BENCH_SCALE_SMALL", "10000"))
    large = int(os.environ.get("BENCH_SCALE_LARGE", "1000000"))
    if not 0 < small < large:
        raise SystemExit(
            f"BENCH_SCALE_SMALL ({small}) must be positive and below BENCH_SCALE_LARGE ({large})"
        )
    return small, large


def held() -> int | None:
    """With BENCH_REUSE=1, how many predictions the database holds (one count of the table); else None."""
    if os.environ.get("BENCH_REUSE") != "1":
        return _loaded[0] if _loaded else None
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_prediction")
        return cursor.fetchone()[0]


def load(report, count: int) -> None:
    if _loaded == [count]:
        return
    if held() == count:  # only with BENCH_REUSE=1: left by an earlier run's loader
        _loaded[:] = [count]
        report.line(f"reused the {count:,} predictions in place (BENCH_REUSE=1)")
        return
    _loaded.clear()
    started = time.perf_counter()
    dashboard._load(count)
    _loaded.append(count)
    report.line(f"loaded {count:,} predictions in {time.perf_counter() - started:.1f}s")


def p50_ms(run: Callable[[], object], rounds: int = ROUNDS) -> float:
    run()  # warm-up: caches, plans, template loading
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def plans(get: Callable[[], object]) -> list[str]:
    """EXPLAIN ANALYZE of every SELECT one request runs (the plans the README quotes)."""
    with CaptureQueriesContext(connection) as captured:
        get()
    out = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) {sql}")
            out.append(sql + "\n" + "\n".join(row[0] for row in cursor.fetchall()))
    return out
