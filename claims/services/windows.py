"""Recomputing due windows after the horizon rules change (claims.horizons.RULES_VERSION).

A window a reviewer relied on stays as it was: only predictions that nobody has reviewed and whose
window was not set by hand are recomputed (PredictionQuerySet.window_outdated). Everything else
computed by older rules is counted and left alone, so the report says what was kept and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction

from claims import horizons
from claims.models import Face, Prediction
from claims.services.history import Edit, changed, json_ready, record_edits

__all__ = ["RecomputeResult", "WindowChange", "recompute_windows"]

_WINDOW_FIELDS = ["due_earliest", "due_latest", "vague", "boundary_ambiguous"]


@dataclass(frozen=True)
class WindowChange:
    prediction_id: int
    horizon_text: str
    old_rules: str
    old: tuple[dt.date | None, dt.date | None]  # (due_earliest, due_latest)
    new: tuple[dt.date | None, dt.date | None]


@dataclass(frozen=True)
class RecomputeResult:
    moved: list[WindowChange] = field(default_factory=list)
    unchanged: int = 0  # recomputed to the same window: only their rules_version moved on
    kept_by_hand: int = 0  # computed by older rules, but a curator set the window by hand
    kept_judged: int = 0  # computed by older rules, but reviewed, resolved, withdrawn or split
    dry_run: bool = False


def recompute_windows(
    *,
    now: dt.datetime,
    by: User | None,
    face: Face,
    dry_run: bool = False,
    batch_size: int = 1000,
) -> RecomputeResult:
    """Recompute, with the current rules, the windows of the predictions computed by older ones
    that nobody has judged, and report what moved. All or nothing.

    1. In one transaction, lock the eligible rows (window_outdated) so that a review recorded
       meanwhile waits for this to finish instead of judging a window about to move.
    2. Compute each window from its horizon words and said_on.
    3. Write the moved ones (window, rules_version, version + 1: an edit made from a page that
       showed the old window is refused by its version check) in batches, and give the unchanged
       ones the current rules_version in one UPDATE. Each moved window is in its prediction's
       edit history (at `now`, from `face`); a rules_version that moves alone changes no date
       anyone relied on, and is not.
    A dry run does steps 1 and 2 and writes nothing.
    """
    version = horizons.RULES_VERSION
    older = Prediction.objects.exclude(rules_version=version)
    with transaction.atomic():
        eligible = (
            Prediction.objects.window_outdated(version)
            .select_for_update()
            .only("id", "horizon_text", "said_on", "rules_version", "version", *_WINDOW_FIELDS)
            .order_by("id")
        )
        moved: list[WindowChange] = []
        rows: list[Prediction] = []
        edits: list[Edit] = []
        unchanged: list[int] = []
        for prediction in eligible.iterator(chunk_size=batch_size):
            window = horizons.compute_window(prediction.horizon_text, prediction.said_on)
            new = (window.due_earliest, window.due_latest, window.vague, window.boundary_ambiguous)
            old = tuple(getattr(prediction, name) for name in _WINDOW_FIELDS)
            if new == old:
                unchanged.append(prediction.pk)
                continue
            moved.append(
                WindowChange(
                    prediction.pk,
                    prediction.horizon_text,
                    prediction.rules_version,
                    (prediction.due_earliest, prediction.due_latest),
                    (window.due_earliest, window.due_latest),
                )
            )
            edits.append(
                changed(
                    prediction,
                    {name: json_ready(value) for name, value in zip(_WINDOW_FIELDS, old, strict=True)}
                    | {"rules_version": prediction.rules_version},
                    {name: json_ready(value) for name, value in zip(_WINDOW_FIELDS, new, strict=True)}
                    | {"rules_version": version},
                )
            )
            for name, value in zip(_WINDOW_FIELDS, new, strict=True):
                setattr(prediction, name, value)
            prediction.rules_version = version
            prediction.version += 1
            rows.append(prediction)
        kept_by_hand = older.filter(window_overridden=True).count()
        kept_judged = older.filter(window_overridden=False).count() - len(moved) - len(unchanged)
        if not dry_run:
            Prediction.objects.bulk_update(
                rows, [*_WINDOW_FIELDS, "rules_version", "version"], batch_size=batch_size
            )
            record_edits(edits, by=by, face=face, now=now)
            for start in range(0, len(unchanged), batch_size):
                Prediction.objects.filter(pk__in=unchanged[start : start + batch_size]).update(
                    rules_version=version
                )
    return RecomputeResult(moved, len(unchanged), kept_by_hand, kept_judged, dry_run)
