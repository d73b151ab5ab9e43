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
    Clarification,
    Confidence,
    Evidence,
    Kind,
    Outcome,
    OutcomeKind,
    Prediction,
    PredictionLink,
    Relation,
    Source,
    Span,
    SpanRole,
    Speaker,
    Status,
    Topic,
    Verdict,
)
from claims.services.backlog import Backlog
from claims.services.lineage import LineageStep, is_slipped
from claims.services.parts import PartInput
from claims.services.predictions import HAND_SET_STATUSES, SpanInput
from claims.services.reviews import EvidenceInput
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
        allow_null=True,
        help_text="(came true + ½ partly true) / (judged + slipped misses); null when none was judged.",
    )
    brier_score = serializers.FloatField(
        allow_null=True, help_text="Mean (p − o)² over scored predictions; 0 is perfect; null if none."
    )
    slipped = serializers.IntegerField(
        help_text='Revisions that moved one of the speaker\'s deadlines later ("next year, again").'
    )
    slipped_misses = serializers.IntegerField(
        help_text="Of those, originals nobody had judged: each counts as a miss on its own date."
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


class ReviewerLoadSerializer(serializers.Serializer):
    username = serializers.CharField()
    waiting = serializers.IntegerField(help_text="Backlog predictions waiting on this reviewer's review.")


class BacklogSerializer(serializers.Serializer):
    """claims.services.backlog.Backlog."""

    waiting = serializers.IntegerField(
        help_text="Due and without a standing verdict (disputed ones included)."
    )
    disputed = serializers.IntegerField(help_text="Of which waiting for an adjudicator.")
    oldest_due_on = serializers.DateField(
        allow_null=True,
        help_text="The day the longest-waiting one came due: the day after its window closed, or the next "
        "look a 'too early' review set. Null when none waits.",
    )
    oldest_waiting_days = serializers.IntegerField(
        allow_null=True, help_text="Days it has waited since then."
    )
    reviewers = ReviewerLoadSerializer(many=True, help_text="Every active reviewer, by username.")

    def to_representation(self, backlog: Backlog) -> dict[str, Any]:
        return {
            "waiting": backlog.waiting,
            "disputed": backlog.disputed,
            "oldest_due_on": _iso(backlog.oldest_due_on),
            "oldest_waiting_days": backlog.oldest_waiting_days,
            "reviewers": [{"username": load.username, "waiting": load.waiting} for load in backlog.reviewers],
        }


class StatsSerializer(serializers.Serializer):
    predictions = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField(), help_text="Every status, zeros too.")
    by_verdict = serializers.DictField(
        child=serializers.IntegerField(), help_text="Current verdicts of resolved predictions."
    )
    speakers = SpeakerRecordSerializer(many=True)
    backlog = BacklogSerializer(help_text="The review backlog today.")


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


class ClarificationSerializer(serializers.ModelSerializer):
    """A note appended to frozen resolution criteria; append-only."""

    text = serializers.CharField(allow_blank=True, help_text="What the criteria mean, said more precisely.")
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Clarification
        fields = ["text", "author", "added_at"]
        read_only_fields = ["added_at"]


class VerdictSummarySerializer(serializers.Serializer):
    """The agreement behind a standing verdict, from the prediction's own columns (no query)."""

    verdict = serializers.ChoiceField(choices=Verdict.choices)
    reviewers = serializers.IntegerField(help_text="How many of the round's reviewers gave this verdict.")
    required = serializers.IntegerField(help_text="Reviewers required to judge it (reviewers_required).")
    adjudicated = serializers.BooleanField(
        help_text="Decided by an adjudicator after the reviewers disagreed."
    )
    evidence_archived = serializers.BooleanField(
        help_text="Every piece of evidence behind it has its quoted passage and retrieval day."
    )
    known_on = serializers.DateField(help_text="When the outcome became known (not when it was entered).")
    text = serializers.CharField(
        help_text='E.g. "2/2 reviewers · evidence archived · known 2025-04-05" or '
        '"adjudicated (1/2 reviewers agreed) · known 2025-07-17".'
    )


def verdict_summary(prediction: Prediction) -> dict[str, Any] | None:
    """The prediction's verdict with its agreement, or None while no verdict stands. From the
    row's own columns: no query."""
    text = prediction.verdict_agreement
    if not text:
        return None
    return {
        "verdict": prediction.verdict,
        "reviewers": prediction.verdict_reviewers,
        "required": prediction.reviewers_required,
        "adjudicated": prediction.verdict_adjudicated,
        "evidence_archived": prediction.verdict_evidence_archived,
        "known_on": _iso(prediction.verdict_known_on),
        "text": text,
    }


class PredictionSerializer(serializers.ModelSerializer):
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
    criteria_frozen = serializers.BooleanField(
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
        read_only=True, allow_null=True, help_text="The agreement behind the verdict; null without one."
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
    topics = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Topic.objects.all(), required=False
    )
    spans = SpanSerializer(many=True, allow_empty=False)
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The compound prediction this one was split from."
    )
    parts = serializers.ListField(
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
            "resolution_criteria": prediction.resolution_criteria,
            "clarifications": [
                {"text": text, "author": author, "added_at": _iso_datetime(added_at, tz)}
                for text, author, added_at in _clarifications(prediction)
            ],
            "criteria_frozen": _criteria_frozen(prediction),
            "status": prediction.status,
            "verdict": prediction.verdict or None,
            "verdict_summary": verdict_summary(prediction),
            "reviewers_required": prediction.reviewers_required,
            "review_round": prediction.review_round,
            "next_look_on": iso(prediction.next_look_on),
            "confidence": prediction.confidence or None,
            "probability": prediction.probability,
            "topics": _topics(prediction),
            "spans": _spans(prediction),
            "parent": prediction.parent_id,
            "parts": _parts(prediction),
            "key": prediction.key,
            "version": prediction.version,
            "created_at": _iso_datetime(prediction.created_at, tz),
            "updated_at": _iso_datetime(prediction.updated_at, tz),
        }


# Each reads what api.relations loaded for a whole page, else asks the database for this one.


def _topics(prediction: Prediction) -> list[str]:
    slugs = getattr(prediction, "api_topics", None)
    return slugs if slugs is not None else [topic.slug for topic in prediction.topics.order_by("slug")]


def _spans(prediction: Prediction) -> list[dict[str, Any]]:
    spans = getattr(prediction, "api_spans", None)
    return spans if spans is not None else [span_data(span) for span in prediction.spans.all()]


def _clarifications(prediction: Prediction) -> list[tuple[str, str | None, dt.datetime]]:
    rows = getattr(prediction, "api_clarifications", None)
    if rows is None:
        rows = list(
            prediction.clarifications.order_by("added_at", "id").values_list(
                "text", "author__username", "added_at"
            )
        )
    return rows


def _parts(prediction: Prediction) -> list[int]:
    ids = getattr(prediction, "api_parts", None)
    return ids if ids is not None else list(prediction.parts.order_by("id").values_list("id", flat=True))


def _criteria_frozen(prediction: Prediction) -> bool:
    frozen = getattr(prediction, "api_criteria_frozen", None)
    return frozen if frozen is not None else prediction.outcomes.exists()


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


# --- the review record -----------------------------------------------------------------------


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
    reviewer = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Who recorded it: the reviewer, or the adjudicator for adjudications and undos.",
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


class ReviewSerializer(serializers.Serializer):
    """A reviewer's verdict: one vote in the current round."""

    verdict = serializers.ChoiceField(choices=Verdict.choices)
    known_on = serializers.DateField(help_text="The day the outcome became publicly known.")
    evidence = EvidenceSerializer(many=True, required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="Your reasoning.")


class TooEarlySerializer(serializers.Serializer):
    """A reviewer's "too early to judge": a vote for no verdict yet, with a day to look again."""

    next_look_on = serializers.DateField(help_text="After today, and after the window closes.")
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Why it cannot be judged yet."
    )


class AdjudicationSerializer(serializers.Serializer):
    """An adjudicator's final decision on a disputed round: a verdict with known_on, or "too early"
    with next_look_on."""

    verdict = NullIfBlankChoiceField(choices=Verdict.choices, required=False, allow_null=True, default="")
    known_on = serializers.DateField(required=False, allow_null=True, default=None)
    next_look_on = serializers.DateField(required=False, allow_null=True, default=None)
    reasoning = serializers.CharField(allow_blank=True, help_text="Why, referring to the reviews.")
    evidence = EvidenceSerializer(many=True, required=False, default=list)


class UndoSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Why the verdict is withdrawn; recorded.")


class PartSerializer(serializers.Serializer):
    statement = serializers.CharField(help_text="The part, in the original language.")
    resolution_criteria = serializers.CharField(allow_blank=True)
    statement_en = serializers.CharField(required=False, allow_blank=True, default="")
    horizon_text = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=200,
        default=None,
        help_text="The part's horizon words; null or absent: the compound prediction's.",
    )

    def to_internal_value(self, data: Any) -> PartInput:
        return PartInput(**super().to_internal_value(data))


class SplitSerializer(serializers.Serializer):
    parts = PartSerializer(many=True, help_text="At least two; each keeps the compound prediction's spans.")


class LinkSerializer(serializers.ModelSerializer):
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
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

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
            "said_on": _iso(member.said_on),
            "due_earliest": _iso(member.due_earliest),
            "due_latest": _iso(member.due_latest),
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
