"""What the API reads and writes. Declared fields validate input and describe the schema;
writes go through claims.services (called from api/views.py), never through serializer.save().

Prediction lists are the hot path: PredictionSerializer.to_representation builds each row from
the prefetched objects directly, so a page of 50 costs a few milliseconds, not tens.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from claims.models import (
    Confidence,
    Kind,
    Outcome,
    Prediction,
    Source,
    Span,
    SpanRole,
    Speaker,
    Status,
    Topic,
    Verdict,
)
from claims.services.predictions import HAND_SET_STATUSES, SpanInput
from claims.services.stats import TrackRecord
from claims.spans import canonicalize_quote


def collection_url(request: Request | None, name: str) -> str:
    """Absolute URL of a list endpoint; an item's URL is this plus "<id>/"."""
    path = reverse(f"api:{name}-list")
    return request.build_absolute_uri(path) if request is not None else path


class ItemUrls:
    """Builds item URLs from one reverse() per request instead of one per row."""

    def __init__(self, serializer: serializers.BaseSerializer, name: str) -> None:
        cache = serializer.context.setdefault("_collection_urls", {})
        if name not in cache:
            cache[name] = collection_url(serializer.context.get("request"), name)
        self.base = cache[name]

    def __call__(self, pk: int) -> str:
        return f"{self.base}{pk}/"


@extend_schema_field(OpenApiTypes.URI)
class ItemUrlField(serializers.Field):
    """The resource's own API URL (read-only)."""

    def __init__(self, name: str, **kwargs: Any) -> None:
        self.collection = name
        super().__init__(source="pk", read_only=True, **kwargs)

    def to_representation(self, value: int) -> str:
        return ItemUrls(self.parent, self.collection)(value)


class NullIfBlankChoiceField(serializers.ChoiceField):
    """A choice stored as "" when absent, shown as null (verdict, confidence)."""

    def to_representation(self, value: str) -> str | None:
        return value or None

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if data is None or data == "":
            return True, ""
        return super().validate_empty_values(data)


# --- sources ---------------------------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    """Metadata only: lists never carry the text."""

    url = ItemUrlField("source")
    original_url = serializers.URLField(
        source="url", max_length=2000, required=False, allow_blank=True, help_text="Where it was published."
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "title",
            "original_url",
            "publisher",
            "author",
            "language",
            "published_on",
            "said_on",
            "said_on_inferred",
            "file_name",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        extra_kwargs = {"title": {"required": False}}


class SourceDetailSerializer(SourceSerializer):
    text = serializers.CharField(
        trim_whitespace=False,
        help_text="Canonical text (UTF-8, LF, NFC); span offsets count its code points. Stored "
        "canonicalized; refused once spans point into the source.",
    )
    sha256 = serializers.CharField(read_only=True, help_text="SHA-256 of the text's UTF-8 bytes.")

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text", "sha256"]


# --- speakers --------------------------------------------------------------------------------


class TrackRecordSerializer(serializers.Serializer):
    predictions = serializers.IntegerField(help_text="Public predictions (not drafts, not withdrawn).")
    due = serializers.IntegerField(help_text="Awaiting review.")
    resolved = serializers.IntegerField()
    came_true = serializers.IntegerField()
    came_false = serializers.IntegerField()
    partly_true = serializers.IntegerField()
    ambiguous = serializers.IntegerField()
    unresolvable = serializers.IntegerField()
    scored = serializers.IntegerField(
        help_text="Resolved predictions with an expressed confidence and a decisive verdict."
    )
    hit_rate = serializers.FloatField(
        allow_null=True, help_text="(came true + ½ partly true) / judged; null when none was judged."
    )
    brier_score = serializers.FloatField(
        allow_null=True, help_text="Mean (p − o)² over scored predictions; 0 is perfect; null if none."
    )

    def to_representation(self, record: TrackRecord | None) -> dict[str, Any]:
        if record is None:
            return {**dict.fromkeys(self.fields, 0), "hit_rate": None, "brier_score": None}
        data = {name: getattr(record, name) for name in self.fields}
        for name in ("hit_rate", "brier_score"):
            if data[name] is not None:
                data[name] = round(data[name], 4)
        return data


class SpeakerSerializer(serializers.ModelSerializer):
    url = ItemUrlField("speaker")
    track_record = serializers.SerializerMethodField()

    class Meta:
        model = Speaker
        fields = ["id", "url", "name", "aliases", "role", "track_record"]

    @extend_schema_field(TrackRecordSerializer)
    def get_track_record(self, speaker: Speaker) -> dict[str, Any]:
        records = self.context.get("track_records", {})
        return TrackRecordSerializer().to_representation(records.get(speaker.pk))


class SpeakerRecordSerializer(TrackRecordSerializer):
    speaker = serializers.IntegerField(source="speaker_id")
    speaker_name = serializers.CharField()
    speaker_url = serializers.URLField()

    def to_representation(self, record: TrackRecord) -> dict[str, Any]:
        return {
            "speaker": record.speaker_id,
            "speaker_name": record.speaker_name,
            "speaker_url": ItemUrls(self, "speaker")(record.speaker_id),
            **TrackRecordSerializer().to_representation(record),
        }


class StatsSerializer(serializers.Serializer):
    predictions = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField(), help_text="Every status, zeros too.")
    by_verdict = serializers.DictField(
        child=serializers.IntegerField(), help_text="Current verdicts of resolved predictions."
    )
    speakers = SpeakerRecordSerializer(many=True)


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


# --- predictions -----------------------------------------------------------------------------


class SpanSerializer(serializers.ModelSerializer):
    """A span by offsets, by quote alone, or both; the quote decides (claims.spans.resolve_span)."""

    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    start = serializers.IntegerField(
        required=False, allow_null=True, help_text="Code-point offset of the first character."
    )
    end = serializers.IntegerField(
        required=False, allow_null=True, help_text="Code-point offset just past the last character."
    )
    quote = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="The exact words."
    )
    prefix = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Text just before the quote: picks one of several occurrences.",
    )
    suffix = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="Text just after the quote."
    )
    role = serializers.ChoiceField(choices=SpanRole.choices, default=SpanRole.STATEMENT)

    class Meta:
        model = Span
        fields = ["source", "start", "end", "quote", "prefix", "suffix", "role"]

    def to_internal_value(self, data: Any) -> SpanInput:
        values = super().to_internal_value(data)
        # Source texts are NFC: a quote typed with decomposed accents means the same words.
        text = {
            k: canonicalize_quote(values[k]) if values.get(k) else None for k in ("quote", "prefix", "suffix")
        }
        return SpanInput(
            source=values["source"],
            start=values.get("start"),
            end=values.get("end"),
            role=values.get("role", SpanRole.STATEMENT),
            **text,
        )

    def to_representation(self, span: Span) -> dict[str, Any]:
        return span_data(span)


def span_data(span: Span) -> dict[str, Any]:
    return {
        "source": span.source_id,
        "start": span.start,
        "end": span.end,
        "quote": span.quote,
        "prefix": span.prefix,
        "suffix": span.suffix,
        "role": span.role,
    }


class PredictionSerializer(serializers.ModelSerializer):
    url = ItemUrlField("prediction")
    speaker = serializers.PrimaryKeyRelatedField(queryset=Speaker.objects.all())
    speaker_name = serializers.CharField(source="speaker.name", read_only=True)
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.PREDICTION)
    said_on = serializers.DateField(
        required=False, help_text="The day the words were said; defaults from the first span's source."
    )
    status = serializers.ChoiceField(
        choices=Status.choices,
        default="open",
        help_text="Set by hand: draft, open or withdrawn. due follows the window, resolved an outcome.",
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
    topics = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Topic.objects.all(), required=False
    )
    spans = SpanSerializer(many=True, allow_empty=False)
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
            "status",
            "verdict",
            "confidence",
            "probability",
            "topics",
            "spans",
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
        if self.instance is None and value not in HAND_SET_STATUSES - {"withdrawn"}:
            raise serializers.ValidationError("A new prediction is a draft or open.")
        return value

    def to_representation(self, prediction: Prediction) -> dict[str, Any]:
        # Hand-built: DRF's field-by-field path costs ~10x more per row on the list endpoint.
        # tests/test_api_predictions_read.py checks the keys against the declared fields.
        context = self.context
        urls = context.get("_prediction_urls")
        if urls is None:
            urls = context["_prediction_urls"] = ItemUrls(self, "prediction")
            context["_timezone"] = timezone.get_current_timezone()
        tz = context["_timezone"]
        iso = _iso
        return {
            "id": prediction.pk,
            "url": urls(prediction.pk),
            "statement": prediction.statement,
            "statement_en": prediction.statement_en,
            "kind": prediction.kind,
            "speaker": prediction.speaker_id,
            "speaker_name": prediction.speaker.name,
            "said_on": iso(prediction.said_on),
            "horizon_text": prediction.horizon_text,
            "due_earliest": iso(prediction.due_earliest),
            "due_latest": iso(prediction.due_latest),
            "window_overridden": prediction.window_overridden,
            "vague": prediction.vague,
            "boundary_ambiguous": prediction.boundary_ambiguous,
            "rules_version": prediction.rules_version,
            "status": prediction.status,
            "verdict": prediction.verdict or None,
            "confidence": prediction.confidence or None,
            "probability": prediction.probability,
            "topics": _topics(prediction),
            "spans": _spans(prediction),
            "key": prediction.key,
            "version": prediction.version,
            "created_at": _iso_datetime(prediction.created_at, tz),
            "updated_at": _iso_datetime(prediction.updated_at, tz),
        }


def _topics(prediction: Prediction) -> list[str]:
    """Slugs loaded by api.relations.attach_relations, else read through the relation."""
    slugs = getattr(prediction, "api_topics", None)
    return slugs if slugs is not None else [topic.slug for topic in prediction.topics.order_by("slug")]


def _spans(prediction: Prediction) -> list[dict[str, Any]]:
    spans = getattr(prediction, "api_spans", None)
    return spans if spans is not None else [span_data(span) for span in prediction.spans.all()]


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def _iso_datetime(moment: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    """As DRF's DateTimeField shows it: in the current time zone `tz`, ISO 8601, UTC as Z."""
    if moment is None:
        return None
    text = (moment.astimezone(tz) if moment.tzinfo is not None else moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class WithdrawSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text='The version you read; or send If-Match: "<version>".'
    )


# --- outcomes --------------------------------------------------------------------------------


class OutcomeSerializer(serializers.ModelSerializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    evidence_urls = serializers.ListField(
        child=serializers.URLField(max_length=2000), required=False, default=list
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Outcome
        fields = [
            "id",
            "prediction",
            "verdict",
            "known_on",
            "evidence_urls",
            "note",
            "reviewer",
            "recorded_at",
        ]
        read_only_fields = ["prediction", "recorded_at"]
