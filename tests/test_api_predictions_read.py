"""GET /api/predictions/: fields, spans inline, filters, ordering, pagination, query counts."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import Prediction, Status, Verdict
from claims.services.reviews import record_outcome
from tests.api_helpers import CRITERIA, TEXT, anchored, api, assert_error, ids, results
from tests.clock import NOW, TODAY
from tests.factories import (
    ClarificationFactory,
    OutcomeFactory,
    PredictionFactory,
    SourceFactory,
    SpanFactory,
    SpeakerFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/predictions/"


def test_it_lists_predictions_with_their_spans_inline():
    prediction = anchored(confidence="expects", statement_en="2025 will be the year of agents.")
    row = results(api().get(LIST))[0]
    span = prediction.spans.get()
    assert row["id"] == prediction.pk
    assert row["url"] == f"http://testserver/api/predictions/{prediction.pk}/"
    assert row["statement"] == "我认为2025年将是代理之年。"
    assert row["statement_en"] == "2025 will be the year of agents."
    assert row["speaker"] == prediction.speaker_id
    assert row["speaker_name"] == "Sam Altman"
    assert (row["said_on"], row["due_earliest"], row["due_latest"]) == (
        "2024-10-01",
        "2025-01-01",
        "2025-12-31",
    )
    assert (row["kind"], row["status"], row["verdict"], row["vague"]) == ("prediction", "open", None, False)
    assert (row["confidence"], row["probability"]) == ("expects", 0.8)
    assert row["version"] == 1
    assert (row["resolution_criteria"], row["clarifications"], row["criteria_frozen"]) == (
        CRITERIA,
        [],
        False,
    )
    assert (row["reviewers_required"], row["review_round"], row["next_look_on"]) == (1, 1, None)
    assert (row["verdict_summary"], row["parent"], row["parts"]) == (None, None, [])
    assert row["spans"] == [
        {
            "source": span.source_id,
            "start": span.start,
            "end": span.end,
            "quote": "我认为2025年将是代理之年。",
            "prefix": TEXT[: span.start],
            "suffix": TEXT[span.end : span.end + 32],
            "role": "statement",
        }
    ]
    assert TEXT[row["spans"][0]["start"] : row["spans"][0]["end"]] == row["spans"][0]["quote"]


def test_unexpressed_confidence_and_no_verdict_are_null():
    prediction = anchored()
    row = api().get(f"{LIST}{prediction.pk}/").json()
    assert (row["confidence"], row["probability"], row["verdict"]) == (None, None, None)


def test_the_current_verdict_shows_once_an_outcome_is_recorded(reviewer):
    prediction = anchored()
    record_outcome(
        prediction=prediction,
        verdict="partly_true",
        known_on=dt.date(2025, 12, 1),
        reviewer=reviewer,
        note="n",
        today=TODAY,
        now=NOW,
    )
    row = api().get(f"{LIST}{prediction.pk}/").json()
    assert (row["status"], row["verdict"], row["version"]) == ("resolved", "partly_true", 2)


def test_the_detail_carries_its_version_as_etag():
    prediction = anchored()
    response = api().get(f"{LIST}{prediction.pk}/")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'


def test_an_unknown_prediction_is_a_json_404():
    assert_error(api().get(f"{LIST}999999/"), 404)


def test_drafts_are_hidden_from_readers_but_not_from_curators(curator, reader):
    draft = anchored(status="draft")
    assert ids(api().get(LIST)) == []
    assert ids(api(reader).get(LIST)) == []
    assert_error(api(reader).get(f"{LIST}{draft.pk}/"), 404)
    assert ids(api(curator).get(LIST)) == [draft.pk]


# --- filters ---------------------------------------------------------------------------------


@pytest.fixture
def corpus():
    """Four predictions that each filter tells apart."""
    source = SourceFactory(text=TEXT, said_on=dt.date(2024, 10, 1))
    other_source = SourceFactory(text=TEXT + "另一篇。", said_on=dt.date(2023, 5, 1))
    sam, jensen = SpeakerFactory(name="Sam Altman"), SpeakerFactory(name="黃仁勳")
    agents, chips = TopicFactory(slug="agents"), TopicFactory(slug="chips")
    return {
        "agents": anchored("我认为2025年将是代理之年。", source=source, speaker=sam, topics=(agents,)),
        "memory": anchored(
            "未來十年，記憶體需求會增長十倍。",
            source=other_source,
            speaker=jensen,
            horizon_text="未來十年",
            topics=(chips,),
            kind="claim",
            statement_en="Memory demand grows tenfold within ten years.",
        ),
        "agi": anchored(
            "AGI will arrive within five years.", source=source, speaker=sam, horizon_text="within five years"
        ),
        "undated": anchored(
            "明年会更好。",
            source=source,
            speaker=sam,
            prefix="他说：",
            horizon_text="",
            statement="他说明年更好。",
        ),
    }


def _filtered(corpus, query: str) -> set[str]:
    names = {p.pk: name for name, p in corpus.items()}
    return {names[i] for i in ids(api().get(f"{LIST}?{query}"))}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=claim", {"memory"}),
        ("kind=prediction", {"agents", "agi", "undated"}),
        ("topic=chips", {"memory"}),
        ("topic=nothing", set()),
        ("dated=true", {"agents", "memory", "agi"}),
        ("dated=false", {"undated"}),
        # memory is due 2033-05-01, agi 2029-10-01, agents 2025-12-31: bounds are inclusive.
        ("due_before=2025-12-31", {"agents"}),
        ("due_before=2025-12-30", set()),
        ("due_after=2029-10-01", {"memory", "agi"}),
        ("due_after=2029-10-02", {"memory"}),
        ("said_before=2023-05-01", {"memory"}),
        ("said_before=2023-04-30", set()),
        ("said_after=2024-10-01", {"agents", "agi", "undated"}),
        ("said_after=2024-10-02", set()),
        ("dated=true&kind=prediction&due_after=2026-01-01", {"agi"}),
    ],
)
def test_it_filters_predictions(corpus, query, expected):
    assert _filtered(corpus, query) == expected


def test_it_filters_by_speaker_and_source(corpus):
    jensen = corpus["memory"].speaker_id
    assert _filtered(corpus, f"speaker={jensen}") == {"memory"}
    source = corpus["memory"].spans.get().source_id
    assert _filtered(corpus, f"source={source}") == {"memory"}
    assert _filtered(corpus, "speaker=999999") == set()


def test_it_filters_by_status_and_verdict(corpus, reviewer):
    record_outcome(
        prediction=corpus["agents"],
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        reviewer=reviewer,
        note="n",
        today=TODAY,
        now=NOW,
    )
    assert _filtered(corpus, "status=resolved") == {"agents"}
    assert _filtered(corpus, "verdict=came_true") == {"agents"}
    assert _filtered(corpus, "verdict=came_false") == set()
    assert _filtered(corpus, "status=open") == {"memory", "agi", "undated"}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("代理", {"agents"}),  # a Chinese substring of the statement
        ("記憶體", {"memory"}),  # Traditional stays Traditional
        ("tenfold", {"memory"}),  # the English paraphrase
        ("TENFOLD", {"memory"}),  # case-insensitively
        ("会更好", {"undated"}),  # a span's quote
        ("无此词", set()),
    ],
)
def test_q_searches_statements_paraphrases_and_quotes(corpus, q, expected):
    assert _filtered(corpus, f"q={q}") == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=nonsense", "status"),
        ("verdict=maybe", "verdict"),
        ("kind=rumour", "kind"),
        ("due_before=2025-13-01", "due_before"),
        ("said_after=yesterday", "said_after"),
        ("dated=perhaps", "dated"),
        ("speaker=abc", "speaker"),
        ("ordering=statement", "ordering"),
        ("q=%00", "q"),
    ],
)
def test_invalid_filters_are_refused_with_the_field_named(corpus, query, field):
    assert_error(api().get(f"{LIST}?{query}"), 400, field=field)


# --- ordering and pagination ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("", ["agents", "memory", "agi", "undated"]),  # by id
        ("id", ["agents", "memory", "agi", "undated"]),
        ("-id", ["undated", "agi", "memory", "agents"]),
        ("due_latest", ["agents", "agi", "memory", "undated"]),  # undated last
        ("-due_latest", ["memory", "agi", "agents", "undated"]),  # undated last both ways
        ("said_on", ["memory", "agents", "agi", "undated"]),  # ties by id
        ("-said_on", ["undated", "agi", "agents", "memory"]),
    ],
)
def test_it_orders_predictions(corpus, ordering, expected):
    names = {p.pk: name for name, p in corpus.items()}
    assert [names[i] for i in ids(api().get(f"{LIST}?ordering={ordering}"))] == expected


def test_pages_walk_the_whole_list_without_overlap(corpus):
    seen: list[int] = []
    url = f"{LIST}?page_size=3&ordering=due_latest"
    while url:
        body = api().get(url).json()
        assert body["count"] == 4
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(p.pk for p in corpus.values())


def test_the_page_size_is_bounded_at_200_and_one_out_of_bounds_is_refused():
    speaker = SpeakerFactory()
    Prediction.objects.bulk_create(
        Prediction(
            statement=f"预测{i}", speaker=speaker, said_on=dt.date(2024, 1, 1), resolution_criteria=CRITERIA
        )
        for i in range(205)
    )
    body = api().get(f"{LIST}?page_size=200").json()
    assert (body["count"], len(body["results"])) == (205, 200)
    # Out of bounds is a 400 naming page_size, not a different size than the one asked for.
    for size in ("1000", "0", "-3", "null", ""):
        response = api().get(f"{LIST}?page_size={size}")
        assert response.status_code == 400 and "page_size" in response.json()["errors"], size
    assert len(results(api().get(LIST))) == 50  # the default


def test_a_page_past_the_end_is_a_json_404(corpus):
    assert_error(api().get(f"{LIST}?page=99"), 404, contains="Invalid page")


@pytest.mark.parametrize("page", ["", "0", "-1", "1.5", "two", "%7B%7D"])
def test_a_page_that_is_not_a_whole_number_from_1_is_a_400_naming_it(corpus, page):
    assert_error(api().get(f"{LIST}?page={page}"), 400, field="page", contains="whole number")


def test_the_last_page_is_still_reachable_by_name(corpus):
    assert api().get(f"{LIST}?page=last").status_code == 200


def _predictions_with_two_spans_and_two_topics(n: int) -> None:
    topics = (TopicFactory(slug="agents"), TopicFactory(slug="chips"))
    for i in range(n):
        # Resolved by one review, with a clarification: every field of a row has something to show.
        prediction = PredictionFactory(
            speaker=SpeakerFactory(name=f"Speaker {i % 4}"),
            status=Status.RESOLVED,
            verdict=Verdict.CAME_TRUE,
            verdict_known_on=dt.date(2025, 7, 17),
            verdict_reviewers=1,
        )
        prediction.topics.set(topics)
        source = SourceFactory()
        # The spans before the review: a judged prediction's spans are frozen.
        SpanFactory(prediction=prediction, source=source)
        SpanFactory(prediction=prediction, source=source, quote="明年会更好。", role="horizon")
        OutcomeFactory(prediction=prediction)
        ClarificationFactory(prediction=prediction)


@pytest.mark.parametrize("page_size", [1, 5, 30])
def test_the_list_runs_five_queries_whatever_the_page_size(django_assert_num_queries, page_size):
    _predictions_with_two_spans_and_two_topics(30)
    client = api()
    # 1 COUNT, 1 page of predictions joined to speakers (with an EXISTS for criteria_frozen),
    # 1 topics, 1 spans, 1 clarifications (new with issue 7: a list per prediction).
    with django_assert_num_queries(5):
        body = client.get(f"{LIST}?page_size={page_size}").json()
    assert len(body["results"]) == page_size
    assert all(len(row["spans"]) == 2 and len(row["topics"]) == 2 for row in body["results"])
    assert all(len(row["clarifications"]) == 1 and row["criteria_frozen"] for row in body["results"])
    assert all(row["verdict_summary"]["text"] == "1/1 reviewer · known 2025-07-17" for row in body["results"])


@pytest.mark.parametrize("page_size", [2, 10])
def test_a_page_with_split_predictions_adds_one_query_for_their_parts(django_assert_num_queries, page_size):
    for i in range(10):
        compound = PredictionFactory(speaker=SpeakerFactory(name=f"Speaker {i}"), status="split")
        PredictionFactory.create_batch(2, speaker=compound.speaker, parent=compound)
    client = api()
    # The five above, and 1 for the parts of the page's split predictions.
    with django_assert_num_queries(6):
        rows = results(client.get(f"{LIST}?page_size={page_size}&status=split"))
    assert len(rows) == page_size
    assert all(len(row["parts"]) == 2 for row in rows)


def test_a_filtered_list_for_a_curator_adds_only_the_auth_queries(django_assert_num_queries, curator):
    _predictions_with_two_spans_and_two_topics(12)
    client = api(curator)
    # 1 token + user, 1 the user's permissions (drafts are visible to curators), then the same five.
    with django_assert_num_queries(7):
        body = client.get(f"{LIST}?page_size=10&topic=chips&q=代理&dated=true&ordering=-due_latest").json()
    assert len(body["results"]) == 10


def test_the_detail_runs_four_queries(django_assert_num_queries):
    _predictions_with_two_spans_and_two_topics(1)
    prediction = Prediction.objects.get()
    client = api()
    # 1 prediction joined to its speaker (with an EXISTS for criteria_frozen), 1 topics,
    # 1 spans, 1 clarifications.
    with django_assert_num_queries(4):
        row = client.get(f"{LIST}{prediction.pk}/").json()
    assert (len(row["topics"]), len(row["spans"]), len(row["clarifications"])) == (2, 2, 1)
