"""The review backlog: what is due and unreviewed, how long it has waited, and who it waits on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from claims.groups import REVIEW, holders_of
from claims.models import Outcome, Prediction, Status, Tally, TallyGrain
from claims.models.outcomes import VOTES
from claims.models.reviewers import fallback_name
from claims.querysets import review_day_passed
from claims.services.stats import unflagged_count


@dataclass(frozen=True)
class ReviewerLoad:
    user_id: int
    username: str
    display_name: str  # the public name (claims.models.reviewers.public_name)
    waiting: int  # backlog predictions this reviewer has not yet reviewed in their current round


@dataclass(frozen=True)
class Backlog:
    waiting: int  # due and without a standing verdict (disputed ones included)
    disputed: int  # of which waiting for an adjudicator
    # The day the longest-waiting one came due for review: the day after its window closed, or
    # the next look a "too early" review set (always later than the window's close).
    oldest_due_on: dt.date | None
    oldest_waiting_days: int | None
    reviewers: list[ReviewerLoad] | None  # None: not asked for (with_reviewers=False)


def review_backlog(today: dt.date, *, with_reviewers: bool = True) -> Backlog:
    """Three queries: the backlog's size and age, the reviewers, and their votes in it; one
    without the reviewers (for the public, claims.groups.sees_reviewer_workload)."""
    backlog = Prediction.objects.awaiting_review(today) | Prediction.objects.filter(status=Status.DISPUTED)
    summary = _summary(today)
    closed = summary["oldest_closed"]
    days = [day for day in (closed and closed + dt.timedelta(days=1), summary["oldest_next_look"]) if day]
    oldest = min(days, default=None)
    return Backlog(
        waiting=summary["waiting"],
        disputed=summary["disputed"],
        oldest_due_on=oldest,
        oldest_waiting_days=(today - oldest).days if oldest else None,
        reviewers=_loads(backlog, summary["waiting"] - summary["disputed"]) if with_reviewers else None,
    )


def _summary(today: dt.date) -> dict[str, Any]:
    """The backlog's size and age in one query that reads no more than a few rows whatever the
    table's size: the flagged ones (due, disputed) counted from the tallies (claims.tallies), the
    open ones whose review day passed but no flagging run has seen as stats.unflagged_count
    counts them, and the oldest found by index order, one status at a time."""
    flagged = [Status.DUE, Status.DISPUTED]
    predictions = Prediction.objects.order_by()

    def first(queryset: QuerySet[Prediction], field: str) -> Subquery:
        return Subquery(queryset.filter(**{f"{field}__isnull": False}).order_by(field).values(field)[:1])

    unclosed = Q(next_look_on__isnull=True)
    # Grouped by grain (one group): a values() row carries the subqueries, which aggregate() refuses.
    rows = (
        Tally.objects.filter(grain=TallyGrain.SPEAKER)
        .values("grain")
        .annotate(
            flagged=Coalesce(Sum("n", filter=Q(status__in=flagged)), 0),
            disputed=Coalesce(Sum("n", filter=Q(status=Status.DISPUTED)), 0),
            unflagged=unflagged_count(today),
            closed_due=first(predictions.filter(unclosed, status=Status.DUE), "due_latest"),
            closed_disputed=first(predictions.filter(unclosed, status=Status.DISPUTED), "due_latest"),
            # predictions.due(today).filter(unclosed) spelled out: without a next look, the review
            # day passed is due_latest < today, a bound the index takes; under review_day_passed's
            # OR the planner walked every open prediction (1.1 s at 1M) to find none.
            closed_open=first(
                predictions.filter(unclosed, status=Status.OPEN, due_latest__lt=today), "due_latest"
            ),
            next_look=first(
                predictions.filter(Q(status__in=flagged) | Q(review_day_passed(today), status=Status.OPEN)),
                "next_look_on",
            ),
        )
    )
    row = next(iter(rows), None) or _nothing_tallied()
    closed = [day for day in (row["closed_due"], row["closed_disputed"], row["closed_open"]) if day]
    return {
        "waiting": row["flagged"] + (row["unflagged"] or 0),
        "disputed": row["disputed"],
        "oldest_closed": min(closed, default=None),
        "oldest_next_look": row["next_look"],
    }


def _nothing_tallied() -> dict[str, Any]:
    """No prediction at all (the tallies are empty): nothing waits."""
    return dict.fromkeys(["unflagged", "closed_due", "closed_disputed", "closed_open", "next_look"]) | {
        "flagged": 0,
        "disputed": 0,
    }


def _loads(backlog: QuerySet[Prediction], needing_votes: int) -> list[ReviewerLoad]:
    reviewers = list(
        holders_of(REVIEW)
        .order_by("username")
        .values_list("id", "username", "reviewer_profile__display_name")
    )
    votes = dict(
        Outcome.objects.filter(
            prediction__in=backlog.exclude(status=Status.DISPUTED),
            kind__in=VOTES,
            round=F("prediction__review_round"),
            reviewer_id__in=[user_id for user_id, _, _ in reviewers],
        )
        .order_by()
        .values_list("reviewer_id")
        .annotate(n=Count("id"))
    )
    return [
        ReviewerLoad(user_id, username, name or fallback_name(user_id), needing_votes - votes.get(user_id, 0))
        for user_id, username, name in reviewers
    ]
