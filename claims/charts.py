"""Charts as inline SVG drawn on the server: no JavaScript, no network, readable without colour.

Colours are not set here: every shape carries a `standing-<key>` class and the stylesheet
(static/hindsight/dashboard.css) gives each standing its colour, so badges, legends and charts
always agree. Every chart also has a text title per shape (shown on hover and read by screen
readers), and pages print the same numbers as text next to it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy, ngettext

from claims.models import Status, Verdict

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Standing:
    """Where a prediction stands: one of the five verdicts, or not judged yet (due / open)."""

    key: str
    label: StrOrPromise  # the verdicts' own labels, in the reader's language
    symbol: str


# Stacking order, bottom to top: settled verdicts first, then what is still waiting.
STANDINGS: tuple[Standing, ...] = (
    Standing(Verdict.CAME_TRUE, Verdict.CAME_TRUE.label, "✓"),
    Standing(Verdict.PARTLY_TRUE, Verdict.PARTLY_TRUE.label, "◐"),
    Standing(Verdict.CAME_FALSE, Verdict.CAME_FALSE.label, "×"),
    Standing(Verdict.AMBIGUOUS, Verdict.AMBIGUOUS.label, "?"),
    Standing(Verdict.UNRESOLVABLE, Verdict.UNRESOLVABLE.label, "–"),
    Standing(Status.DUE, gettext_lazy("Due, awaiting a verdict"), "!"),
    Standing(Status.OPEN, gettext_lazy("Not yet due"), "…"),
)
STANDING_BY_KEY = {standing.key: standing for standing in STANDINGS}


# The bars cover the years that hold this share of the dated predictions (today's year and the
# next included); the far tail beyond is one "later" bar, so a few predictions due decades out
# do not squeeze the rest into the left of the chart.
SHOWN_SHARE = 0.95
# Bars a timeline draws at most (the "later" one aside): at a phone's 390 px each stays wide
# enough to tap, and the axis labels legible (tests/test_browser.py measures them).
MAX_BARS = 16
# A range this short is shown whole: a tail worth folding is one that stretches the axis.
FOLD_AFTER_YEARS = 12


@dataclass
class YearBucket:
    first_year: int
    last_year: int
    counts: dict[str, int] = field(default_factory=dict)
    later: bool = False  # the far tail: every year from first_year to last_year in one bar

    @property
    def label(self) -> str:
        if self.later:
            return gettext("later (%(first)s–%(last)s)") % {"first": self.first_year, "last": self.last_year}
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    @property
    def tick(self) -> str:
        return gettext("later") if self.later else str(self.first_year)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def year_buckets(rows: Iterable[Mapping[str, Any]], *, today: dt.date) -> list[YearBucket]:
    """Group {year, standing, n} rows into consecutive buckets, gaps included, today's year too.

    One bucket per year while the range is at most 40 years, else 5 or 10 years a bucket so
    that bars stay wide enough to see on a phone. When the range is longer than
    FOLD_AFTER_YEARS, the years beyond those holding SHOWN_SHARE of the predictions are one last
    "later" bucket. Rows with year None (undated) are skipped.
    """
    dated = [row for row in rows if row["year"] is not None]
    if not dated:
        return []
    first = min(min(row["year"] for row in dated), today.year)
    last = max(max(row["year"] for row in dated), today.year)
    shown_last = _shown_until(dated, first, last, today)
    step = _years_per_bar(shown_last - first + 1)
    buckets = [
        YearBucket(year, min(year + step - 1, shown_last))
        for year in range(first - first % step, shown_last + 1, step)
    ]
    if shown_last < last:
        buckets.append(YearBucket(shown_last + 1, last, later=True))
    base = buckets[0].first_year
    for row in dated:
        bucket = buckets[-1] if row["year"] > shown_last else buckets[(row["year"] - base) // step]
        bucket.counts[row["standing"]] = bucket.counts.get(row["standing"], 0) + row["n"]
    return buckets


def _years_per_bar(span: int) -> int:
    """1, 2, 5, 10, 20, 50… years a bar: the fewest that keep to MAX_BARS bars."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if math.ceil(span / step) <= MAX_BARS:
                return step
        power *= 10


def _shown_until(dated: list[Mapping[str, Any]], first: int, last: int, today: dt.date) -> int:
    """The last year with a bar of its own: the one by which SHOWN_SHARE of the dated
    predictions fall due, never before next year; `last` when the range is short."""
    if last - first + 1 <= FOLD_AFTER_YEARS:
        return last
    by_year: dict[int, int] = {}
    for row in dated:
        by_year[row["year"]] = by_year.get(row["year"], 0) + row["n"]
    total, running = sum(by_year.values()), 0
    for year in sorted(by_year):
        running += by_year[year]
        if running >= SHOWN_SHARE * total:
            return min(max(year, today.year + 1), last)
    return last


def _nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is >= value (axis maximum)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 5, 10):
        if factor * power >= value:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def _f(value: float) -> str:
    # format_html escapes its arguments to strings first, so numbers are formatted before.
    return f"{value:.1f}"


def timeline_svg(
    buckets: list[YearBucket],
    *,
    today: dt.date,
    link: Callable[[YearBucket, str], str] | None = None,
    title: str | None = None,
) -> SafeString:
    """Stacked bars: one per due year (or span of years), one segment per standing; `title`
    defaults to "Predictions by due year" in the active language.

    `link(bucket, standing_key)` gives each segment's href (e.g. the filtered list).
    """
    if not buckets:
        return mark_safe("")
    title = title or gettext("Predictions by due year")
    # As wide as its bars need, no wider: the page scales it down to a phone's width and up to
    # 1.25 times this, so the labels keep one size from a phone to a desktop.
    left, right, top, bottom = 34, 8, 16, 28
    min_bar_w = 26
    width, height = left + right + min_bar_w * max(len(buckets), 8), 200
    plot_w, plot_h = width - left - right, height - top - bottom
    bar_w = plot_w / len(buckets)
    y_max = _nice_ceiling(max(bucket.total for bucket in buckets))
    scale = plot_h / y_max

    parts: list[SafeString] = []
    # Horizontal grid lines with their counts.
    for tick in sorted({0, y_max // 2, y_max}):
        y = top + plot_h - tick * scale
        parts.append(
            format_html(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
                left,
                width - right,
                _f(y),
                _f(y),
                left - 6,
                _f(y + 4),
                tick,
            )
        )
    label_every = max(1, math.ceil(len(buckets) / 10))
    for index, bucket in enumerate(buckets):
        x = left + index * bar_w
        y = top + plot_h
        for standing in STANDINGS:
            n = bucket.counts.get(standing.key, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            rect = format_html(
                '<rect class="seg standing-{}" x="{}" y="{}" width="{}" height="{}">'
                "<title>{}: {}</title></rect>",
                standing.key,
                _f(x + bar_w * 0.1),
                _f(y),
                _f(bar_w * 0.8),
                _f(h),
                bucket.label,
                ngettext("%(n)s prediction %(standing)s", "%(n)s predictions %(standing)s", n)
                % {"n": n, "standing": standing.label.lower()},
            )
            if link is not None:
                rect = format_html('<a href="{}">{}</a>', link(bucket, standing.key), rect)
            parts.append(rect)
        # The "later" bar always has its label; the bar just before it gives way to it.
        crowded = buckets[-1].later and index == len(buckets) - 2 and label_every > 1
        if (index % label_every == 0 and not crowded) or bucket.later:
            parts.append(
                format_html(
                    '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                    _f(x + bar_w / 2),
                    height - bottom + 16,
                    bucket.tick,
                )
            )
    # Where today falls, inside its bucket, so the past is left of the line.
    first = buckets[0].first_year
    years = (today.year - first) + (today.timetuple().tm_yday - 1) / 365.25
    step = buckets[0].last_year - buckets[0].first_year + 1
    x_today = left + years / step * bar_w
    parts.append(
        format_html(
            '<line class="today" x1="{}" x2="{}" y1="{}" y2="{}"/>'
            '<text class="today-label" x="{}" y="{}" text-anchor="middle">{}</text>',
            _f(x_today),
            _f(x_today),
            top,
            top + plot_h,
            _f(x_today),
            top - 3,
            gettext("today"),
        )
    )
    total = sum(bucket.total for bucket in buckets)
    description = ngettext(
        "%(n)s dated prediction from %(first)s to %(last)s, coloured by verdict; the dashed line is today.",
        "%(n)s dated predictions from %(first)s to %(last)s, coloured by verdict; the dashed line is today.",
        total,
    ) % {"n": total, "first": buckets[0].first_year, "last": buckets[-1].last_year}
    if buckets[-1].later:
        description += " " + ngettext(
            "The last bar holds the %(n)s prediction due from %(first)s on.",
            "The last bar holds the %(n)s predictions due from %(first)s on.",
            buckets[-1].total,
        ) % {"n": buckets[-1].total, "first": buckets[-1].first_year}
    return format_html(
        '<svg class="chart timeline" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">'
        "<title>{}</title><desc>{}</desc>{}</svg>",
        width,
        height,
        round(width * 1.25),
        round(height * 1.25),
        f"{title}: {description}",
        title,
        description,
        format_html_join("", "{}", ((part,) for part in parts)),
    )


@dataclass(frozen=True)
class CalibrationPoint:
    """Predictions said with one confidence: how often they came true (partly true counts half)."""

    label: str
    probability: float
    resolved: int
    observed: float


def calibration_svg(
    points: list[CalibrationPoint], *, size: int = 160, title: str | None = None
) -> SafeString:
    """Stated probability (x) against how often it came true (y); on the diagonal = well calibrated.
    `title` defaults to "Calibration" in the active language.

    Dots grow with the number of predictions behind them. Empty string when there is no point.
    """
    points = [point for point in points if point.resolved]
    if not points:
        return mark_safe("")
    title = title or gettext("Calibration")
    pad = 14
    left = 40  # room for the "100%" tick and the axis title
    inner = size - left - pad

    def x(p: float) -> float:
        return left + p * inner

    def y(p: float) -> float:
        return pad + (1 - p) * inner

    parts: list[SafeString] = [
        format_html(
            '<rect class="frame" x="{}" y="{}" width="{}" height="{}"/>'
            '<line class="diagonal" x1="{}" y1="{}" x2="{}" y2="{}"/>'
            '<text class="tick" x="{}" y="{}" text-anchor="middle">0%</text>'
            '<text class="tick" x="{}" y="{}" text-anchor="middle">100%</text>'
            '<text class="tick" x="{}" y="{}" text-anchor="end">100%</text>'
            '<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>'
            '<text class="axis" x="{}" y="{}" text-anchor="middle" transform="rotate(-90 {} {})">{}</text>',
            left,
            pad,
            inner,
            inner,
            _f(x(0)),
            _f(y(0)),
            _f(x(1)),
            _f(y(1)),
            _f(x(0)),
            _f(y(0) + 12),
            _f(x(1)),
            _f(y(0) + 12),
            left - 3,
            pad + 4,
            _f(left + inner / 2),
            size - 1,
            gettext("stated"),
            left - 24,
            _f(pad + inner / 2),
            left - 24,
            _f(pad + inner / 2),
            gettext("came true"),
        )
    ]
    for point in points:
        radius = min(3 + 2 * math.sqrt(point.resolved), inner / 8)
        parts.append(
            format_html(
                '<circle class="point" cx="{}" cy="{}" r="{}"><title>{}</title></circle>',
                _f(x(point.probability)),
                _f(y(point.observed)),
                _f(radius),
                _calibration_point(point, tooltip=True),
            )
        )
    description = gettext("; ").join(_calibration_point(point) for point in points)
    return format_html(
        '<svg class="chart calibration" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">'
        "<title>{}</title><desc>{}</desc>{}</svg>",
        size,
        size,
        size,
        size,
        f"{title}: {description}",
        title,
        description,
        format_html_join("", "{}", ((part,) for part in parts)),
    )


def _calibration_point(point: CalibrationPoint, *, tooltip: bool = False) -> str:
    """ "thinks likely (stated 65%): 50% came true of 4", with " resolved" in a dot's tooltip."""
    values = {
        "label": point.label,
        "stated": f"{point.probability:.0%}",
        "observed": f"{point.observed:.0%}",
        "n": point.resolved,
    }
    if tooltip:
        return gettext("%(label)s (stated %(stated)s): %(observed)s came true of %(n)s resolved") % values
    return gettext("%(label)s (stated %(stated)s): %(observed)s came true of %(n)s") % values
