"""A prediction's edit history: who changed which fields of it, its spans and its links, when."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import EditAction, EditedType, EditRecord, Face, public_name


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "array", "minItems": 2, "maxItems": 2, "items": {}},
        "description": 'Each changed field with its value before and after: {"statement": ["old", "new"]}. '
        "null where the object did not exist (added or removed). Dates are ISO strings; a related "
        'object is {"id": 3, "name": "…"}; topics a list of slugs.',
        "example": {"horizon_text": ["几年", "2030年"], "due_latest": ["2028-12-31", "2030-12-31"]},
    }
)
class ChangesField(serializers.JSONField):
    pass


class EditRecordSerializer(serializers.ModelSerializer):
    object_type = serializers.ChoiceField(
        choices=EditedType.choices, help_text="prediction, span or link (of this prediction)."
    )
    action = serializers.ChoiceField(choices=EditAction.choices)
    face = serializers.ChoiceField(choices=Face.choices, help_text="Where the edit was made.")
    actor = serializers.SerializerMethodField(help_text="Who made it, by public name; null for a command.")
    changes = ChangesField()

    class Meta:
        model = EditRecord
        fields = ["id", "at", "actor", "face", "object_type", "object_id", "action", "changes"]
        read_only_fields = fields

    def get_actor(self, record: EditRecord) -> str | None:
        return public_name(record.actor) or None


class HistorySerializer(serializers.Serializer):
    prediction = serializers.IntegerField()
    edits = EditRecordSerializer(many=True, help_text="Oldest first.")
