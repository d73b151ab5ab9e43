"""A prediction's spans: where in a source its words are."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from claims.models import Source, Span, SpanRole
from claims.services.predictions import SpanInput
from claims.spans import canonicalize_quote


class SpanSerializer(serializers.ModelSerializer):
    """A span by offsets, by quote alone, or both; the quote decides (claims.spans.resolve_span)."""

    # Named like an attribute of Field in the stubs; DRF's metaclass takes declared fields off the class.
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())  # type: ignore[assignment]
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
        if "source" not in values:
            # A PATCH makes every nested field optional (partial), but a span without its source
            # points nowhere: the same refusal as on a create.
            raise serializers.ValidationError({"source": [self.fields["source"].error_messages["required"]]})
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
