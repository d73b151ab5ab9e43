"""schema.org ClaimReview for a judged prediction: the fields fact-check tools read (Google's
Fact Check Explorer, ClaimBuster, the Duke Reporters' Lab ClaimReview feed).

The verdict is the rating's alternateName, always; the three verdicts that order from false to
true also get a place on a 1–5 scale. "Ambiguous" and "unresolvable" say the claim could not be
judged, so they get no number: a consumer that averages ratings must not read them as a middle.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from django.utils import translation

from claims.models import Prediction, Source, Status, Verdict

RATING = {Verdict.CAME_FALSE: 1, Verdict.PARTLY_TRUE: 3, Verdict.CAME_TRUE: 5}
SCALE = (
    "Hindsight's verdict on a dated prediction once its window closed, by independent reviewers: "
    "5 came true, 3 partly true, 1 came false; ambiguous and unresolvable are not placed on the scale."
)
PUBLISHER = "Hindsight"


def claim_review(
    prediction: Prediction,
    *,
    page_url: str,
    site_url: str,
    sources: Sequence[Source],
    reviewed_on: dt.date,
) -> dict[str, Any] | None:
    """The ClaimReview of a resolved prediction, None for any other (nothing is judged yet, or
    its verdict was undone). reviewed_on: the day the standing verdict was reached."""
    if prediction.status != Status.RESOLVED or not prediction.verdict:
        return None
    verdict = Verdict(prediction.verdict)
    # English like the scale that explains it, whatever the page's language (the label is lazy).
    with translation.override("en"):
        name = str(verdict.label)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": name, "ratingExplanation": SCALE}
    if verdict in RATING:
        rating |= {"ratingValue": RATING[verdict], "bestRating": 5, "worstRating": 1}
    appearances = [
        {"@type": "CreativeWork", "url": source.url, "headline": source.title}
        | ({"datePublished": source.published_on.isoformat()} if source.published_on else {})
        for source in sources
        if source.url
    ]
    claim: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Person", "name": prediction.speaker.name},
        "datePublished": prediction.said_on.isoformat(),
    }
    if appearances:
        claim |= {"appearance": appearances, "firstAppearance": appearances[0]}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": prediction.statement,
        "itemReviewed": claim,
        "author": {"@type": "Organization", "name": PUBLISHER, "url": site_url},
        "datePublished": reviewed_on.isoformat(),
        "reviewRating": rating,
        "reviewBody": prediction.verdict_agreement,
    }


def as_script_content(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: no "</script>" or "<!--" can close or comment it out (the
    escapes Django's json_script uses)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
