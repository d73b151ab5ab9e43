from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import ExtractYear

from claims.status import Status

if TYPE_CHECKING:
    # Named in a string by PredictionQuerySet's base class, which ruff does not read.
    from claims.models import Prediction  # noqa: F401


def review_day_passed(on: dt.date) -> Q:
    """The prediction's review day is before `on`: its window closed (due_latest < on), and any
    next look a "too early" review asked for has come (next_look_on <= on). An undated
    prediction has a review day only once a "too early" review gave it one."""
    next_look_come = Q(next_look_on__isnull=True) | Q(next_look_on__lte=on)
    return Q(due_latest__lt=on) & next_look_come | Q(due_latest__isnull=True, next_look_on__lte=on)


class PredictionQuerySet(models.QuerySet["Prediction"]):
    def dated(self) -> PredictionQuerySet:
        return self.filter(due_latest__isnull=False)

    def undated(self) -> PredictionQuerySet:
        return self.filter(due_latest__isnull=True)

    def due(self, on: dt.date) -> PredictionQuerySet:
        """Open predictions whose review day has passed (see review_day_passed): the ones the
        due job moves to due. Open means no standing verdict, so nothing here is judged."""
        return self.filter(review_day_passed(on), status=Status.OPEN)

    def linkable_to(self, prediction) -> PredictionQuerySet:
        """What `prediction` may be linked to as a later statement: its speaker's predictions said
        before it (on the same day: created before it, as link_predictions orders them) that it
        is not linked to yet, newest first."""
        before = Q(said_on__lt=prediction.said_on) | Q(said_on=prediction.said_on, pk__lt=prediction.pk)
        return (
            self.filter(before, speaker_id=prediction.speaker_id)
            .exclude(later_links__prediction=prediction)
            .order_by("-said_on", "-pk")
        )

    def public(self) -> PredictionQuerySet:
        """What readers see on the dashboard: everything but curators' unfinished drafts."""
        return self.exclude(status=Status.DRAFT)

    def awaiting_review(self, on: dt.date) -> PredictionQuerySet:
        """Flagged due, or open with a window closed before `on` that no flagging run has seen yet."""
        return self.filter(Q(status=Status.DUE) | Q(status=Status.OPEN) & review_day_passed(on))

    def standing_by_due_year(self, on: dt.date) -> Sequence[Mapping[str, Any]]:
        """One GROUP BY for the dashboard timeline: rows of {year, standing, n}.

        year is None for undated predictions. standing is the verdict when resolved, "due"
        when awaiting review on `on`, else "open". Drafts and withdrawn predictions are left out.
        """
        standing = Case(
            When(status=Status.RESOLVED, then=F("verdict")),
            When(
                Q(status__in=[Status.DUE, Status.DISPUTED]) | Q(status=Status.OPEN) & review_day_passed(on),
                then=Value(Status.DUE.value),
            ),
            default=Value(Status.OPEN.value),
            output_field=models.CharField(),
        )
        rows = (
            self.exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
            .order_by()
            .annotate(year=ExtractYear("due_latest"), standing=standing)
            .values("year", "standing")
            .annotate(n=Count("id"))
        )
        return list(rows)

    def window_outdated(self, rules_version: str) -> PredictionQuerySet:
        """Predictions whose window was computed by rules other than `rules_version` and may be
        recomputed: not set by hand, never reviewed (no outcome row of any kind: a vote, a "too
        early" note, an undo) and still waiting for a verdict (draft, open or flagged due)."""
        from claims.models import Outcome  # the models module imports this one

        reviewed = Outcome.objects.filter(prediction=OuterRef("pk"))
        return self.exclude(rules_version=rules_version).filter(
            ~Exists(reviewed), window_overridden=False, status__in=["draft", "open", "due"]
        )

    def due_soon(self, on: dt.date, days: int) -> PredictionQuerySet:
        """Open predictions whose window closes within the next `days` days from `on`."""
        return self.filter(
            status=Status.OPEN, due_latest__gte=on, due_latest__lte=on + dt.timedelta(days=days)
        )

    def search(self, q: str) -> PredictionQuerySet:
        """Substring search over statement, paraphrase and span quotes.

        icontains works for Chinese on both SQLite and PostgreSQL, where word-based
        full-text search would not split Chinese into words.
        """
        q = q.strip()
        if not q:
            return self
        matching_spans = Q(spans__quote__icontains=q)
        ids = self.model.objects.filter(matching_spans).values("id")
        return self.filter(Q(statement__icontains=q) | Q(statement_en__icontains=q) | Q(id__in=ids))

    def with_related(self) -> PredictionQuerySet:
        """Everything a list of predictions shows, in a fixed number of queries."""
        return self.select_related("speaker").prefetch_related("topics")

    def for_api(self) -> PredictionQuerySet:
        """What the API reads with each prediction row: its speaker, joined. Topics and spans are
        loaded for a whole page at once by api.relations (2 queries, plain rows)."""
        return self.select_related("speaker")
