"""Speakers, each with their track record."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import ItemUrlField, StrictInput
from claims.models import Speaker
from claims.services.stats import TrackRecord


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
        names = self.fields.keys()  # the stubs have a BindingDict iterate over fields, not names
        if record is None:
            return {**dict.fromkeys(names, 0), "hit_rate": None, "brier_score": None}
        data = {name: getattr(record, name) for name in names}
        for name in ("hit_rate", "brier_score"):
            if data[name] is not None:
                data[name] = round(data[name], 4)
        return data


class SpeakerSerializer(StrictInput, serializers.ModelSerializer):
    url = ItemUrlField("speaker")
    track_record = serializers.SerializerMethodField()

    class Meta:
        model = Speaker
        fields = ["id", "url", "name", "aliases", "role", "track_record"]

    @extend_schema_field(TrackRecordSerializer)
    def get_track_record(self, speaker: Speaker) -> dict[str, Any]:
        records = self.context.get("track_records", {})
        return TrackRecordSerializer().to_representation(records.get(speaker.pk))
