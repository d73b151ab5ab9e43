"""schema.org ClaimReview on a judged prediction's page: what fact-check consumers read."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from claims.claimreview import as_script_content
from claims.services.reviews import record_outcome, undo_verdict
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SourceFactory, SpanFactory, SpeakerFactory, user_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _judged(reviewer, verdict: str):
    source = SourceFactory(
        url="https://example.org/interview", title="专访", published_on=dt.date(2024, 10, 7)
    )
    prediction = PredictionFactory(speaker=SpeakerFactory(name="Sam Altman"), reviewers_required=1)
    SpanFactory(prediction=prediction, source=source)
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict=verdict,
        known_on=dt.date(2025, 7, 17),
        note="ChatGPT agent launched.",
        today=TODAY,
        now=NOW,
    )
    return prediction


def _ld(client, prediction) -> list[dict]:
    return [
        json.loads(block)
        for block in LD.findall(client.get(f"/predictions/{prediction.pk}/").content.decode())
    ]


def test_a_judged_prediction_carries_a_claimreview_with_the_fields_fact_checkers_read(
    client, reviewer, settings
):
    settings.SITE_URL = "https://hindsight.example"
    prediction = _judged(reviewer, "came_true")
    [review] = _ld(client, prediction)
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["url"] == f"https://hindsight.example/predictions/{prediction.pk}/"
    assert review["claimReviewed"] == prediction.statement
    assert review["datePublished"] == NOW.date().isoformat()
    assert review["author"] == {
        "@type": "Organization",
        "name": "Hindsight",
        "url": "https://hindsight.example",
    }
    rating = review["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (
        "Came true",
        5,
        5,
        1,
    )
    assert "1 came false" in rating["ratingExplanation"]
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {"@type": "Person", "name": "Sam Altman"}
    assert claim["datePublished"] == "2024-10-01"
    assert claim["firstAppearance"] == {
        "@type": "CreativeWork",
        "url": "https://example.org/interview",
        "headline": "专访",
        "datePublished": "2024-10-07",
    }
    assert review["reviewBody"].startswith("1/1 reviewer")


def test_an_ambiguous_verdict_is_named_but_not_placed_on_the_scale(client, reviewer):
    [review] = _ld(client, _judged(reviewer, "ambiguous"))
    assert review["reviewRating"]["alternateName"] == "Ambiguous"
    assert "ratingValue" not in review["reviewRating"]


def test_nothing_is_claimed_before_a_verdict_stands_or_after_it_is_undone(client, reviewer):
    assert _ld(client, PredictionFactory()) == []
    prediction = _judged(reviewer, "came_false")
    undo_verdict(
        prediction=prediction, by=user_in("ada", "adjudicators"), reason="Wrong page.", today=TODAY, now=NOW
    )
    assert _ld(client, prediction) == []


def test_a_statement_cannot_close_the_script():
    content = as_script_content({"claimReviewed": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in content and ">" not in content and "&" not in content
    assert json.loads(content)["claimReviewed"] == "</script><script>alert(1)</script> & <!--"
