"""The agreement behind a prediction's standing verdict, from the prediction's own columns."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.serializers.fields import iso_date
from claims.models import Prediction, Verdict


class VerdictSummarySerializer(serializers.Serializer):
    """The agreement behind a standing verdict, from the prediction's own columns (no query)."""

    verdict = serializers.ChoiceField(choices=Verdict.choices)
    reviewers = serializers.IntegerField(
        source="verdict_reviewers", help_text="How many of the round's reviewers gave this verdict."
    )
    # Named like an attribute of Field in the stubs; DRF's metaclass takes declared fields off the class.
    required = serializers.IntegerField(  # type: ignore[assignment]
        source="reviewers_required", help_text="Reviewers required to judge it (reviewers_required)."
    )
    adjudicated = serializers.BooleanField(
        source="verdict_adjudicated", help_text="Decided by an adjudicator after the reviewers disagreed."
    )
    evidence_archived = serializers.BooleanField(
        source="verdict_evidence_archived",
        help_text="Every piece of evidence behind it has its quoted passage and retrieval day.",
    )
    known_on = serializers.DateField(
        source="verdict_known_on", help_text="When the outcome became known (not when it was entered)."
    )
    text = serializers.CharField(
        source="verdict_agreement",
        help_text='E.g. "2/2 reviewers · evidence archived · known 2025-04-05" or '
        '"adjudicated (1/2 reviewers agreed) · known 2025-07-17".',
    )

    # None, which DRF renders as null, where the stubs allow a dict only.
    def to_representation(self, prediction: Prediction) -> dict[str, Any] | None:  # type: ignore[override]
        """Declared as a field of a prediction with source="*": null while no verdict stands."""
        return super().to_representation(prediction) if prediction.verdict_agreement else None


def verdict_summary(prediction: Prediction) -> dict[str, Any] | None:
    """VerdictSummarySerializer's output, built by hand for the fast paths of the prediction list
    and the lineage; tests/test_api_representation.py holds the two equal."""
    text = prediction.verdict_agreement
    if not text:
        return None
    return {
        "verdict": prediction.verdict,
        "reviewers": prediction.verdict_reviewers,
        "required": prediction.reviewers_required,
        "adjudicated": prediction.verdict_adjudicated,
        "evidence_archived": prediction.verdict_evidence_archived,
        "known_on": iso_date(prediction.verdict_known_on),
        "text": text,
    }
