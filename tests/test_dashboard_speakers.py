"""A speaker's page `/speakers/<id>/`: the track record over time."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from claims.services.reviews import record_outcome
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def due_in(year: int, **fields):
    return PredictionFactory(window_overridden=True, due_latest=dt.date(year, 12, 31), **fields)


def resolve(prediction, verdict: str, known_on: dt.date = dt.date(2026, 1, 2)) -> None:
    judge, _ = User.objects.get_or_create(username="judge")
    record_outcome(
        prediction=prediction,
        verdict=verdict,
        known_on=known_on,
        reviewer=judge,
        note="n",
        today=TODAY,
        now=NOW,
    )


def test_it_shows_the_track_record_with_hit_rate_brier_and_calibration(client):
    sam = SpeakerFactory(name="Sam Altman", aliases=["萨姆"])
    resolve(due_in(2024, speaker=sam, confidence="certain"), "came_true")
    resolve(due_in(2024, speaker=sam, confidence="certain"), "came_false")
    resolve(due_in(2025, speaker=sam, confidence="maybe"), "partly_true")
    resolve(due_in(2025, speaker=sam), "ambiguous")
    due_in(2035, speaker=sam)
    PredictionFactory(speaker=sam, horizon_text="")
    html = client.get(reverse("dashboard:speaker", args=[sam.pk])).content.decode()
    assert "also written 萨姆" in html
    assert '<span class="n">6</span> predictions made' in html
    assert '<span class="n">4</span> resolved' in html
    assert '<span class="n">50%</span> hit rate' in html  # (1 + ½) / 3 judged
    # ((.95-1)² + (.95-0)² + (.5-.5)²) / 3 = 0.30167
    assert '<span class="n">0.302</span> Brier score' in html
    assert 'class="chart calibration"' in html
    certain = re.search(r"<th scope=\"row\">Certain</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r'<td class="num">(.*?)</td>', certain) == ["95%", "2", "50%"]


def test_it_shows_the_record_year_by_year_with_the_running_hit_rate(client):
    sam = SpeakerFactory()
    resolve(due_in(2024, speaker=sam), "came_true")
    resolve(due_in(2025, speaker=sam), "came_false")
    resolve(due_in(2025, speaker=sam), "came_false")
    html = client.get(reverse("dashboard:speaker", args=[sam.pk])).content.decode()
    rows = {
        year: re.findall(r'<td class="num(?: detail)?">(.*?)</td>', row)
        for year, row in re.findall(r'<th scope="row">(\d{4})</th>(.*?)</tr>', html, re.S)
    }
    # predictions, hit rate that year, so far (a phone shows these), came true, partly, came
    # false, awaiting
    assert rows["2024"] == ["1", "100%", "100%", "1", "0", "0", "0"]
    assert rows["2025"] == ["2", "0%", "33%", "0", "0", "2", "0"]
    assert 'class="chart timeline"' in html
    assert (
        f"speaker={sam.pk}&amp;due_after=2025-01-01&amp;due_before=2025-12-31&amp;verdict=came_false" in html
    )


def test_it_lists_recent_verdicts_and_what_is_due(client, frozen_clock):
    sam = SpeakerFactory()
    resolve(due_in(2024, speaker=sam, statement="已判定的。"), "came_true")
    due_in(TODAY.year - 1, speaker=sam, statement="等待判定的。")  # the page reads the clock
    due_in(2024, speaker=SpeakerFactory(), statement="别人的。", status="due")
    html = client.get(reverse("dashboard:speaker", args=[sam.pk])).content.decode()
    assert "已判定的。" in html and "等待判定的。" in html
    assert "别人的。" not in html


def test_it_shows_empty_states_for_a_speaker_without_predictions(client):
    quiet = SpeakerFactory(name="Quiet")
    response = client.get(reverse("dashboard:speaker", args=[quiet.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="n">0</span> predictions made' in html
    assert "No resolved prediction with a stated confidence yet" in html
    assert "No dated prediction yet." in html
    assert "No outcome recorded yet." in html
    assert "Nothing of Quiet's is waiting for a verdict." in html


def test_it_says_404_for_a_missing_speaker(client):
    assert client.get(reverse("dashboard:speaker", args=[999999])).status_code == 404
