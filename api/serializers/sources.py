"""Sources: their metadata in lists, their canonical text on their own page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import ItemUrlField, StrictInput
from claims.models import Source, SpanRole


class SourceSerializer(StrictInput, serializers.ModelSerializer):
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


class PagedTextField(serializers.CharField):
    """The text written whole; read whole only when it has at most SOURCE_PAGE_CHARS code points,
    else null: a longer text is read in ranges from `text_url`. (Null rather than the first page,
    so that a client sending back what it read can never cut a source short.)"""

    def get_attribute(self, instance: Source) -> str | None:
        if hasattr(instance, "short_text"):  # Source.objects.with_text_if_shorter
            return instance.short_text
        return instance.text if len(instance.text) <= settings.SOURCE_PAGE_CHARS else None


class PagedTextFieldSchema(OpenApiSerializerFieldExtension):
    """A string to write, a string or null to read."""

    target_class = PagedTextField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "response":
            schema["nullable"] = True
        return schema


@extend_schema_field(OpenApiTypes.URI)
class TextUrlField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="pk", read_only=True, **kwargs)

    def to_representation(self, value: int) -> str:
        path = reverse("api:source-text", args=[value])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class SourceDetailSerializer(SourceSerializer):
    text = PagedTextField(
        trim_whitespace=False,
        help_text="Canonical text (UTF-8, LF, NFC); span offsets count its code points. Stored "
        "canonicalized; refused once spans point into the source. Read: null when the text is "
        "longer than SOURCE_PAGE_CHARS code points (100,000 by default); read it from text_url.",
    )
    sha256 = serializers.CharField(read_only=True, help_text="SHA-256 of the text's UTF-8 bytes.")
    text_length = serializers.SerializerMethodField(help_text="The text's length in code points.")
    text_url = TextUrlField(help_text="The text in ranges, with the spans in each.")

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text", "sha256", "text_length", "text_url"]

    def get_text_length(self, source: Source) -> int:
        return source.text_length if hasattr(source, "text_length") else len(source.text)


class TextRangeSpanSerializer(serializers.Serializer):
    prediction = serializers.IntegerField(help_text="The prediction the span belongs to.")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    quote = serializers.CharField()
    role = serializers.ChoiceField(choices=SpanRole.choices)


class TextRangeSerializer(serializers.Serializer):
    """Code points [start, end) of a source's text, and the spans that overlap them."""

    # Named like an attribute of Field in the stubs; DRF's metaclass takes declared fields off the class.
    source = serializers.IntegerField()  # type: ignore[assignment]
    start = serializers.IntegerField(help_text="Code-point offset of the range's first character.")
    end = serializers.IntegerField(help_text="Code-point offset just past the range's last character.")
    length = serializers.IntegerField(help_text="The whole text's length in code points.")
    text = serializers.CharField(trim_whitespace=False)
    previous = serializers.URLField(allow_null=True, help_text="The range before this one, if any.")
    next = serializers.URLField(allow_null=True, help_text="The range after this one, if any.")
    spans = TextRangeSpanSerializer(
        many=True,
        help_text="Spans of visible predictions overlapping the range, by start; offsets are the "
        "text's, so a span may begin before the range or end after it.",
    )


class TextRangeQuerySerializer(serializers.Serializer):
    """?start=&end= of /api/sources/{id}/text/."""

    # Offsets go to the database's substr(), which takes a 32-bit integer; no text is that long.
    start = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, default=0, help_text="Code-point offset (default 0)."
    )
    end = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        help_text="Code-point offset past the range (default: start + SOURCE_PAGE_CHARS, or the end "
        "of the text). At most SOURCE_PAGE_CHARS code points a range.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        limit = settings.SOURCE_PAGE_CHARS
        start = attrs["start"]
        end = attrs.setdefault("end", start + limit)
        if end <= start:
            raise serializers.ValidationError({"end": [f"end ({end}) must be after start ({start})."]})
        if end - start > limit:
            raise serializers.ValidationError(
                {"end": [f"A range is at most {limit:,} code points; this one is {end - start:,}."]}
            )
        return attrs
