from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.db.models import Case, Count, Exists, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import ExtractYear, Length

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


def _bigrams_contain(field: str, q: str) -> Func:
    """hindsight_bigrams(field) @> hindsight_bigrams(q): every 2-character piece of `q` (upper
    case) occurs in the field. Exact for a 2-character `q`; the function and its indexes come
    with migration 0013 (claims.search_indexes; PostgreSQL only)."""
    return Func(
        Func(F(field), function="hindsight_bigrams"),
        Func(Value(q), function="hindsight_bigrams"),
        template="(%(expressions)s)",
        arg_joiner=" @> ",
        output_field=models.BooleanField(),
    )


def _id_in_array(ids: models.QuerySet) -> Func:
    """id = ANY(ARRAY(ids)): the ids are found first, once, and the rows then fetched by primary
    key. Given `id IN (ids)`, PostgreSQL's planner, which cannot tell how few rows a GIN lookup
    finds, hash-joins a scan of the whole table against them."""
    return Func(
        F("id"),
        Subquery(ids),
        template="(%(expressions)s))",
        arg_joiner=" = ANY(ARRAY",
        output_field=models.BooleanField(),
    )


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

    def deletable(self) -> PredictionQuerySet:
        """Predictions a curator may delete: never reviewed (no outcome row: deleting one would
        take its review record, rows of the append-only chain, with it), without clarifications or
        corrections (also in the chain) and not split into parts (the parts PROTECT their parent).
        Anything else is withdrawn instead. The admin offers Delete only for these, and
        delete_recorded refuses the rest."""
        from claims.models import Clarification, Correction, Outcome  # the models module imports this one

        mine = OuterRef("pk")
        return self.filter(
            ~Exists(Outcome.objects.filter(prediction=mine)),
            ~Exists(Clarification.objects.filter(prediction=mine)),
            ~Exists(Correction.objects.filter(prediction=mine)),
            ~Exists(self.model.objects.filter(parent=mine)),
        )

    def due_soon(self, on: dt.date, days: int) -> PredictionQuerySet:
        """Open predictions whose window closes within the next `days` days from `on`."""
        return self.filter(
            status=Status.OPEN, due_latest__gte=on, due_latest__lte=on + dt.timedelta(days=days)
        )

    def search(self, q: str) -> PredictionQuerySet:
        """Substring search over statement, paraphrase and span quotes, case-insensitively.

        Substrings, not words: word-based full-text search would not split Chinese into words.
        The matches are one `id IN (… UNION … UNION …)` of three single-column searches, each
        served by its own index on PostgreSQL (claims.search_indexes): trigram GIN indexes for terms
        of 3 characters or more, character-bigram GIN indexes for 2 (pg_trgm finds nothing to
        look up in 代理). An OR across the prediction and its spans would scan both tables.
        A 1-character term, and any term on SQLite, is a plain LIKE scan.
        """
        q = q.strip()
        if not q:
            return self
        from claims.models import Span  # the models module imports this one

        predictions = self.model.objects.order_by()
        spans = Span.objects.order_by()
        if connection.vendor == "postgresql" and len(q) == 2:
            matches = (
                predictions.filter(_bigrams_contain("statement", q))
                .values("id")
                .union(predictions.filter(_bigrams_contain("statement_en", q)).values("id"))
                .union(spans.filter(_bigrams_contain("quote", q)).values("prediction_id"))
            )
        else:
            matches = (
                predictions.filter(statement__icontains=q)
                .values("id")
                .union(predictions.filter(statement_en__icontains=q).values("id"))
                .union(spans.filter(quote__icontains=q).values("prediction_id"))
            )
        if connection.vendor == "postgresql":
            return self.filter(_id_in_array(matches))
        return self.filter(id__in=matches)

    def by_relevance(self, q: str) -> PredictionQuerySet:
        """Best matches of `q` first: a match in the statement outranks one in the paraphrase,
        which outranks one in a quote only; several count together; then the shorter statement
        (more of it is the term), then id. Computed on the matched rows only, the same on both
        databases."""
        from claims.models import Span  # the models module imports this one

        q = q.strip()
        in_quote = Exists(Span.objects.filter(prediction=OuterRef("pk"), quote__icontains=q))
        relevance = (
            Case(When(statement__icontains=q, then=Value(4)), default=Value(0))
            + Case(When(statement_en__icontains=q, then=Value(2)), default=Value(0))
            + Case(When(in_quote, then=Value(1)), default=Value(0))
        )
        return self.alias(relevance=relevance, statement_length=Length("statement")).order_by(
            F("relevance").desc(), "statement_length", "id"
        )

    def with_related(self) -> PredictionQuerySet:
        """Everything a list of predictions shows, in a fixed number of queries."""
        return self.select_related("speaker").prefetch_related("topics")

    def for_api(self) -> PredictionQuerySet:
        """What the API reads with each prediction row: its speaker, joined. Topics and spans are
        loaded for a whole page at once by api.relations (2 queries, plain rows)."""
        return self.select_related("speaker")
