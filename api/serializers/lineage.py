"""Lineage: a prediction restated, revised or retracted later, and the timeline of them all."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.serializers.fields import ItemUrls, NullIfBlankChoiceField, PublicNameField, StrictInput, iso_date
from api.serializers.verdicts import VerdictSummarySerializer, verdict_summary
from claims.models import Prediction, PredictionLink, Relation, Verdict
from claims.services.lineage import LineageStep, is_slipped


class LinkSerializer(StrictInput, serializers.ModelSerializer):
    """The prediction (the later one) restates, revises or retracts `earlier`."""

    earlier = serializers.PrimaryKeyRelatedField(
        queryset=Prediction.objects.all(), help_text="An earlier prediction by the same speaker."
    )
    relation = serializers.ChoiceField(choices=Relation.choices)
    relation_label = serializers.CharField(source="get_relation_display", read_only=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    slipped = serializers.SerializerMethodField(
        help_text="A revision that moved the deadline later: counts against the original date too."
    )
    created_by = PublicNameField(allow_null=True, help_text="The curator's public name.")

    class Meta:
        model = PredictionLink
        fields = [
            "id",
            "prediction",
            "earlier",
            "relation",
            "relation_label",
            "note",
            "slipped",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["prediction", "created_at"]

    def get_slipped(self, link: PredictionLink) -> bool:
        return is_slipped(link)


class LineageLinkSerializer(serializers.Serializer):
    earlier = serializers.IntegerField(help_text="Id of the earlier prediction.")
    relation = serializers.ChoiceField(choices=Relation.choices)
    relation_label = serializers.CharField()
    note = serializers.CharField()
    slipped = serializers.BooleanField()


class LineagePredictionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    statement = serializers.CharField()
    statement_en = serializers.CharField()
    speaker_name = serializers.CharField()


class LineageStepSerializer(serializers.Serializer):
    """One prediction of a lineage, oldest first, and its links back to earlier ones."""

    prediction = LineagePredictionSerializer()
    current = serializers.BooleanField(help_text="The prediction whose lineage this is.")
    said_on = serializers.DateField()
    due_earliest = serializers.DateField(allow_null=True)
    due_latest = serializers.DateField(allow_null=True)
    # A string, not a second enum: drf-spectacular would then name the prediction's status enum
    # by a hash instead of PredictionStatusEnum.
    status = serializers.CharField(help_text="The prediction's status, as Prediction.status.")
    verdict = NullIfBlankChoiceField(choices=Verdict.choices, allow_null=True)
    verdict_summary = VerdictSummarySerializer(allow_null=True)
    slipped = serializers.BooleanField(
        help_text="One of its links is a revision that moved the deadline later."
    )
    links = LineageLinkSerializer(many=True)

    def to_representation(self, step: LineageStep) -> dict[str, Any]:
        member = step.prediction
        return {
            "prediction": {
                "id": member.pk,
                "url": ItemUrls(self, "prediction")(member.pk),
                "statement": member.statement,
                "statement_en": member.statement_en,
                "speaker_name": member.speaker.name,
            },
            "current": member.pk == self.context.get("current"),
            "said_on": iso_date(member.said_on),
            "due_earliest": iso_date(member.due_earliest),
            "due_latest": iso_date(member.due_latest),
            "status": member.status,
            "verdict": member.verdict or None,
            "verdict_summary": verdict_summary(member),
            "slipped": step.slipped,
            "links": [
                {
                    "earlier": link.earlier_id,
                    "relation": link.relation,
                    "relation_label": link.get_relation_display(),
                    "note": link.note,
                    "slipped": is_slipped(link),
                }
                for link in step.links
            ],
        }


class LineageSerializer(serializers.Serializer):
    prediction = serializers.IntegerField()
    steps = LineageStepSerializer(many=True, help_text="Oldest first (said_on, then id).")
