"""Long sources are read in ranges: the detail carries the text only when it fits one range."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.api_helpers import api
from tests.factories import PredictionFactory, SourceFactory, SpanFactory, user_in

pytestmark = pytest.mark.django_db

PAGE = 1000
# 2,500 code points: three ranges of 1,000, the last one short; Chinese, so code points and
# UTF-8 bytes differ.
LONG = "".join(f"第{n:04d}句话说明年会更好。" for n in range(200))[:2480] + "最后一句：代理将无处不在。\n"


@pytest.fixture
def long_source():
    assert len(LONG) > 2 * PAGE
    return SourceFactory(text=LONG)


@override_settings(SOURCE_PAGE_CHARS=PAGE)
def test_a_long_source_is_not_served_whole(long_source):
    body = api().get(f"/api/sources/{long_source.pk}/").json()
    assert body["text"] is None
    assert body["text_length"] == len(LONG)
    assert body["sha256"] == long_source.sha256
    assert body["text_url"] == f"http://testserver/api/sources/{long_source.pk}/text/"


@override_settings(SOURCE_PAGE_CHARS=PAGE)
def test_a_short_source_is_served_whole_with_its_length():
    source = SourceFactory()
    body = api().get(f"/api/sources/{source.pk}/").json()
    assert body["text"] == source.text
    assert body["text_length"] == len(source.text)


@override_settings(SOURCE_PAGE_CHARS=PAGE)
def test_following_next_reads_the_whole_text_exactly(long_source):
    url, parts, ranges = f"/api/sources/{long_source.pk}/text/", [], []
    while url:
        body = api().get(url).json()
        parts.append(body["text"])
        ranges.append((body["start"], body["end"]))
        assert body["length"] == len(LONG)
        url = body["next"]
    assert "".join(parts) == LONG
    assert ranges == [(0, 1000), (1000, 2000), (2000, len(LONG))]
    back = api().get(f"/api/sources/{long_source.pk}/text/?start=2000").json()
    assert back["previous"] == f"http://testserver/api/sources/{long_source.pk}/text/?start=1000&end=2000"


@override_settings(SOURCE_PAGE_CHARS=PAGE)
def test_a_range_lists_the_visible_spans_that_overlap_it_with_the_texts_offsets(long_source):
    quote = "最后一句：代理将无处不在。"
    inside = SpanFactory(source=long_source, quote=quote)
    across = SpanFactory(source=long_source, quote=LONG[990:1010], start=990, end=1010)
    SpanFactory(source=long_source, quote=quote, prediction=PredictionFactory(status="draft"))

    last = api().get(f"/api/sources/{long_source.pk}/text/?start=2000").json()
    assert [(s["prediction"], s["start"], s["quote"]) for s in last["spans"]] == [
        (inside.prediction_id, inside.start, quote)
    ]
    assert last["text"][inside.start - 2000 : inside.end - 2000] == quote
    first = api().get(f"/api/sources/{long_source.pk}/text/").json()
    second = api().get(f"/api/sources/{long_source.pk}/text/?start=1000").json()
    assert [s["prediction"] for s in first["spans"]] == [across.prediction_id]
    assert [s["prediction"] for s in second["spans"]] == [across.prediction_id]
    # A curator sees the draft's span too, as the curator sees drafts everywhere.
    curator = api(user_in("clara", "curators")).get(f"/api/sources/{long_source.pk}/text/?start=2000").json()
    assert len(curator["spans"]) == 2


@override_settings(SOURCE_PAGE_CHARS=PAGE)
@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("start=0&end=1001", "end", "at most 1,000 code points"),
        ("start=500&end=500", "end", "must be after start"),
        ("start=-1", "start", ""),
        ("start=9999", "start", "past the end of the text (2,494 code points)"),
        ("start=abc", "start", ""),
    ],
)
def test_a_bad_range_is_a_400_naming_the_parameter(long_source, query, field, words):
    response = api().get(f"/api/sources/{long_source.pk}/text/?{query}")
    assert response.status_code == 400
    messages = " ".join(response.json()["errors"][field])
    assert words in messages


def test_a_missing_source_is_a_404():
    assert api().get("/api/sources/999999/text/").status_code == 404


@override_settings(SOURCE_PAGE_CHARS=PAGE)
def test_the_detail_and_a_range_read_the_text_in_a_bounded_number_of_queries(
    long_source, django_assert_max_num_queries
):
    SpanFactory(source=long_source, quote="最后一句：代理将无处不在。")
    with django_assert_max_num_queries(2):  # the source, the spans (plus none per span)
        api().get(f"/api/sources/{long_source.pk}/text/?start=2000")
    with django_assert_max_num_queries(1):
        api().get(f"/api/sources/{long_source.pk}/")
