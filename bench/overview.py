"""The overview `/`, `GET /api/stats/` and a speaker page at 1M predictions against the same at
10k (bench.scale sizes; target at most 1.5x: pages whose cost does not grow with the table).

One client (the Django test client, DEBUG off), p50 of ROUNDS requests after a warm-up. The
counts come from the tallies the triggers keep (claims/tallies.py); what the pages still read
from the predictions table (index-bounded lists, the speaker's own timeline) is what grows.
"""

from __future__ import annotations

from django.test import Client
from django.test.utils import override_settings

from bench import scale
from claims.models import Speaker

TARGET = 1.5
ROUNDS = 5  # a page at 1M takes seconds while it still scans


def _paths() -> list[str]:
    speaker = Speaker.objects.order_by("id").values_list("id", flat=True).first()
    return ["/", "/api/stats/", f"/speakers/{speaker}/"]


def _measure(client: Client) -> dict[str, float]:
    figures = {}
    for index, path in enumerate(_paths()):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        figures[["overview /", "/api/stats/", "a speaker page"][index]] = scale.p50_ms(
            lambda path=path: client.get(path), rounds=ROUNDS
        )
    return figures


def run(report) -> None:
    small, large = scale.sizes()
    client = Client()
    figures: dict[int, dict[str, float]] = {}
    in_place = scale.held()
    with override_settings(DEBUG=False):
        # The size already in place first (BENCH_REUSE=1): one load per run instead of two.
        for size in sorted([small, large], key=lambda size: size != in_place):
            scale.load(report, size)
            figures[size] = _measure(client)
    at_small, at_large = figures[small], figures[large]
    for name, ms in at_large.items():
        report.ratio(f"{name} p50 at {large:,} vs at {small:,}", ms, at_small[name], unit="ms", target=TARGET)
