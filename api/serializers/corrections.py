"""Corrections of a judged prediction: what was wrong, the fields before and after."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.serializers.fields import StrictInput
from api.serializers.spans import SpanSerializer
from claims.models import Confidence, Correction, Kind, Speaker
from claims.models.reviewers import public_name_from


class CorrectionSerializer(serializers.ModelSerializer):
    """A correction as everyone reads it."""

    author = serializers.SerializerMethodField(help_text="The curator's public name.")
    changes = serializers.JSONField(
        read_only=True,
        help_text='{"field": [before, after]}; a speaker as {"id", "name"}; "spans": [the spans before, '
        "the spans after].",
    )

    class Meta:
        model = Correction
        fields = ["number", "what_was_wrong", "changes", "reopened_review", "author", "made_at"]
        read_only_fields = fields

    def get_author(self, correction: Correction) -> str | None:
        profile = getattr(correction.author, "reviewer_profile", None) if correction.author else None
        return public_name_from(correction.author_id, getattr(profile, "display_name", None))


class CorrectPredictionSerializer(StrictInput, serializers.Serializer):
    """What a curator sends to correct a judged prediction: what was wrong, and the fields (or
    spans) as they should be; fields left out stay as they are."""

    what_was_wrong = serializers.CharField(help_text="What was wrong, for every reader of the prediction.")
    typo = serializers.BooleanField(
        default=False,
        help_text="Only the statement's spelling changes: the verdict stands. Anything else reopens review.",
    )
    statement = serializers.CharField(required=False)
    speaker = serializers.PrimaryKeyRelatedField(queryset=Speaker.objects.all(), required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    confidence = serializers.ChoiceField(choices=Confidence.choices, required=False, allow_blank=True)
    said_on = serializers.DateField(required=False)
    horizon_text = serializers.CharField(required=False, allow_blank=True, max_length=200)
    window_overridden = serializers.BooleanField(required=False)
    due_earliest = serializers.DateField(required=False, allow_null=True)
    due_latest = serializers.DateField(required=False, allow_null=True)
    spans = SpanSerializer(many=True, required=False, help_text="All the spans as they should be.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if set(attrs) <= {"what_was_wrong", "typo"}:
            raise serializers.ValidationError(
                "Give the fields (or spans) as they should be: statement, speaker, kind, confidence, said_on, "
                "horizon_text, window_overridden, due_earliest, due_latest, spans."
            )
        return attrs
