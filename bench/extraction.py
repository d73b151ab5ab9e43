"""Candidate extraction speed: characters per second over the five seed sources.

Ours is claims.extraction.extract_candidates (segmentation, folding, cues, horizons, scoring,
duplicates); the baseline, in the same run over the same texts, is the plain "sentence with a
cue word" extractor of tests/eval/evaluate.py without horizons: a regex split and a cue-word scan,
about the least work anything that proposes sentences can do. Process start and reading the files
are excluded; each figure is the best of several passes (the least disturbed by other load). No
database is used.

Target: at least 500,000 characters per second. The ratio to the baseline is reported for
context (it does a small fraction of the work), with no target.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from claims.extraction import extract_candidates
from claims.text import canonicalize_bytes
from tests.eval.evaluate import baseline_candidates

SEEDS = Path(__file__).resolve().parent.parent / "claims" / "demo" / "seeds"
SAID_ON = dt.date(2024, 10, 1)
PASSES = 15
TARGET_CHARS_PER_SECOND = 500_000


def _best_seconds(texts: list[str], extract: Callable[[str], object]) -> float:
    best = float("inf")
    for _ in range(PASSES):
        started = time.perf_counter()
        for text in texts:
            extract(text)
        best = min(best, time.perf_counter() - started)
    return best


def run(report) -> None:
    texts = [canonicalize_bytes(path.read_bytes(), name=path.name) for path in sorted(SEEDS.glob("*.txt"))]
    chars = sum(len(text) for text in texts)
    proposed = sum(len(extract_candidates(text, said_on=SAID_ON)) for text in texts)  # also warms up
    ours = _best_seconds(texts, lambda text: extract_candidates(text, said_on=SAID_ON))
    baseline = _best_seconds(texts, lambda text: baseline_candidates(text, SAID_ON, windows=False))
    report.line(f"{len(texts)} sources, {chars:,} characters, {proposed} candidates proposed")
    speed = chars / ours
    verdict = "ok" if speed >= TARGET_CHARS_PER_SECOND else f"UNDER TARGET {TARGET_CHARS_PER_SECOND:,}"
    report.line(
        f"extract_candidates: {speed:,.0f} chars/s; baseline (split + cue scan): {chars / baseline:,.0f} chars/s "
        f"— {verdict}"
    )
    report.ratio("extraction time, five seeds", ours * 1000, baseline * 1000, unit="ms")
