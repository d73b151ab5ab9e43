"""The review backlog: what is due and unreviewed, how long it has waited, and who it waits on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, QuerySet

from claims.groups import REVIEW, holders_of
from claims.models import Outcome, Prediction, Status
from claims.models.outcomes import VOTES
from claims.models.reviewers import fallback_name


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
    summary = backlog.order_by().aggregate(
        waiting=Count("id"),
        disputed=Count("id", filter=Q(status=Status.DISPUTED)),
        oldest_closed=Min("due_latest", filter=Q(next_look_on__isnull=True)),
        oldest_next_look=Min("next_look_on"),
    )
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
