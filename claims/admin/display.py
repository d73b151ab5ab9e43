"""How the admin words a prediction's standing and a review event, shared by its pages."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from claims.models import Evidence, Outcome, OutcomeKind, Prediction, Status


def agreement_text(prediction: Prediction) -> str:
    """The agreement behind the standing verdict, from the prediction's own columns (no query):
    "2/2 reviewers · evidence archived · known 2025-04-05", or
    "adjudicated (1/2 reviewers agreed) · known 2025-07-17".

    Without a verdict: "too early · look again <date>" once a round concluded too early, "reviewers
    disagree · awaiting adjudication" when disputed, else "".
    """
    if prediction.status == Status.DISPUTED:
        return gettext("reviewers disagree · awaiting adjudication")
    if prediction.status != Status.RESOLVED and prediction.next_look_on is not None:
        return gettext("too early · look again %(day)s") % {"day": f"{prediction.next_look_on:%Y-%m-%d}"}
    return prediction.verdict_agreement


def decision_text(outcome: Outcome) -> str:
    """What one event of the review record decided: a verdict, a next look, or an undo."""
    if outcome.kind == OutcomeKind.UNDO:
        return "verdict undone"
    if outcome.kind == OutcomeKind.REOPEN:
        return "review reopened by a correction"
    if outcome.verdict:
        return outcome.get_verdict_display()
    return f"too early: look again {outcome.next_look_on:%Y-%m-%d}"


def evidence_html(items: Iterable[Evidence]) -> SafeString | str:
    """Each piece of evidence as the reviewer saw it: link, quoted passage, day it was read."""
    rows = [
        format_html(
            '<li><a href="{}" rel="noopener noreferrer">{}</a>{}</li>',
            item.url,
            item.title or item.url,
            format_html(
                '<blockquote>{}</blockquote><span class="hindsight-read">read {}</span>',
                item.passage,
                f"{item.retrieved_on:%Y-%m-%d}",
            )
            if item.archived
            else "",
        )
        for item in items
    ]
    if not rows:
        return "-"
    return format_html('<ul class="hindsight-evidence">{}</ul>', SafeString("".join(rows)))


def prediction_link(prediction: Prediction) -> SafeString:
    url = reverse("admin:claims_prediction_change", args=[prediction.pk])
    statement = prediction.statement if len(prediction.statement) <= 60 else prediction.statement[:59] + "…"
    return format_html('<a href="{}">#{} {}</a>', url, prediction.pk, statement)


def prediction_links(predictions: Iterable[Prediction]) -> SafeString | str:
    rows = format_html_join("", "<li>{}</li>", ((prediction_link(p),) for p in predictions))
    return format_html('<ul class="hindsight-plain">{}</ul>', rows) if rows else "-"
