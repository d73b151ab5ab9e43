"""The overview page `/`: counts, what is due, what was resolved, the timeline and track records."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from claims.models import Prediction, Status
from claims.services.reviews import record_outcome, undo_verdict
from claims.views.overview import first_waiting
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SpeakerFactory

# The page reads the clock: stopped on TODAY, the day these predictions are dated from.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

OVERVIEW = reverse("dashboard:overview")


def today() -> dt.date:
    return TODAY


def dated(days_from_today: int, **fields):
    """A prediction whose window (set by hand) closes `days_from_today` days from today."""
    due = today() + dt.timedelta(days=days_from_today)
    fields.setdefault("said_on", min(due, today()) - dt.timedelta(days=30))
    return PredictionFactory(window_overridden=True, due_earliest=None, due_latest=due, **fields)


def undated(**fields):
    return PredictionFactory(horizon_text="", **fields)


def resolve(prediction, verdict: str, *, known_on: dt.date | None = None, note: str = "Checked."):
    judge, _ = User.objects.get_or_create(username="judge")
    return record_outcome(
        prediction=prediction,
        verdict=verdict,
        known_on=known_on or today(),
        reviewer=judge,
        note=note,
        today=TODAY,
        now=NOW,
    )


def section(html: str, heading_id: str) -> str:
    """The HTML of one <section> of the page, found by its heading's id."""
    match = re.search(rf'<section aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert match, f"no section labelled {heading_id}"
    return match.group(0)


def test_it_counts_predictions_by_status_and_verdict(client):
    dated(10)
    dated(-3, status="due")
    resolve(dated(-10), "came_true")
    resolve(dated(-20), "came_true")
    resolve(dated(-30), "came_false")
    html = client.get(OVERVIEW).content.decode()
    counts = section(html, "counts-h")
    assert re.search(r'<span class="n">1</span> open', counts)
    assert re.search(r'<span class="n">1</span> due for review', counts)
    assert re.search(r'<span class="n">3</span> resolved', counts)
    assert re.search(r"Came true</span> <strong>2</strong>", counts)
    assert re.search(r"Came false</span> <strong>1</strong>", counts)
    assert re.search(r"Partly true</span> <strong>0</strong>", counts)


def test_it_lists_due_predictions_oldest_first_from_yesterday_not_today(client):
    dated(-1, statement="昨天到期的预测。")
    dated(-40, statement="很久以前到期的预测。", status="due")
    dated(0, statement="今天到期的预测。")
    due = section(client.get(OVERVIEW).content.decode(), "due-h")
    assert due.index("很久以前到期的预测。") < due.index("昨天到期的预测。")
    # A window closing today is still open today: it falls due tomorrow.
    assert "今天到期的预测。" not in due
    assert 'Due now <span class="count">2</span>' in due


def test_it_lists_what_comes_due_in_the_next_90_days(client):
    dated(0, statement="今天截止。")
    dated(90, statement="第九十天截止。")
    dated(91, statement="第九十一天截止。")
    soon = section(client.get(OVERVIEW).content.decode(), "soon-h")
    assert soon.index("今天截止。") < soon.index("第九十天截止。")
    assert "第九十一天截止。" not in soon
    assert '<span class="count">2</span>' in soon


def test_it_lists_recent_verdicts_once_each_with_the_current_verdict(client):
    revised = dated(-50, statement="改判过的预测。")
    resolve(revised, "came_false", known_on=today() - dt.timedelta(days=20))
    # Undone by someone else: nobody who voted in a round undoes its verdict.
    undo_verdict(
        prediction=revised,
        by=User.objects.create(username="editor"),
        reason="Misread the report.",
        today=TODAY,
        now=NOW,
    )
    resolve(revised, "partly_true", known_on=today() - dt.timedelta(days=2), note="Revised.")
    resolve(dated(-60, statement="较早判定的预测。"), "came_true", known_on=today() - dt.timedelta(days=9))
    resolved = section(client.get(OVERVIEW).content.decode(), "resolved-h")
    assert resolved.count("改判过的预测。") == 1
    assert "Partly true" in resolved and "Came false" not in resolved
    # Newest news first.
    assert resolved.index("改判过的预测。") < resolved.index("较早判定的预测。")


def test_it_draws_a_timeline_by_due_year_coloured_and_labelled_by_verdict(client):
    this_year = today().year
    resolve(dated(-400, statement="a"), "came_true")
    dated(-1)
    dated(400)
    timeline = section(client.get(OVERVIEW).content.decode(), "timeline-h")
    assert "<svg" in timeline
    last_year = (today() - dt.timedelta(days=400)).year
    assert f"<title>{last_year}: 1 prediction came true</title>" in timeline
    assert 'class="seg standing-came_true"' in timeline
    assert 'class="seg standing-due"' in timeline
    assert 'class="seg standing-open"' in timeline
    # Each segment links to the list filtered to its year and standing.
    assert f"due_after={last_year}-01-01&amp;due_before={last_year}-12-31&amp;verdict=came_true" in timeline
    assert ">today</text>" in timeline
    # The legend says in words what each colour means, with the counts.
    assert "✓ Came true <strong>1</strong>" in timeline
    assert "! Due, awaiting a verdict <strong>1</strong>" in timeline
    assert str(this_year) in timeline


def test_it_lists_undated_predictions_apart_from_the_timeline(client):
    undated(statement="没有期限的预测。")
    html = client.get(OVERVIEW).content.decode()
    assert "没有期限的预测。" in section(html, "undated-h")
    assert "Open, no due date" in section(html, "undated-h")
    assert "No dated prediction yet." in section(html, "timeline-h")


def test_it_shows_each_speakers_track_record(client):
    sam = SpeakerFactory(name="Sam Altman")
    resolve(dated(-10, speaker=sam, confidence="certain"), "came_true")
    resolve(dated(-10, speaker=sam, confidence="expects"), "came_false")
    resolve(dated(-10, speaker=sam), "partly_true")
    dated(30, speaker=sam)
    records = section(client.get(OVERVIEW).content.decode(), "records-h")
    row = re.search(
        r"<tr>\s*<th scope=\"row\"><a href=\"/speakers/\d+/\">Sam Altman</a>.*?</tr>", records, re.S
    )
    assert row
    cells = re.findall(r'<td class="num(?: detail)?">(.*?)</td>', row.group(0), re.S)
    # What matters first (a phone shows these): hit rate, Brier, resolved; then made, came
    # true, partly, came false, slipped.
    assert "<strong>50%</strong>" in cells[0]  # (1 + 0.5) / 3
    # ((.95 - 1)² + (.8 - 0)²) / 2 = 0.32125
    assert cells[1].startswith("0.321")
    assert cells[2:] == ["3", "4", "1", "1", "1", "0"]
    assert 'class="chart calibration"' in row.group(0)


def test_it_explains_how_scores_are_counted(client):
    html = client.get(OVERVIEW).content.decode()
    assert "A partly true prediction counts as half a hit" in html
    assert "Brier score" in html


def test_it_shows_empty_states_when_nothing_is_tracked(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing is waiting for a verdict." in html
    assert "Nothing falls due in the next 90 days." in html
    assert "No outcome has been recorded yet." in html
    assert "No dated prediction yet." in html
    assert "No predictions yet." in html


def test_it_shows_empty_verdict_states_when_no_outcome_is_recorded(client):
    dated(-5)
    dated(5, confidence="certain")
    html = client.get(OVERVIEW).content.decode()
    assert "No outcome has been recorded yet." in section(html, "resolved-h")
    records = section(html, "records-h")
    assert "no resolved prediction with a stated confidence" in records
    assert "—" in records  # no hit rate, no Brier score yet


def test_it_leaves_drafts_out(client):
    dated(-5, statement="草稿预测。", status="draft")
    html = client.get(OVERVIEW).content.decode()
    assert "草稿预测。" not in html
    assert "No predictions yet." in section(html, "records-h")


def test_it_loads_nothing_from_other_hosts_and_needs_no_script(client):
    dated(-5)
    html = client.get(OVERVIEW).content.decode()
    assert "<script" not in html
    assert not re.search(r'<link[^>]+href="(https?:)?//', html)
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    css = client.get(stylesheet)
    assert css.status_code == 200
    assert b"Noto Sans CJK SC" in b"".join(css.streaming_content if css.streaming else [css.content])


def test_it_lists_what_waits_in_the_order_one_query_over_all_of_it_gives():
    # Flagged, disputed, open past their day, one a next look still holds back, one undated a
    # next look made due, one not due yet, a draft: more than the limit, ties on a day.
    for days, status in [
        (-40, "due"),
        (-40, "due"),
        (-3, "disputed"),
        (-20, "open"),
        (-1, "open"),
        (5, "open"),
    ]:
        dated(days, status=status)
    dated(-30, status="open", next_look_on=today() + dt.timedelta(days=9))
    dated(-50, status="draft")
    undated(status="open", next_look_on=today())
    public = Prediction.objects.public()
    one_query = (public.awaiting_review(today()) | public.filter(status=Status.DISPUTED)).order_by(
        "due_latest", "id"
    )
    for limit in [3, 10]:
        expected = list(one_query[:limit])
        assert first_waiting(public, today(), limit) == expected
    assert len(expected) == 6
