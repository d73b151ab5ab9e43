"""/api/predictions/{id}/annotations/: spans as W3C Web Annotations (JSON-LD)."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.services.predictions import SpanInput, create_prediction
from tests.api_helpers import api, assert_error
from tests.factories import SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

# Astral characters before the quote: code points and UTF-16 units differ from here on.
TEXT = "😀👍🏽𠮷 主持人：明年呢？\nSam：我认为2025年将是代理之年。🇨🇳明年会更好。\n"


@pytest.fixture
def prediction():
    source = SourceFactory(text=TEXT, said_on=dt.date(2024, 10, 1))
    return create_prediction(
        speaker=SpeakerFactory(name="Sam Altman"),
        statement="我认为2025年将是代理之年。",
        statement_en="2025 will be the year of agents.",
        horizon_text="2025年",
        resolution_criteria="Came true if AI agents were in everyday use by millions of people by 2025-12-31.",
        spans=[
            SpanInput(source=source, quote="我认为2025年将是代理之年。"),
            SpanInput(source=source, quote="2025年", role="horizon"),
        ],
    )


def test_each_span_is_an_annotation_with_quote_and_position_selectors(prediction):
    url = f"/api/predictions/{prediction.pk}/annotations/"
    response = api().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    body = response.json()
    assert body["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert (body["type"], body["id"], body["total"]) == ("AnnotationCollection", f"http://testserver{url}", 2)
    items = body["first"]["items"]
    assert [item["type"] for item in items] == ["Annotation", "Annotation"]
    source_url = f"http://testserver/api/sources/{prediction.spans.first().source_id}/"
    for item, span in zip(items, prediction.spans.order_by("source_id", "start", "end"), strict=True):
        assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert item["target"]["source"] == source_url
        quote, position = item["target"]["selector"]
        assert quote == {
            "type": "TextQuoteSelector",
            "exact": span.quote,
            "prefix": span.prefix,
            "suffix": span.suffix,
        }
        assert position == {"type": "TextPositionSelector", "start": span.start, "end": span.end}
    bodies = items[0]["body"]
    assert {
        "type": "TextualBody",
        "purpose": "describing",
        "value": prediction.statement,
        "format": "text/plain",
    } in bodies
    assert {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": f"http://testserver/api/predictions/{prediction.pk}/",
    } in bodies


def test_positions_count_code_points_and_select_the_quote_in_the_targets_text(prediction):
    items = api().get(f"/api/predictions/{prediction.pk}/annotations/").json()["first"]["items"]
    for item in items:
        source = api().get(item["target"]["source"]).json()
        quote, position = item["target"]["selector"]
        assert source["text"][position["start"] : position["end"]] == quote["exact"]
        # The Web Annotation model counts code points: 😀 and 𠮷 are one each, not two.
        assert position["start"] == TEXT.index(quote["exact"])


def test_annotations_are_also_served_as_plain_json(prediction):
    response = api().get(f"/api/predictions/{prediction.pk}/annotations/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["total"] == 2


def test_a_draft_has_no_public_annotations(prediction, curator):
    from claims.models import Prediction

    Prediction.objects.filter(pk=prediction.pk).update(status="draft")
    assert_error(api().get(f"/api/predictions/{prediction.pk}/annotations/"), 404)
    assert api(curator).get(f"/api/predictions/{prediction.pk}/annotations/").status_code == 200
