"""Template helpers for the dashboard: standing badges and the numbers readers scan."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.charts import STANDING_BY_KEY, Standing
from claims.language import guess_language
from claims.models import Prediction, Status

register = template.Library()

_WITHDRAWN = Standing("withdrawn", "Withdrawn", "⊘")
_DRAFT = Standing("draft", "Draft", "✎")
# Undated predictions are never due: "not yet due" would promise a date that does not exist.
_OPEN_UNDATED = Standing("open", "Open, no due date", "…")


def standing_of(prediction: Prediction, today: dt.date) -> Standing:
    """The verdict when resolved; "due" once the window closed unjudged; else not yet due."""
    if prediction.status == Status.RESOLVED and prediction.verdict:
        return STANDING_BY_KEY[prediction.verdict]
    if prediction.status == Status.WITHDRAWN:
        return _WITHDRAWN
    if prediction.status == Status.DRAFT:
        return _DRAFT
    if prediction.status == Status.DUE or (
        prediction.due_latest is not None and prediction.due_latest < today
    ):
        return STANDING_BY_KEY["due"]
    return STANDING_BY_KEY["open"] if prediction.due_latest is not None else _OPEN_UNDATED


def _badge(standing: Standing) -> SafeString:
    # The symbol and the words carry the meaning; the colour only repeats it.
    return format_html(
        '<span class="badge standing-{}"><span class="symbol" aria-hidden="true">{}</span> {}</span>',
        standing.key,
        standing.symbol,
        standing.label,
    )


@register.simple_tag
def standing_badge(prediction: Prediction, today: dt.date) -> SafeString:
    return _badge(standing_of(prediction, today))


@register.simple_tag
def verdict_badge(verdict: str) -> SafeString:
    return _badge(STANDING_BY_KEY[verdict])


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


@register.filter
def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@register.filter
def text_lang(text: str) -> str:
    """A lang attribute for a statement: Chinese text gets zh-Hans / zh-Hant, so fonts and screen readers fit."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "en"
    guess = guess_language(text)
    return "zh" if guess == "en" else guess
