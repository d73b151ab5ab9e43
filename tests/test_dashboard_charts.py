"""Server-side SVG charts (claims.charts): buckets, shapes and their text."""

from __future__ import annotations

import datetime as dt

from claims.charts import CalibrationPoint, calibration_svg, timeline_svg, year_buckets

TODAY = dt.date(2026, 11, 23)


def test_it_buckets_by_year_with_gaps_and_today_included():
    rows = [
        {"year": 2024, "standing": "came_true", "n": 2},
        {"year": 2024, "standing": "due", "n": 1},
        {"year": 2030, "standing": "open", "n": 4},
        {"year": None, "standing": "open", "n": 9},
    ]
    buckets = year_buckets(rows, today=TODAY)
    assert [b.label for b in buckets] == [str(year) for year in range(2024, 2031)]
    assert buckets[0].counts == {"came_true": 2, "due": 1}
    assert buckets[2].label == "2026" and buckets[2].total == 0
    assert sum(b.total for b in buckets) == 7  # undated rows are not on the timeline


def test_it_groups_years_when_the_range_is_long():
    rows = [{"year": 2024, "standing": "open", "n": 1}, {"year": 2124, "standing": "open", "n": 1}]
    buckets = year_buckets(rows, today=TODAY)
    # At most 16 bars, of 1, 2, 5, 10, 20… years: here 10.
    assert buckets[0].label == "2020–2029"
    assert len(buckets) == 11
    assert buckets[-1].label == "2120–2124" and buckets[-1].total == 1
    thirty = [{"year": 2024, "standing": "open", "n": 1}, {"year": 2053, "standing": "open", "n": 1}]
    assert [b.label for b in year_buckets(thirty, today=TODAY)][:2] == ["2024–2025", "2026–2027"]


def test_it_draws_nothing_without_data():
    assert year_buckets([{"year": None, "standing": "open", "n": 3}], today=TODAY) == []
    assert timeline_svg([], today=TODAY) == ""
    assert calibration_svg([CalibrationPoint("Certain", 0.95, 0, 0.0)]) == ""


def test_it_draws_one_titled_segment_per_standing_and_a_line_for_today():
    buckets = year_buckets(
        [{"year": 2025, "standing": "came_false", "n": 3}, {"year": 2025, "standing": "partly_true", "n": 1}],
        today=TODAY,
    )
    svg = timeline_svg(buckets, today=TODAY, link=lambda bucket, key: f"/x?{bucket.label}&{key}")
    assert svg.count('<rect class="seg') == 2
    assert "<title>2025: 3 predictions came false</title>" in svg
    assert "<title>2025: 1 prediction partly true</title>" in svg
    assert '<a href="/x?2025&amp;came_false">' in svg
    assert 'class="today"' in svg
    assert 'aria-label="Predictions by due year: 4 dated predictions from 2025 to 2026' in svg


def test_it_places_calibration_dots_by_stated_and_observed_rates():
    svg = calibration_svg(
        [CalibrationPoint("Certain", 0.95, 4, 0.75), CalibrationPoint("Maybe", 0.5, 0, 0.0)], size=160
    )
    assert svg.count("<circle") == 1
    assert "Certain (stated 95%): 75% came true of 4 resolved" in svg
    assert 'class="diagonal"' in svg


def test_a_far_tail_is_one_later_bar_so_the_years_that_matter_stay_wide():
    # As in the demo: most due within a few years, one "in thirty years".
    rows = [{"year": year, "standing": "open", "n": 10} for year in range(2024, 2031)]
    rows.append({"year": 2054, "standing": "open", "n": 1})
    buckets = year_buckets(rows, today=TODAY)
    assert [b.label for b in buckets] == [*(str(y) for y in range(2024, 2031)), "later (2031–2054)"]
    assert buckets[-1].later and buckets[-1].total == 1
    assert sum(b.total for b in buckets) == 71
    svg = timeline_svg(buckets, today=TODAY)
    assert ">later</text>" in svg
    # Twelve bars, a label every other one: the bar before "later" gives way to its label.
    rows = [{"year": year, "standing": "open", "n": 10} for year in range(2024, 2035)]
    twelve = timeline_svg(
        year_buckets([*rows, {"year": 2054, "standing": "open", "n": 1}], today=TODAY), today=TODAY
    )
    assert ">2032</text>" in twelve and ">2034</text>" not in twelve and ">later</text>" in twelve
    assert "The last bar holds the 1 prediction due from 2031 on." in svg


def test_a_short_range_or_a_heavy_tail_is_not_folded():
    short = [{"year": 2024, "standing": "open", "n": 5}, {"year": 2035, "standing": "open", "n": 1}]
    assert not any(b.later for b in year_buckets(short, today=TODAY))
    # Half of them due in 2060: the years up to it all matter.
    heavy = [{"year": 2025, "standing": "open", "n": 5}, {"year": 2060, "standing": "open", "n": 5}]
    buckets = year_buckets(heavy, today=TODAY)
    assert not any(b.later for b in buckets) and buckets[-1].label == "2060"


def test_the_bars_reach_next_year_at_least():
    rows = [{"year": 2020, "standing": "came_true", "n": 40}, {"year": 2050, "standing": "open", "n": 1}]
    buckets = year_buckets(rows, today=TODAY)
    assert buckets[-2].last_year == TODAY.year + 1 and buckets[-1].label == "later (2028–2050)"
