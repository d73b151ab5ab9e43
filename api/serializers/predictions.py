"""A prediction as the API reads and writes it, defined once by the declared fields below.

The list is the hot path, so PredictionSerializer.to_representation renders a page that
api.relations.attach_relations loaded (plain rows, no model instances) by hand, field for
field as DRF would render the declared fields; tests/test_api_representation.py compares the
two value by value. A prediction that was not loaded that way gets DRF's own rendering.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from api.serializers.corrections import CorrectionSerializer
from api.serializers.criteria import ClarificationSerializer
from api.serializers.fields import (
    ItemUrlField,
    ItemUrls,
    NullIfBlankChoiceField,
    SlugKeyField,
    StrictInput,
    iso_date,
    iso_datetime,
    shared_context,
)
from api.serializers.spans import SpanSerializer
from api.serializers.verdicts import VerdictSummarySerializer, verdict_summary
from claims.models import Confidence, Kind, Prediction, Speaker, Status, Topic, Verdict
from claims.services.predictions import HAND_SET_STATUSES


def criteria_frozen(prediction: Prediction) -> bool:
    """True once the first review exists; from api.relations.with_criteria_frozen's annotation
    when the query had it, else asked of the database."""
    frozen = getattr(prediction, "api_criteria_frozen", None)
    return frozen if frozen is not None else prediction.outcomes.exists()


class CriteriaFrozenField(serializers.BooleanField):
    def get_attribute(self, prediction: Prediction) -> bool:
        return criteria_frozen(prediction)


class PartIdsField(serializers.ListField):
    def get_attribute(self, prediction: Prediction) -> list[int]:
        return list(prediction.parts.order_by("id").values_list("id", flat=True))


class PredictionSerializer(StrictInput, serializers.ModelSerializer):
    url = ItemUrlField("prediction")
    speaker = serializers.PrimaryKeyRelatedField(queryset=Speaker.objects.all())
    speaker_name = serializers.CharField(source="speaker.name", read_only=True)
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.PREDICTION)
    said_on = serializers.DateField(
        required=False, help_text="The day the words were said; defaults from the first span's source."
    )
    resolution_criteria = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="What settles it, e.g. 'Came true if a generally available model accepts 10,000,000 "
        "tokens of context by 2025-04-07.' Required unless the prediction is a draft. Frozen once the "
        "first review exists: a change is then refused with 400 (add a clarification instead).",
    )
    clarifications = ClarificationSerializer(
        many=True, read_only=True, help_text="Appended to the criteria after they froze, oldest first."
    )
    corrections = CorrectionSerializer(
        many=True,
        read_only=True,
        help_text="Corrections appended since its first review, oldest first: the one way its statement, "
        "speaker, kind, confidence, dates, horizon words and spans change once judged.",
    )
    correction_count = serializers.IntegerField(read_only=True, help_text="How many corrections it has.")
    criteria_frozen = CriteriaFrozenField(
        read_only=True, help_text="True once the first review exists: the criteria can no longer change."
    )
    status = serializers.ChoiceField(
        choices=Status.choices,
        default=Status.OPEN,
        help_text="Set by hand: draft, open or withdrawn. due follows the window or a next look; "
        "disputed and resolved follow the reviews; split follows a split.",
    )
    confidence = NullIfBlankChoiceField(
        choices=[c for c in Confidence.choices if c[0]],
        required=False,
        allow_null=True,
        help_text="How sure the speaker sounded; null when not expressed.",
    )
    probability = serializers.FloatField(
        read_only=True, allow_null=True, help_text="What the confidence stands for in Brier scores."
    )
    verdict = NullIfBlankChoiceField(
        choices=Verdict.choices, read_only=True, allow_null=True, help_text="Current verdict, or null."
    )
    verdict_summary = VerdictSummarySerializer(
        source="*",
        read_only=True,
        allow_null=True,
        help_text="The agreement behind the verdict; null without one.",
    )
    reviewers_required = serializers.IntegerField(
        read_only=True, help_text="Independent reviewers who must agree (REVIEWERS_REQUIRED when created)."
    )
    review_round = serializers.IntegerField(
        read_only=True, help_text="The current review round; a 'too early' or an undo starts the next."
    )
    next_look_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="Set by 'too early': flagged for review again on this day."
    )
    topics = SlugKeyField(slug_field="slug", many=True, queryset=Topic.objects.all(), required=False)
    spans = SpanSerializer(many=True, allow_empty=False)
    # Named like an attribute of Field in the stubs; DRF's metaclass takes declared fields off the class.
    parent: serializers.PrimaryKeyRelatedField[Prediction] = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        read_only=True, allow_null=True, help_text="The compound prediction this one was split from."
    )
    parts = PartIdsField(
        child=serializers.IntegerField(), read_only=True, help_text="Ids of the parts it was split into."
    )
    version = serializers.IntegerField(
        required=False,
        help_text="Bumped on every change. On update, send the version you read (or If-Match: "
        '"<version>"): a stale one is refused with 409 (412 for If-Match) and changes nothing.',
    )

    class Meta:
        model = Prediction
        fields = [
            "id",
            "url",
            "statement",
            "statement_en",
            "kind",
            "speaker",
            "speaker_name",
            "said_on",
            "horizon_text",
            "due_earliest",
            "due_latest",
            "window_overridden",
            "vague",
            "boundary_ambiguous",
            "rules_version",
            "resolution_criteria",
            "clarifications",
            "criteria_frozen",
            "correction_count",
            "corrections",
            "status",
            "verdict",
            "verdict_summary",
            "reviewers_required",
            "review_round",
            "next_look_on",
            "confidence",
            "probability",
            "topics",
            "spans",
            "parent",
            "parts",
            "key",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["vague", "boundary_ambiguous", "rules_version", "created_at", "updated_at"]
        extra_kwargs = {
            "due_earliest": {
                "help_text": "First day it could come true. Giving a date sets the window by hand."
            },
            "due_latest": {"help_text": "Due for review after this day; null = undated."},
            "window_overridden": {"required": False},
            "key": {"required": False},
        }

    def validate_status(self, value: str) -> str:
        if self.instance is None and value not in HAND_SET_STATUSES - {Status.WITHDRAWN}:
            raise serializers.ValidationError("A new prediction is a draft or open.")
        return value

    def to_representation(self, prediction: Prediction) -> dict[str, Any]:
        if not hasattr(prediction, "api_spans"):  # not loaded by attach_relations
            return super().to_representation(prediction)
        # By hand: DRF's field-by-field rendering costs ~7x more per row, and the list's
        # latency target (make bench) needs the difference.
        context = shared_context(self)
        urls = context.get("_prediction_urls")
        if urls is None:
            urls = context["_prediction_urls"] = ItemUrls(self, "prediction")
            context["_timezone"] = timezone.get_current_timezone()
        tz = context["_timezone"]
        return {
            "id": prediction.pk,
            "url": urls(prediction.pk),
            "statement": prediction.statement,
            "statement_en": prediction.statement_en,
            "kind": prediction.kind,
            "speaker": prediction.speaker_id,
            "speaker_name": prediction.speaker.name,
            "said_on": iso_date(prediction.said_on),
            "horizon_text": prediction.horizon_text,
            "due_earliest": iso_date(prediction.due_earliest),
            "due_latest": iso_date(prediction.due_latest),
            "window_overridden": prediction.window_overridden,
            "vague": prediction.vague,
            "boundary_ambiguous": prediction.boundary_ambiguous,
            "rules_version": prediction.rules_version,
            "resolution_criteria": prediction.resolution_criteria,
            "clarifications": [
                {"text": text, "author": author, "added_at": iso_datetime(added_at, tz)}
                for text, author, added_at in prediction.api_clarifications
            ],
            "criteria_frozen": criteria_frozen(prediction),
            "correction_count": prediction.correction_count,
            "corrections": [
                {**correction, "made_at": iso_datetime(correction["made_at"], tz)}
                for correction in prediction.api_corrections
            ],
            "status": prediction.status,
            "verdict": prediction.verdict or None,
            "verdict_summary": verdict_summary(prediction),
            "reviewers_required": prediction.reviewers_required,
            "review_round": prediction.review_round,
            "next_look_on": iso_date(prediction.next_look_on),
            "confidence": prediction.confidence or None,
            "probability": prediction.probability,
            "topics": prediction.api_topics,
            "spans": prediction.api_spans,
            "parent": prediction.parent_id,
            "parts": prediction.api_parts,
            "key": prediction.key,
            "version": prediction.version,
            "created_at": iso_datetime(prediction.created_at, tz),
            "updated_at": iso_datetime(prediction.updated_at, tz),
        }


class WithdrawSerializer(StrictInput, serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text='The version you read; or send If-Match: "<version>".'
    )
