"""Score candidate extraction against the annotated evaluation set (tests/eval/gold.toml).

    .venv/bin/python tests/eval/evaluate.py            # figures for the extractor and the baseline
    .venv/bin/python tests/eval/evaluate.py -v         # ... and every miss and false positive

How a candidate is matched to a gold item: by span overlap. A candidate matches an item when it
overlaps one of the item's spans (its quote or one of its `also` spans) by at least half of the
shorter of the two, so a candidate one sentence long matches an item several sentences long, and
a run-on candidate matches the short item inside it, but touching at the edges does not count.

- precision: candidates that match some item / all candidates
- recall: items matched by some candidate / all items (also for the dated items alone)
- due-date agreement: among the recalled dated items, the share whose candidate's due_latest is
  the item's. The candidate judged is the matched one that contains the item's horizon words (a
  curator accepts that one for the window); failing that, the one overlapping the item's quote
  the most.
- baseline: the plain "sentence with a cue word" extractor: split at 。！？!? and line breaks,
  keep every sentence with a cue word (将, 会, 预计, 即将, 未来, 很快, will, expect, going to…),
  its window from claims.horizons.compute_window on the sentence.

Pure: needs no database and no Django settings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from claims.extraction import extract_candidates  # noqa: E402
from claims.horizons import compute_window  # noqa: E402
from claims.text import canonicalize_bytes  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold.toml"
SEEDS = ROOT / "claims" / "demo" / "seeds"

TARGETS = {"dated_recall": 0.95, "due_agreement": 0.9, "precision": 0.7}


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class GoldItem:
    source: str
    quote: Span
    spans: tuple[Span, ...]  # quote first, then `also`
    horizon_at: int | None  # offset of the horizon words, None when undated or absent
    due_latest: dt.date | None
    text: str


@dataclass(frozen=True)
class Proposal:
    """What an extractor proposes, reduced to what the evaluation needs."""

    start: int
    end: int
    due_latest: dt.date | None
    quote: str = ""


@dataclass
class Scores:
    candidates: int = 0
    matched_candidates: int = 0
    items: int = 0
    recalled: int = 0
    dated: int = 0
    dated_recalled: int = 0
    due_agreed: int = 0
    misses: list[GoldItem] = field(default_factory=list)
    false_positives: list[tuple[str, Proposal]] = field(default_factory=list)
    disagreements: list[tuple[GoldItem, Proposal]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_candidates / self.candidates if self.candidates else 0.0

    @property
    def recall(self) -> float:
        return self.recalled / self.items if self.items else 0.0

    @property
    def dated_recall(self) -> float:
        return self.dated_recalled / self.dated if self.dated else 0.0

    @property
    def due_agreement(self) -> float:
        return self.due_agreed / self.dated_recalled if self.dated_recalled else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "dated_recall": round(self.dated_recall, 3),
            "due_agreement": round(self.due_agreement, 3),
            "candidates": self.candidates,
            "items": self.items,
            "dated_items": self.dated,
        }


def load_gold(path: Path = GOLD) -> tuple[dict[str, str], dict[str, dt.date], list[GoldItem]]:
    """(texts by source, said_on by source, items); raises ValueError for a quote that does not
    occur exactly once."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    texts = {
        key: canonicalize_bytes((SEEDS / name).read_bytes(), name=name) for key, name in data["files"].items()
    }
    items = []
    for number, raw in enumerate(data["item"], start=1):
        text = texts[raw["source"]]
        spans = tuple(_locate(text, quote, number) for quote in [raw["quote"], *raw.get("also", [])])
        horizon_at = None
        horizon = raw.get("horizon")
        if horizon and raw.get("due_latest"):
            for span in spans:
                found = text.find(horizon, span.start, span.end)
                if found >= 0:
                    horizon_at = found
                    break
            if horizon_at is None:
                raise ValueError(f"item {number}: horizon {horizon!r} is in none of its spans")
        items.append(
            GoldItem(raw["source"], spans[0], spans, horizon_at, raw.get("due_latest"), raw["quote"])
        )
    return texts, data["said_on"], items


def _locate(text: str, quote: str, number: int) -> Span:
    count = text.count(quote)
    if count != 1:
        raise ValueError(f"item {number}: {quote[:40]!r} occurs {count} times (must be once)")
    start = text.index(quote)
    return Span(start, start + len(quote))


def _overlap(a: Span | Proposal, b: Span | Proposal) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def matches(proposal: Proposal, span: Span) -> bool:
    shorter = min(proposal.end - proposal.start, span.end - span.start)
    return _overlap(proposal, span) * 2 >= shorter > 0


def score_source(
    items: Sequence[GoldItem], proposals: Sequence[Proposal], source: str, scores: Scores
) -> None:
    scores.candidates += len(proposals)
    matched_by: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        hit = False
        for index, item in enumerate(items):
            if any(matches(proposal, span) for span in item.spans):
                matched_by.setdefault(index, []).append(proposal)
                hit = True
        if hit:
            scores.matched_candidates += 1
        else:
            scores.false_positives.append((source, proposal))
    for index, item in enumerate(items):
        scores.items += 1
        dated = item.due_latest is not None
        scores.dated += dated
        found = matched_by.get(index)
        if not found:
            scores.misses.append(item)
            continue
        scores.recalled += 1
        if not dated:
            continue
        scores.dated_recalled += 1
        judged = _judged(item, found)
        if judged.due_latest == item.due_latest:
            scores.due_agreed += 1
        else:
            scores.disagreements.append((item, judged))


def _judged(item: GoldItem, found: Sequence[Proposal]) -> Proposal:
    if item.horizon_at is not None:
        holding = [p for p in found if p.start <= item.horizon_at < p.end]
        if holding:
            return holding[0]
    return max(found, key=lambda p: _overlap(p, item.quote))


# --- the baseline -----------------------------------------------------------------------------

_BASELINE_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
_BASELINE_CUE = re.compile(
    r"将|会|预计|即将|未来|很快|將|會|預計|即將|未來|\b(?:will|expect|going to|soon)\b|\bby 20\d\d\b",
    re.IGNORECASE,
)


def baseline_candidates(text: str, said_on: dt.date, *, windows: bool = True) -> list[Proposal]:
    """Every regex-split sentence that contains a cue word, with compute_window's due date."""
    out = []
    for m in _BASELINE_SENTENCE.finditer(text):
        sentence = m.group(0)
        if _BASELINE_CUE.search(sentence):
            due = compute_window(sentence, said_on).due_latest if windows else None
            out.append(Proposal(m.start(), m.end(), due, sentence))
    return out


def extractor_candidates(text: str, said_on: dt.date) -> list[Proposal]:
    return [
        Proposal(c.start, c.end, c.due_latest, c.quote) for c in extract_candidates(text, said_on=said_on)
    ]


def evaluate(
    extractor: Callable[[str, dt.date], list[Proposal]] = extractor_candidates, *, gold: Path = GOLD
) -> Scores:
    texts, said_on, items = load_gold(gold)
    scores = Scores()
    for source, text in texts.items():
        mine = [item for item in items if item.source == source]
        score_source(mine, extractor(text, said_on[source]), source, scores)
    return scores


def _report(name: str, scores: Scores) -> str:
    return (
        f"{name}: precision {scores.precision:.2f} ({scores.matched_candidates}/{scores.candidates}), "
        f"recall {scores.recall:.2f} ({scores.recalled}/{scores.items}), "
        f"dated recall {scores.dated_recall:.2f} ({scores.dated_recalled}/{scores.dated}), "
        f"due-date agreement {scores.due_agreement:.2f} ({scores.due_agreed}/{scores.dated_recalled})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and false positives")
    args = parser.parse_args(argv)
    ours = evaluate()
    base = evaluate(baseline_candidates)
    print(_report("extractor", ours))
    print(_report("baseline ", base))
    if args.verbose:
        for item in ours.misses:
            print(f"MISS [{item.source}] {'dated' if item.due_latest else 'undated'}: {item.text[:90]!r}")
        for source, p in ours.false_positives:
            print(f"FALSE [{source}] {p.quote[:90]!r}")
        for item, p in ours.disagreements:
            print(f"DUE [{item.source}] gold {item.due_latest} got {p.due_latest}: {item.text[:60]!r}")
    failed = [name for name, target in TARGETS.items() if getattr(ours, name) < target]
    if failed:
        print("below target: " + ", ".join(f"{n} < {TARGETS[n]}" for n in failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
