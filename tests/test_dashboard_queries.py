"""Every dashboard page runs the same number of queries with 3 predictions as with 60."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from claims.models import Prediction, Source, Speaker, Topic
from claims.services.reviews import record_outcome
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SourceFactory, SpanFactory, SpeakerFactory, TopicFactory

# The pages read the clock: stopped on TODAY, the day the corpus is built around.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

VERDICTS = ["came_true", "came_false", "partly_true", "ambiguous"]


def build_corpus(size: int) -> None:
    """`size` predictions of three speakers over one source: due, coming due, undated and resolved."""
    today = TODAY
    judge = User.objects.create(username="judge")
    speakers = [SpeakerFactory() for _ in range(3)]
    topics = [TopicFactory() for _ in range(2)]
    source = SourceFactory()
    for number in range(size):
        shape = number % 4
        fields = {"speaker": speakers[number % 3], "confidence": ["certain", "likely", ""][number % 3]}
        if shape == 3:
            prediction = PredictionFactory(horizon_text="", **fields)
        else:
            days = [-(number + 1), number + 1, -(number + 100)][shape]
            prediction = PredictionFactory(
                window_overridden=True, due_latest=today + dt.timedelta(days=days), **fields
            )
        prediction.topics.set(topics)
        SpanFactory(prediction=prediction, source=source)
        if shape == 2:
            record_outcome(
                prediction=prediction,
                verdict=VERDICTS[number % 4],
                known_on=today,
                reviewer=judge,
                evidence=["https://example.org/"],
                today=TODAY,
                now=NOW,
            )


@pytest.fixture(params=[3, 60], ids=["3-predictions", "60-predictions"])
def corpus(request) -> int:
    build_corpus(request.param)
    assert Prediction.objects.count() == request.param
    return request.param


def test_it_renders_the_overview_in_a_fixed_number_of_queries(client, corpus, django_assert_max_num_queries):
    # 1 counts by due year and standing (timeline, due and undated counts), 2-3 what is due but
    # not flagged yet (the due-day tallies before today, the few a next look changes), 4 track
    # records (one GROUP BY), 5 their slipped deadlines, 6 counts by status, 7 counts by verdict,
    # 8 coming-due count (due-day tallies), 9-11 the review backlog (size and age, reviewers and
    # their votes for staff only), 12-14 due now (flagged; open dated past their day; open undated
    # a next look made due), 15 recently resolved with speakers, 16 coming due, 17 undated, 18 the
    # public record's head.
    with django_assert_max_num_queries(18):
        assert client.get(reverse("dashboard:overview")).status_code == 200


def test_it_renders_the_overview_for_staff_in_a_fixed_number_of_queries(
    client, corpus, curator, django_assert_max_num_queries
):
    client.force_login(curator)
    # The public's queries (above), the backlog's reviewers and their votes among them, and
    # 1 the session, 2 its user.
    with django_assert_max_num_queries(20):
        assert client.get(reverse("dashboard:overview")).status_code == 200


def test_it_renders_the_list_in_a_fixed_number_of_queries(client, corpus, django_assert_max_num_queries):
    # 1 count, 2 the page with speakers, 3 their topics, 4-6 the speaker, source and topic
    # choices of the filter form.
    with django_assert_max_num_queries(6):
        assert client.get(reverse("dashboard:prediction-list")).status_code == 200
    # With every filter set: the same six (the chosen speaker, source and topic are never looked up).
    speaker, source, topic = Speaker.objects.first(), Source.objects.first(), Topic.objects.first()
    query = (
        f"?status=resolved&verdict=came_true&speaker={speaker.pk}&source={source.pk}&topic={topic.slug}"
        "&dated=true&due_after=2000-01-01&due_before=2100-01-01&said_after=2000-01-01&q=代理&ordering=-said_on"
    )
    with django_assert_max_num_queries(6):
        assert client.get(reverse("dashboard:prediction-list") + query).status_code == 200


def test_it_renders_a_prediction_in_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    resolved = Prediction.objects.filter(status="resolved").first()
    # 1 the prediction with its speaker and parent, 2 the review record a reader may see with
    # reviewers, 3 its evidence, 4-5 the lineage (the speaker's links, the predictions in it),
    # 6 topics, 7 spans with their sources, 8 when the criteria froze, 9 clarifications with
    # authors, 10 the edit history with its editors. (A resolved round needs no count of its votes.)
    with django_assert_num_queries(10):
        assert client.get(reverse("dashboard:prediction", args=[resolved.pk])).status_code == 200


def test_it_renders_the_reviewers_form_in_a_fixed_number_of_queries(
    client, corpus, reviewer, django_assert_num_queries
):
    client.force_login(reviewer)
    prediction = Prediction.objects.filter(status="open").first()
    # 1 session, 2 user, 3 the user's permissions (one query for the forms and for
    # Outcome.objects.visible_to's adjudicator check), 4 the prediction, 5 the visible review
    # record (empty: no evidence query), 6 votes in the current round, 7-8 lineage, 9 topics,
    # 10 spans, 11 when the criteria froze, 12 clarifications, 13 the edit history.
    with django_assert_num_queries(13):
        assert client.get(reverse("dashboard:prediction", args=[prediction.pk])).status_code == 200


def test_it_renders_a_source_in_a_fixed_number_of_queries(client, corpus, django_assert_max_num_queries):
    url = reverse("dashboard:source", args=[Source.objects.get().pk])
    # 1 the source, 2 its spans with their predictions.
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


def test_it_renders_a_speaker_in_a_fixed_number_of_queries(client, corpus, django_assert_max_num_queries):
    url = reverse("dashboard:speaker", args=[Speaker.objects.first().pk])
    # 1 the speaker, 2 the track record, 3 its slipped deadlines, 4-6 counts by due year and
    # standing (its due-year tallies, this year's due-day ones, next looks), 7 recently
    # resolved, 8 due now.
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
