"""import_sources against plain psycopg inserts of the same rows: 2,000 small files, one 20 MB file.

The files: BENCH_IMPORT_FILES (default 2000) transcripts of 1,500 to 6,000 characters cut from
the seeds under a dated header (bench/corpus.py's write_corpus), and one file of
BENCH_IMPORT_MB (default 20) megabytes of the seeds repeated, each copy under its own numbered
line. Each side runs in a fresh process (`python -m bench.imports ours|psycopg PATH`) that
reports the seconds of the import alone (Django's start-up excluded); its peak RSS comes from
the operating system when it exits.

Ours: `manage.py import_sources PATH` (call_command). The baseline: psycopg reading each file,
decoding it, hashing it and inserting its row (title, file name, text, sha256), executemany in
one transaction, on the same server; no header parsing, language guess or duplicate check.
Figures: seconds and peak RSS for each case, the median of ROUNDS runs a side taken in turn
after one warm-up each (a sub-second import on a shared machine varies by 2x between two runs);
target: ours at most 2x the baseline's time.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 2.0
ROUNDS = 5
ROOT = Path(__file__).resolve().parent.parent


def _write_large(path: Path, megabytes: int) -> None:
    from bench.corpus import TEXTS
    from claims.text import canonicalize_bytes

    bodies = [canonicalize_bytes(p.read_bytes(), name=p.name) for p in TEXTS]
    size, n = 0, 0
    with path.open("w", encoding="utf-8") as out:
        out.write("# 大文件\n\n发布时间: 2024-10-07 10:00\n\n")
        while size < megabytes * 1_000_000:
            chunk = f"第{n}段\n{bodies[n % len(bodies)]}\n"
            out.write(chunk)
            size += len(chunk.encode("utf-8"))
            n += 1


def _side(side: str, path: Path) -> tuple[float, float]:
    """(seconds of the import, peak RSS in MB) of `side` importing `path` in a fresh process."""
    env = {**os.environ, "MAX_SOURCE_CHARS": "100000000"}
    command = [sys.executable, "-m", "bench.imports", side, str(path)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({status}): {output[-500:]}")
    return float(output.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def _truncate() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE claims_source CASCADE")


def run(report) -> None:
    from bench.corpus import write_corpus

    files = int(os.getenv("BENCH_IMPORT_FILES", "2000"))
    megabytes = int(os.getenv("BENCH_IMPORT_MB", "20"))
    with tempfile.TemporaryDirectory(prefix="hindsight-import-") as tmp:
        small = Path(tmp) / "small"
        write_corpus(small, files, marker="import")
        large = Path(tmp) / "large" / "large.txt"
        large.parent.mkdir()
        _write_large(large, megabytes)
        for name, path in ((f"{files:,} small files", small), (f"one {megabytes} MB file", large)):
            results: dict[str, list[tuple[float, float]]] = {"psycopg": [], "ours": []}
            for round_ in range(ROUNDS + 1):  # round 0 warms the page cache and is not counted
                for side in ("psycopg", "ours"):
                    _truncate()
                    figures = _side(side, path)
                    if round_:
                        results[side].append(figures)
            ours = statistics.median(seconds for seconds, _ in results["ours"])
            base = statistics.median(seconds for seconds, _ in results["psycopg"])
            ours_rss = max(rss for _, rss in results["ours"])
            base_rss = max(rss for _, rss in results["psycopg"])
            report.ratio(f"import_sources, {name} (median of {ROUNDS})", ours, base, unit="s", target=TARGET)
            report.line(f"   peak RSS: ours {ours_rss:.0f} MB, psycopg {base_rss:.0f} MB")
    _truncate()


def _ours(path: str) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        call_command("import_sources", path, stdout=devnull, stderr=devnull)
    return time.perf_counter() - started


def _psycopg(path: str) -> float:
    from django.db import connection

    from claims.services.sources import source_files

    started = time.perf_counter()
    rows = []
    for file in source_files([path]):
        text = file.read_bytes().decode("utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        rows.append((file.stem, file.name, text, digest))
    connection.ensure_connection()
    raw = connection.connection  # psycopg's own connection, not Django's wrapper
    with raw.transaction(), raw.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO claims_source (title, url, publisher, author, language, said_on_inferred, "
            "file_name, text, sha256, created_at) VALUES (%s, '', '', '', '', false, %s, %s, %s, now())",
            rows,
        )
    return time.perf_counter() - started


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    side, target = sys.argv[1], sys.argv[2]
    print(_ours(target) if side == "ours" else _psycopg(target))
