"""Splitting a compound prediction into parts, each judged on its own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
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
    # many=True makes a ListSerializer, which takes min_length; the stubs only know Serializer's kwargs.
    parts = PartSerializer(  # type: ignore[call-arg]
        many=True,
        min_length=2,
        # The service's own words (claims.services.parts), so both faces refuse alike.
        error_messages={"min_length": gettext_lazy("Split into at least two parts.")},
        help_text="At least two; each keeps the compound prediction's spans.",
    )
