from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Exists, OuterRef, Q


class PredictionQuerySet(models.QuerySet):
    def dated(self) -> PredictionQuerySet:
        return self.filter(due_latest__isnull=False)

    def undated(self) -> PredictionQuerySet:
        return self.filter(due_latest__isnull=True)

    def open(self) -> PredictionQuerySet:
        return self.filter(status="open")

    def due(self, on: dt.date) -> PredictionQuerySet:
        """Open predictions whose window closed before `on` and that nobody has judged yet."""
        from claims.models import Outcome

        judged = Outcome.objects.filter(prediction=OuterRef("pk"))
        return self.filter(status="open", due_latest__lt=on).filter(~Exists(judged))

    def due_soon(self, on: dt.date, days: int) -> PredictionQuerySet:
        """Open predictions whose window closes within the next `days` days from `on`."""
        return self.filter(status="open", due_latest__gte=on, due_latest__lte=on + dt.timedelta(days=days))

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
