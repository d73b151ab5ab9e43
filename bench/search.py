"""`GET /api/predictions/?q=…` at 1M predictions against the same search at 10k (bench.scale sizes).

Each term is carried by the same RARE (100) predictions at both sizes (bench.dashboard), so
the answer does not grow with the table: what may grow is the cost of finding it. A scan grows
100x from 10k to 1M; an index lookup grows with the index's depth. One client (the Django test
client, DEBUG off), p50 of ROUNDS requests after a warm-up; the target is at most 3x. At the
large size the plans of the list, a filter and the searches go to bench-results/plans.txt
(quoted in the README's performance section).
"""

from __future__ import annotations

from pathlib import Path

from django.test import Client
from django.test.utils import override_settings

from bench import scale
from bench.dashboard import RARE

TERMS = ["量子", "量子计算", "quantum"]  # 2 characters (bigrams), 4, and a Latin word (trigrams)
TARGET = 3.0
ROOT = Path(__file__).resolve().parent.parent
PLANNED = {
    "list": "/api/predictions/?page_size=50",
    "filter": "/api/predictions/?page_size=50&status=due&ordering=due_latest",
    "search 2 characters": "/api/predictions/?page_size=50&q=量子",
    "search 4 characters": "/api/predictions/?page_size=50&q=量子计算",
}


def _path(term: str) -> str:
    return f"/api/predictions/?page_size=50&q={term}"


def _measure(client: Client) -> dict[str, float]:
    figures = {}
    for term in TERMS:
        response = client.get(_path(term))
        assert response.status_code == 200, response.content[:200]
        assert response.json()["count"] == RARE, (term, response.json()["count"])
        figures[term] = scale.p50_ms(lambda term=term: client.get(_path(term)))
    return figures


def run(report) -> None:
    small, large = scale.sizes()
    client = Client()
    with override_settings(DEBUG=False):
        scale.load(report, small)
        at_small = _measure(client)
        scale.load(report, large)
        at_large = _measure(client)
        for term in TERMS:
            report.ratio(
                f"search p50 q={term} ({RARE} matches) at {large:,} vs at {small:,}",
                at_large[term],
                at_small[term],
                unit="ms",
                target=TARGET,
            )
        out = ROOT / "bench-results"
        out.mkdir(exist_ok=True)
        text = []
        for name, path in PLANNED.items():
            text.append(f"### {name}: GET {path} at {large:,} predictions\n")
            text.extend(plan + "\n" for plan in scale.plans(lambda path=path: client.get(path)))
        (out / "plans.txt").write_text("\n".join(text), encoding="utf-8")
        report.line(f"   plans of the list, a filter and the searches at {large:,}: bench-results/plans.txt")
