"""Candidate extraction: speed on the seeds, speed and memory on a 10 MB text.

1. The seeds: characters per second over the five seed sources, each extracted on its own. The
   baseline, in the same run over the same texts, is the plain "sentence with a cue word"
   extractor of tests/eval/evaluate.py without horizons (a regex split and a cue-word scan,
   about the least work anything that proposes sentences can do); its ratio is for context.
   Target: at least 500,000 characters per second.
2. Linear in the text: one text of 10 MB (UTF-8) made by concatenating varied real text (the
   five seed articles in turn, a blank line between them: the same material as the seeds' rate,
   so that the ratio measures the length alone), extracted in one call. Target: its rate at
   least 0.9 of the rate on the seeds. For this ratio the seeds are extracted one by one as many
   times as the long text holds them, in passes alternating with the long text's: both rates are
   then timed over the same amount of text on the same machine (the best of a few 0.1 s passes
   would flatter the seeds on a loaded machine).
3. Memory: the peak of what the extraction of that text allocates (tracemalloc; the text itself
   is allocated before), against the text's size in bytes. Target: at most 3x.

Times are CPU seconds of this process (time.process_time), the best of several passes, so that
other load on a shared machine counts as little as it can. Reading the files is excluded. No
database is used. BENCH_EXTRACTION_MB sets the size of the long text (default 10).
"""

from __future__ import annotations

import datetime as dt
import os
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from claims.extraction import extract_candidates
from claims.text import canonicalize_bytes
from tests.eval.evaluate import baseline_candidates

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "claims" / "demo" / "seeds"
SAID_ON = dt.date(2024, 10, 1)
PASSES = 15
LONG_PASSES = 2
TARGET_CHARS_PER_SECOND = 500_000
TARGET_LONG_RATIO = 0.9
TARGET_MEMORY = 3.0


def _read(paths: list[Path]) -> list[str]:
    return [canonicalize_bytes(path.read_bytes(), name=path.name) for path in paths]


def _best_seconds(texts: list[str], extract: Callable[[str], object], passes: int) -> float:
    best = float("inf")
    for _ in range(passes):
        started = time.process_time()
        for text in texts:
            extract(text)
        best = min(best, time.process_time() - started)
    return best


def long_text(parts: list[str], megabytes: float) -> str:
    """`parts` in turn, a blank line between them, until the text is `megabytes` MB of UTF-8."""
    wanted = int(megabytes * 1_000_000)
    chosen: list[str] = []
    size = 0
    while size < wanted:
        part = parts[len(chosen) % len(parts)]
        chosen.append(part)
        size += len(part.encode("utf-8")) + 2
    return "\n\n".join(chosen)


def extract(text: str) -> object:
    return extract_candidates(text, said_on=SAID_ON)


def run(report) -> None:
    seeds = _read(sorted(SEEDS.glob("*.txt")))
    chars = sum(len(text) for text in seeds)
    proposed = sum(len(extract_candidates(text, said_on=SAID_ON)) for text in seeds)  # also warms up
    ours = _best_seconds(seeds, extract, PASSES)
    baseline = _best_seconds(seeds, lambda text: baseline_candidates(text, SAID_ON, windows=False), PASSES)
    report.line(f"{len(seeds)} seed sources, {chars:,} characters, {proposed} candidates proposed")
    speed = chars / ours
    verdict = "ok" if speed >= TARGET_CHARS_PER_SECOND else f"UNDER TARGET {TARGET_CHARS_PER_SECOND:,}"
    report.line(
        f"seeds: {speed:,.0f} chars/s; baseline (split + cue scan): {chars / baseline:,.0f} chars/s — {verdict}"
    )
    report.ratio("extraction time, five seeds", ours * 1000, baseline * 1000, unit="ms")

    megabytes = float(os.environ.get("BENCH_EXTRACTION_MB", "10"))
    text = long_text(seeds, megabytes)
    size = len(text.encode("utf-8"))
    found = len(extract_candidates(text, said_on=SAID_ON))
    copies = max(1, round(len(text) / chars))
    long_seconds = seeds_seconds = float("inf")
    for _ in range(LONG_PASSES):
        seeds_seconds = min(seeds_seconds, _best_seconds(seeds * copies, extract, 1))
        long_seconds = min(long_seconds, _best_seconds([text], extract, 1))
    seeds_speed = chars * copies / seeds_seconds
    long_speed = len(text) / long_seconds
    ratio = long_speed / seeds_speed
    verdict = "ok" if ratio >= TARGET_LONG_RATIO else "OVER TARGET"
    report.line(
        f"{size / 1e6:.1f} MB text (the seeds in turn, {len(text):,} characters, {found} candidates): "
        f"{long_speed:,.0f} chars/s vs the seeds one by one {seeds_speed:,.0f} chars/s = {ratio:.2f} "
        f"(target >= {TARGET_LONG_RATIO}) {verdict}"
    )

    tracemalloc.start()
    try:
        extract_candidates(text, said_on=SAID_ON)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    times = peak / size
    verdict = "ok" if times <= TARGET_MEMORY else "OVER TARGET"
    report.line(
        f"peak memory extracting it: {peak / 1e6:.1f} MB = {times:.2f}x the text's {size / 1e6:.1f} MB "
        f"(target <= {TARGET_MEMORY:g}x) {verdict}"
    )
