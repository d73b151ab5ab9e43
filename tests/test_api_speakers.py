"""/api/speakers/ with track records, and /api/topics/."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.services.reviews import record_outcome
from tests.api_helpers import anchored, api, results
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, PredictionLinkFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _judge(prediction, verdict, reviewer):
    record_outcome(
        prediction=prediction,
        verdict=verdict,
        known_on=dt.date(2025, 6, 1),
        reviewer=reviewer,
        note="n",
        today=TODAY,
        now=NOW,
    )


def test_each_speaker_carries_their_track_record(reviewer):
    sam = SpeakerFactory(name="Sam Altman", aliases=["奥特曼"])
    quiet = SpeakerFactory(name="Quiet Person")
    _judge(anchored(speaker=sam, confidence="certain"), "came_true", reviewer)
    _judge(PredictionFactory(speaker=sam, confidence="likely"), "came_false", reviewer)
    _judge(PredictionFactory(speaker=sam), "partly_true", reviewer)
    PredictionFactory(speaker=sam)  # still open
    PredictionFactory(speaker=sam, status="draft")  # not public: not counted
    rows = {row["name"]: row for row in results(api().get("/api/speakers/"))}
    assert rows["Sam Altman"]["aliases"] == ["奥特曼"]
    assert rows["Sam Altman"]["track_record"] == {
        "predictions": 4,
        "due": 0,
        "resolved": 3,
        "came_true": 1,
        "came_false": 1,
        "partly_true": 1,
        "ambiguous": 0,
        "unresolvable": 0,
        "scored": 2,
        "hit_rate": 0.5,  # (1 + ½) / 3
        "brier_score": 0.2125,  # ((0.95 - 1)² + (0.65 - 0)²) / 2
        "slipped": 0,
        "slipped_misses": 0,
    }
    assert rows["Quiet Person"]["track_record"]["predictions"] == 0
    assert rows["Quiet Person"]["track_record"]["hit_rate"] is None
    detail = api().get(f"/api/speakers/{quiet.pk}/").json()
    assert detail["track_record"]["brier_score"] is None


def test_a_slipped_deadline_counts_against_the_speaker(reviewer):
    sam = SpeakerFactory(name="Sam Altman")
    original = PredictionFactory(speaker=sam, horizon_text="2025年")
    PredictionLinkFactory(earlier=original, prediction__horizon_text="2026年")  # "next year, again"
    _judge(PredictionFactory(speaker=sam), "came_true", reviewer)
    record = api().get(f"/api/speakers/{sam.pk}/").json()["track_record"]
    assert (record["slipped"], record["slipped_misses"]) == (1, 1)
    assert record["hit_rate"] == 0.5  # one hit, and the unjudged original date counts as a miss


def test_the_speaker_list_runs_four_queries_whatever_the_page_size(django_assert_num_queries):
    for i in range(10):
        PredictionLinkFactory(earlier=PredictionFactory(speaker=SpeakerFactory(name=f"Speaker {i}")))
    client = api()
    for page_size in (2, 10):
        # 1 COUNT, 1 page of speakers, 1 GROUP BY for the page's track records, 1 for their
        # slipped deadlines (claims.services.stats, new with issue 7).
        with django_assert_num_queries(4):
            rows = results(client.get(f"/api/speakers/?page_size={page_size}"))
        assert [row["track_record"]["predictions"] for row in rows] == [2] * page_size
        assert [row["track_record"]["slipped"] for row in rows] == [1] * page_size


def test_topics_are_listed_by_slug():
    TopicFactory(slug="chips", name="Chips")
    TopicFactory(slug="agents", name="Agents")
    assert results(api().get("/api/topics/")) == [
        {"slug": "agents", "name": "Agents"},
        {"slug": "chips", "name": "Chips"},
    ]
    assert api().get("/api/topics/chips/").json() == {"slug": "chips", "name": "Chips"}


def test_the_topic_list_runs_two_queries_whatever_the_page_size(django_assert_num_queries):
    for i in range(6):
        TopicFactory(slug=f"topic-{i}")
    client = api()
    for page_size in (1, 6):
        # 1 COUNT, 1 page of topics.
        with django_assert_num_queries(2):
            assert len(results(client.get(f"/api/topics/?page_size={page_size}"))) == page_size
