"""Splitting a compound prediction into parts, each judged on its own."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.serializers.fields import StrictInput
from claims.services.parts import PartInput


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


class SplitSerializer(StrictInput, serializers.Serializer):
    parts = PartSerializer(many=True, help_text="At least two; each keeps the compound prediction's spans.")
