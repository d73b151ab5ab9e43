"""Template helpers for the dashboard: standing badges, verdict lines and the numbers readers scan."""

from __future__ import annotations

import datetime as dt

from django import template
from django.contrib.auth.models import User
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy

from claims.charts import STANDING_BY_KEY, Standing
from claims.display import without_pinyin
from claims.language import guess_language
from claims.models import Prediction, PredictionLink, Relation, Status
from claims.models.reviewers import public_name as _public_name
from claims.services.lineage import is_slipped

register = template.Library()

_WITHDRAWN = Standing(Status.WITHDRAWN, Status.WITHDRAWN.label, "⊘")
_DRAFT = Standing(Status.DRAFT, Status.DRAFT.label, "◇")
_DISPUTED = Standing(Status.DISPUTED, gettext_lazy("Reviewers disagreed, awaiting adjudication"), "⇄")
_SPLIT = Standing(Status.SPLIT, Status.SPLIT.label, "✂")
# Undated predictions are never due: "not yet due" would promise a date that does not exist.
_OPEN_UNDATED = Standing(Status.OPEN, gettext_lazy("Open, no due date"), "…")


def review_day_passed(prediction: Prediction, today: dt.date) -> bool:
    """claims.querysets.review_day_passed for one loaded row: its window closed before `today`
    and any next look a "too early" review asked for has come; an undated prediction has a
    review day only once a "too early" review gave it one."""
    if prediction.due_latest is not None:
        return prediction.due_latest < today and (
            prediction.next_look_on is None or prediction.next_look_on <= today
        )
    return prediction.next_look_on is not None and prediction.next_look_on <= today


def standing_of(prediction: Prediction, today: dt.date) -> Standing:
    """The verdict when resolved; "due" once its review day passed unjudged; else not yet due."""
    if prediction.status == Status.RESOLVED and prediction.verdict:
        return STANDING_BY_KEY[prediction.verdict]
    fixed_standings: dict[str, Standing] = {
        Status.WITHDRAWN: _WITHDRAWN,
        Status.DRAFT: _DRAFT,
        Status.DISPUTED: _DISPUTED,
        Status.SPLIT: _SPLIT,
    }
    fixed = fixed_standings.get(prediction.status)
    if fixed is not None:
        return fixed
    if prediction.status == Status.DUE or review_day_passed(prediction, today):
        return STANDING_BY_KEY[Status.DUE]
    if prediction.next_look_on is not None:
        # A "too early" review put it off: say until when, so nobody reads it as forgotten.
        label = gettext("Too early, next look %(day)s") % {"day": f"{prediction.next_look_on:%Y-%m-%d}"}
        return Standing(Status.OPEN, label, "…")
    return STANDING_BY_KEY[Status.OPEN] if prediction.due_latest is not None else _OPEN_UNDATED


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
def as_written(text: str) -> str:
    """A statement as a reader sees it: pinyin annotations hidden, as on the source page."""
    return without_pinyin(text)


@register.filter
def verdict_line(prediction: Prediction) -> str:
    """The agreement behind a standing verdict, from the prediction's denormalized columns (no
    query, so lists can show it): "2/2 reviewers · evidence archived · known 2025-04-05", or
    "adjudicated (1/2 reviewers agreed) · known 2025-07-17". Empty when there is no verdict."""
    return prediction.verdict_agreement


@register.filter
def link_summary(link: PredictionLink) -> str:
    """How a later prediction relates to an earlier one: "Revised: deadline moved from
    2024-12-31 to 2025-12-31", "Said again", "Retracted". The link's predictions must be loaded."""
    label = link.get_relation_display()
    before, after = link.earlier.due_latest, link.prediction.due_latest
    if link.relation == Relation.REVISION and before != after:
        if before and after:
            return f"{label}: deadline moved from {before:%Y-%m-%d} to {after:%Y-%m-%d}"
        if after:
            return f"{label}: deadline set to {after:%Y-%m-%d}"
        return f"{label}: the {before:%Y-%m-%d} deadline dropped, now undated"
    return label


@register.filter
def slipped(link: PredictionLink) -> bool:
    return is_slipped(link)


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


@register.filter
def public_name(user: User | None) -> str:
    """A reviewer as the public sees them (claims.models.reviewers.public_name)."""
    return _public_name(user)
