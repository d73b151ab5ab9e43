"""Atom feeds for feed readers: predictions as they come due, verdicts as they are reached, and
everything one speaker predicted (Django's syndication framework).

Each entry is dated by the event it reports (the flag, the verdict, the curation), so a reader
shows it once, when it happens, and an edit later does not bring it back as new."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Max, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, gettext_lazy

from claims.charts import STANDING_BY_KEY
from claims.models import Prediction, Speaker, Status

ENTRIES = 50


class _PredictionFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Hindsight"

    def item_title(self, item: Prediction) -> str:
        statement = " ".join(item.statement.split())
        short = statement if len(statement) <= 80 else statement[:79] + "…"
        return f"#{item.pk} {item.speaker.name}: {short}"

    def item_description(self, item: Prediction) -> str:
        lines = [item.statement]
        if item.statement_en:
            lines.append(gettext("In English: %(english)s") % {"english": item.statement_en})
        lines.append(
            gettext("Said on %(day)s. %(window)s.")
            % {"day": f"{item.said_on:%Y-%m-%d}", "window": _window(item)}
        )
        if item.status == Status.RESOLVED:
            lines.append(
                gettext("Verdict: %(verdict)s (%(agreement)s).")
                % {"verdict": STANDING_BY_KEY[item.verdict].label, "agreement": item.verdict_agreement}
            )
        return "\n".join(lines)

    def item_link(self, item: Prediction) -> str:
        return reverse("dashboard:prediction", args=[item.pk])

    def item_guid(self, item: Prediction) -> str:
        # Stable whatever the host: tag URI (RFC 4151) of the prediction and the event reported.
        return f"tag:hindsight,2024:prediction/{item.pk}/{self.event}"

    item_guid_is_permalink = False
    event = "prediction"

    def item_author_name(self, item: Prediction) -> str:
        return item.speaker.name

    def item_categories(self, item: Prediction) -> list[str]:
        return [topic.slug for topic in item.topics.all()]


class DueFeed(_PredictionFeed):
    """Predictions that came due for review, newest first: each the day the due job flagged it."""

    title = gettext_lazy("Hindsight: predictions coming due")
    description = gettext_lazy("Each prediction as its due window closes and it awaits a verdict.")
    event = "due"

    def link(self) -> str:
        return reverse("dashboard:prediction-list") + f"?status={Status.DUE}"

    def items(self) -> QuerySet[Prediction]:
        return (
            Prediction.objects.public()
            .filter(due_flags__isnull=False)
            .annotate(event_at=Max("due_flags__flagged_at"))
            .select_related("speaker")
            .prefetch_related("topics")
            .order_by("-event_at", "-pk")[:ENTRIES]
        )

    def item_pubdate(self, item: Any) -> dt.datetime:
        return item.event_at

    def item_updateddate(self, item: Any) -> dt.datetime:
        return item.event_at


class VerdictFeed(_PredictionFeed):
    """Verdicts as they are reached, newest first: each dated by the review that concluded it."""

    title = gettext_lazy("Hindsight: verdicts")
    description = gettext_lazy(
        "Each prediction when its reviewers' verdict stands: came true, came false, partly, ..."
    )
    event = "verdict"

    def link(self) -> str:
        return reverse("dashboard:prediction-list") + f"?status={Status.RESOLVED}"

    def items(self) -> QuerySet[Prediction]:
        return (
            Prediction.objects.filter(status=Status.RESOLVED)
            .annotate(event_at=Max("outcomes__recorded_at"))
            .select_related("speaker")
            .prefetch_related("topics")
            .order_by("-event_at", "-pk")[:ENTRIES]
        )

    def item_guid(self, item: Any) -> str:
        # A verdict undone and reached again is news again.
        return f"{super().item_guid(item)}/{item.review_round}"

    def item_pubdate(self, item: Any) -> dt.datetime:
        return item.event_at

    def item_updateddate(self, item: Any) -> dt.datetime:
        return item.event_at


class SpeakerFeed(_PredictionFeed):
    """Everything one speaker predicted, newest curated first; an entry's update is its latest change
    (a verdict, a correction), so a follower sees a prediction again when it is judged."""

    description = gettext_lazy("Predictions and claims of one speaker, with their due windows and verdicts.")

    def get_object(self, request: HttpRequest, pk: int) -> Speaker:
        return get_object_or_404(Speaker, pk=pk)

    def title(self, obj: Speaker) -> str:
        return f"Hindsight: {obj.name}"

    def link(self, obj: Speaker) -> str:
        return reverse("dashboard:speaker", args=[obj.pk])

    def items(self, obj: Speaker) -> QuerySet[Prediction]:
        return (
            Prediction.objects.public()
            .filter(speaker=obj)
            .select_related("speaker")
            .prefetch_related("topics")
            .order_by("-created_at", "-pk")[:ENTRIES]
        )

    def item_pubdate(self, item: Prediction) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Prediction) -> dt.datetime:
        return item.updated_at


def _window(prediction: Prediction) -> str:
    if prediction.due_latest is None:
        return gettext("Undated")
    if prediction.due_earliest:
        return gettext("Due %(earliest)s to %(latest)s") % {
            "earliest": f"{prediction.due_earliest:%Y-%m-%d}",
            "latest": f"{prediction.due_latest:%Y-%m-%d}",
        }
    return gettext("Due by %(latest)s") % {"latest": f"{prediction.due_latest:%Y-%m-%d}"}
