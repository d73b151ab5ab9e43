"""/api/sources/: metadata lists, the text on detail, imports and edits by curators."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import Source
from claims.text import text_sha256
from tests.api_helpers import TEXT, anchored, api, assert_error, results
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

LIST = "/api/sources/"
HEADED = (
    "# DevDay 访谈\n作者：某记者\n发布时间：2024-10-07 09:00\n原文链接：https://example.org/devday\n\n" + TEXT
)


def test_the_list_has_metadata_but_never_the_text():
    source = SourceFactory(title="DevDay", url="https://example.org/devday")
    row = results(api().get(LIST))[0]
    assert row["id"] == source.pk
    assert row["url"] == f"http://testserver/api/sources/{source.pk}/"
    assert (row["title"], row["original_url"]) == ("DevDay", "https://example.org/devday")
    assert "text" not in row and "sha256" not in row


def test_the_list_runs_two_queries_whatever_the_page_size(django_assert_num_queries):
    for _ in range(12):
        SourceFactory()
    client = api()
    for page_size in (1, 12):
        # 1 COUNT, 1 page of sources (without their text).
        with django_assert_num_queries(2):
            assert len(results(client.get(f"{LIST}?page_size={page_size}"))) == page_size


def test_the_detail_has_the_text_and_its_hash():
    source = SourceFactory(text=TEXT)
    body = api().get(f"{LIST}{source.pk}/").json()
    assert body["text"] == TEXT
    assert body["sha256"] == text_sha256(TEXT)


def test_a_curator_imports_a_source_like_the_importer_does(curator):
    response = api(curator).post(
        LIST, {"text": "\ufeff" + HEADED.replace("\n", "\r\n"), "said_on": "2024-10-01"}
    )
    assert response.status_code == 201, response.json()
    source = Source.objects.get()
    assert response["Location"] == f"http://testserver/api/sources/{source.pk}/"
    assert source.text == HEADED  # BOM stripped, CRLF turned into LF
    assert source.sha256 == text_sha256(HEADED) == response.json()["sha256"]
    # Metadata from the header, language guessed, said_on as given.
    assert (source.title, source.author, source.url) == (
        "DevDay 访谈",
        "某记者",
        "https://example.org/devday",
    )
    assert (source.published_on, source.said_on, source.language) == (
        dt.date(2024, 10, 7),
        dt.date(2024, 10, 1),
        "zh-Hans",
    )


def test_given_metadata_wins_over_the_header(curator):
    response = api(curator).post(
        LIST, {"text": HEADED, "title": "Sam Altman at DevDay", "language": "zh-Hant"}
    )
    assert response.status_code == 201
    assert (response.json()["title"], response.json()["language"]) == ("Sam Altman at DevDay", "zh-Hant")


def test_the_same_text_twice_is_a_conflict_pointing_at_the_stored_source(curator):
    stored = SourceFactory(text=HEADED, title="Stored")
    response = api(curator).post(LIST, {"text": HEADED.replace("\n", "\r\n"), "title": "Again"})
    body = assert_error(response, 409, field="text")
    assert body["detail"] == f"This exact text is already stored as source #{stored.pk} «Stored»."
    assert response["Location"] == f"http://testserver/api/sources/{stored.pk}/"
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("", "may not be blank"),
        ("前言\x00后文", "Null characters are not allowed"),
        ("\ufeff\ufeff两个BOM", "more than one byte order mark"),
        ("   \n  ", "empty"),
    ],
)
def test_text_that_cannot_be_canonical_is_refused(curator, text, contains):
    assert_error(api(curator).post(LIST, {"text": text}, format="json"), 400, field="text", contains=contains)
    assert Source.objects.count() == 0


def test_a_lone_surrogate_is_refused_not_a_server_error(curator):
    body = '{"text": "half a pair: \\ud83d"}'
    response = api(curator).post(LIST, body, content_type="application/json")
    assert_error(response, 400, field="text", contains="Surrogate")


def test_a_curator_edits_metadata(curator):
    source = SourceFactory(text=TEXT)
    response = api(curator).patch(
        f"{LIST}{source.pk}/", {"title": "Corrected title", "said_on": "2024-09-30"}
    )
    assert response.status_code == 200
    source.refresh_from_db()
    assert (source.title, source.said_on, source.text) == ("Corrected title", dt.date(2024, 9, 30), TEXT)


def test_the_text_of_an_unanchored_source_can_be_corrected(curator):
    source = SourceFactory(text=TEXT)
    response = api(curator).patch(f"{LIST}{source.pk}/", {"text": "更正后的文本\r\n"})
    assert response.status_code == 200
    source.refresh_from_db()
    assert (source.text, source.sha256) == ("更正后的文本\n", text_sha256("更正后的文本\n"))


def test_the_text_of_an_anchored_source_is_locked_with_the_models_message(curator):
    prediction = anchored()
    source = prediction.spans.get().source
    response = api(curator).patch(f"{LIST}{source.pk}/", {"text": TEXT + "补充。"})
    assert_error(
        response,
        409,
        field="text",
        contains="The text cannot be changed: 1 span(s) point into it and their offsets would no longer match.",
    )
    source.refresh_from_db()
    assert source.text == TEXT


def test_editing_a_text_into_another_sources_text_is_refused(curator):
    first, second = SourceFactory(text="第一篇"), SourceFactory(text="第二篇")
    response = api(curator).patch(f"{LIST}{second.pk}/", {"text": "第一篇"})
    assert_error(response, 409, field="text", contains=f"already stored as source #{first.pk}")


def test_readers_cannot_import(reader):
    assert_error(api(reader).post(LIST, {"text": TEXT}), 403, contains="curators group")
    assert_error(api().post(LIST, {"text": TEXT}), 401)
