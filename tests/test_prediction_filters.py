"""One filter, two faces: the same query string lists the same predictions on the dashboard
(/predictions/) and in the API (/api/predictions/), and both refuse the same bad values."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from claims.filters import ORDERINGS
from claims.models import Prediction
from tests.api_helpers import TEXT, anchored, api
from tests.factories import SourceFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard:prediction-list")
API = "/api/predictions/"


@pytest.fixture
def corpus():
    """Six predictions that the filters tell apart in every direction."""
    source = SourceFactory(text=TEXT, said_on=dt.date(2024, 10, 1))
    older = SourceFactory(text=TEXT + "旧文。", said_on=dt.date(2023, 5, 1))
    sam, jensen = SpeakerFactory(name="Sam Altman"), SpeakerFactory(name="黃仁勳")
    agents, chips = TopicFactory(slug="agents"), TopicFactory(slug="chips")
    made = {
        "agents": anchored(source=source, speaker=sam, topics=(agents,), confidence="expects"),
        "memory": anchored(
            "未來十年，記憶體需求會增長十倍。",
            source=older,
            speaker=jensen,
            horizon_text="未來十年",
            topics=(chips, agents),
            kind="claim",
            statement_en="Memory demand grows tenfold within ten years.",
        ),
        "agi": anchored(
            "AGI will arrive within five years.", source=source, speaker=sam, horizon_text="within five years"
        ),
        "undated": anchored("明年会更好。", source=source, speaker=sam, prefix="他说：", horizon_text=""),
        "soon": anchored(
            "明年会更好。", source=older, speaker=jensen, prefix="代理之年。", horizon_text="明年"
        ),
        "said_later": anchored(
            "我认为2025年将是代理之年。", source=older, speaker=sam, said_on=dt.date(2025, 3, 1)
        ),
    }
    # Resolved as the review services leave it (the filters read these columns only).
    Prediction.objects.filter(pk=made["agents"].pk).update(
        status="resolved", verdict="came_true", verdict_known_on=dt.date(2025, 7, 17), verdict_reviewers=1
    )
    return {
        "ids": {p.pk: name for name, p in made.items()},
        "sam": sam.pk,
        "jensen": jensen.pk,
        "older": older.pk,
    }


def _dashboard(client, query: str) -> tuple[int, list[str]]:
    response = client.get(f"{DASHBOARD}?{query}")
    ids = re.findall(r'<a class="statement" href="/predictions/(\d+)/"', response.content.decode())
    return response.status_code, [int(i) for i in ids]


def _api(query: str) -> tuple[int, list[int]]:
    response = api().get(f"{API}?{query}")
    body = response.json()
    return response.status_code, [row["id"] for row in body["results"]] if response.status_code == 200 else []


def _both(client, corpus, query: str) -> tuple[tuple[int, list[str]], tuple[int, list[str]]]:
    query = query.format(**corpus)
    names = corpus["ids"]
    (d_status, d_ids), (a_status, a_ids) = _dashboard(client, query), _api(query)
    return (d_status, [names[i] for i in d_ids]), (a_status, [names[i] for i in a_ids])


QUERIES = [
    "status=resolved",
    "status=open",
    "verdict=came_true",
    "verdict=came_false",
    "kind=claim",
    "kind=prediction",
    "speaker={jensen}",
    "source={older}",
    "topic=agents",
    "topic=chips",
    "dated=true",
    "dated=false",
    "due_after=2029-10-01",
    "due_before=2025-12-31",
    "due_after=2025-12-31&due_before=2026-12-31",
    "said_after=2024-10-01",
    "said_before=2023-05-01",
    "q=代理",
    "q=記憶體",
    "q=TENFOLD",
    "q=会更好",
    "speaker={sam}&dated=true&kind=prediction",
    "topic=agents&said_before=2024-12-31",
    # Keys that name nothing: no prediction, on both faces.
    "speaker=999999",
    "source=999999",
    "topic=nothing",
]


@pytest.mark.parametrize("query", QUERIES)
def test_both_faces_list_the_same_predictions_in_the_same_order(client, corpus, query):
    for ordering in ORDERINGS:
        dashboard, api_face = _both(client, corpus, f"{query}&ordering={ordering}")
        assert dashboard[0] == api_face[0] == 200, ordering
        assert dashboard[1] == api_face[1], ordering


@pytest.mark.parametrize("query", QUERIES)
def test_without_ordering_each_face_keeps_its_default_over_the_same_predictions(client, corpus, query):
    dashboard, api_face = _both(client, corpus, query)
    assert sorted(dashboard[1]) == sorted(api_face[1])
    if query.startswith("q="):
        # A search lists its best matches first, the same way on both faces.
        assert dashboard[1] == api_face[1]
        return
    # Readers see the soonest due first; programs page by id.
    assert dashboard == _both(client, corpus, f"{query}&ordering=due_latest")[0]
    assert api_face == _both(client, corpus, f"{query}&ordering=id")[1]


def test_the_parameter_sets_tell_the_predictions_apart(client, corpus):
    # The comparison above means something only if the filters do filter.
    listings = {tuple(_both(client, corpus, f"{q}&ordering=id")[1][1]) for q in QUERIES}
    assert len(listings) >= 15


@pytest.mark.parametrize(
    "query",
    [
        "status=nonsense",
        "verdict=maybe",
        "kind=rumour",
        "speaker=sam",
        "source=1.5",
        "speaker=99999999999999999999",  # beyond any database's ids
        "dated=perhaps",
        "due_before=2025-13-01",
        "said_after=yesterday",
        "ordering=statement",
        "q=%00",
    ],
)
def test_both_faces_refuse_the_same_bad_values(client, corpus, query):
    dashboard, api_face = _both(client, corpus, query)
    assert dashboard == api_face == (400, [])


def test_drafts_are_never_listed_on_either_face(client, corpus):
    anchored(source=SourceFactory(text=TEXT + "草稿。"), status="draft")
    # The dashboard does not offer the status at all (400); the API lists no draft to readers.
    assert _both(client, corpus, "status=draft") == ((400, []), (200, []))
