"""`make bench`: every benchmark against a fresh PostgreSQL database, reported as ratios.

Each module in BENCHES has `run(report: Report) -> None`; it measures the project's code and
a baseline in the same run and reports both with their ratio. Figures go to stdout and to
bench-results/latest.txt (git-ignored).
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

BENCHES = [
    "bench.flag_due",
    "bench.api",
    "bench.dashboard",
    "bench.extraction",
    "bench.corpus",
    "bench.export",
    "bench.imports",
    "bench.search",
    "bench.overview",
    "bench.record",
]
ROOT = Path(__file__).resolve().parent.parent


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, text: str) -> None:
        print(text, flush=True)
        self.lines.append(text)

    def ratio(
        self,
        name: str,
        ours: float,
        baseline: float,
        *,
        unit: str,
        target: float | None = None,
        at_least: float | None = None,
    ) -> None:
        """target: the ratio must be at most this (a cost); at_least: at least this (a speed-up)."""
        ratio = ours / baseline if baseline else float("inf")
        verdict = "" if target is None else (" ok" if ratio <= target else f" OVER TARGET {target}x")
        if at_least is not None:
            verdict = " ok" if ratio >= at_least else f" OVER TARGET (needs at least {at_least}x)"
        self.line(f"{name}: {ours:.4g} {unit} vs baseline {baseline:.4g} {unit} = {ratio:.2f}x{verdict}")


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print(
            "make bench needs PostgreSQL: set DATABASE_URL=postgres://... (make bench does)", file=sys.stderr
        )
        return 2
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    selected = [b for b in BENCHES if not argv or any(a in b for a in argv)]
    report = Report()
    for name in selected:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        started = time.perf_counter()
        report.line(f"== {name}")
        module.run(report)
        report.line(f"   ({time.perf_counter() - started:.1f}s)")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "latest.txt").write_text("\n".join(report.lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
