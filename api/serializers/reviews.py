"""The review record: evidence, reviewers' verdicts and "too early", adjudications, undos."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.serializers.fields import NullIfBlankChoiceField, PublicNameField, StrictInput
from claims.models import Evidence, Outcome, OutcomeKind, Verdict
from claims.services.reviews import EvidenceInput


class EvidenceSerializer(serializers.ModelSerializer):
    """Evidence as it was at decision time: the page, its title, the quoted passage, the day read."""

    url = serializers.URLField(max_length=2000)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    passage = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="The passage quoted from the page that supports the verdict.",
    )
    retrieved_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The day the page was read; needed with a passage.",
    )
    archived = serializers.BooleanField(read_only=True, help_text="Has both a passage and a retrieval day.")

    class Meta:
        model = Evidence
        fields = ["url", "title", "passage", "retrieved_on", "archived"]

    def to_internal_value(self, data: Any) -> EvidenceInput:
        values = super().to_internal_value(data)
        if values.get("passage") and values.get("retrieved_on") is None:
            # Said here, by field: the database constraint behind it names no field.
            raise serializers.ValidationError(
                {"retrieved_on": ["A quoted passage needs the day it was read (retrieved_on)."]}
            )
        return EvidenceInput(
            url=values["url"],
            title=values.get("title", ""),
            passage=values.get("passage", ""),
            retrieved_on=values.get("retrieved_on"),
        )


class OutcomeSerializer(serializers.ModelSerializer):
    """One event of the review record (read-only): a reviewer's verdict ("review") or "too early",
    an adjudicator's decision, or an undo."""

    kind = serializers.ChoiceField(choices=OutcomeKind.choices, read_only=True)
    verdict = NullIfBlankChoiceField(
        choices=Verdict.choices, read_only=True, allow_null=True, help_text="null for too early and undo."
    )
    note = serializers.CharField(
        read_only=True,
        help_text="The reviewer's note; the reasoning of an adjudication; the reason of an undo.",
    )
    reviewer = PublicNameField(
        allow_null=True,
        help_text='Who recorded it, by public name (the display name, or "Reviewer #<id>"; never the '
        "username): the reviewer, or the adjudicator for adjudications and undos.",
    )
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Outcome
        fields = [
            "id",
            "prediction",
            "kind",
            "round",
            "verdict",
            "known_on",
            "next_look_on",
            "note",
            "reviewer",
            "evidence",
            "recorded_at",
        ]
        read_only_fields = fields


class ReviewSerializer(StrictInput, serializers.Serializer):
    """A reviewer's verdict: one vote in the current round."""

    verdict = serializers.ChoiceField(choices=Verdict.choices)
    known_on = serializers.DateField(help_text="The day the outcome became publicly known.")
    evidence = EvidenceSerializer(many=True, required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="Your reasoning.")


class TooEarlySerializer(StrictInput, serializers.Serializer):
    """A reviewer's "too early to judge": a vote for no verdict yet, with a day to look again."""

    next_look_on = serializers.DateField(help_text="After today, and after the window closes.")
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Why it cannot be judged yet."
    )


class AdjudicationSerializer(StrictInput, serializers.Serializer):
    """An adjudicator's final decision on a disputed round: a verdict with known_on, or "too early"
    with next_look_on."""

    verdict = NullIfBlankChoiceField(choices=Verdict.choices, required=False, allow_null=True, default="")
    known_on = serializers.DateField(required=False, allow_null=True, default=None)
    next_look_on = serializers.DateField(required=False, allow_null=True, default=None)
    reasoning = serializers.CharField(allow_blank=True, help_text="Why, referring to the reviews.")
    evidence = EvidenceSerializer(many=True, required=False, default=list)


class UndoSerializer(StrictInput, serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Why the verdict is withdrawn; recorded.")
