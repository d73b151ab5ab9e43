"""Sources: their metadata in lists, their canonical text on their own page."""

from __future__ import annotations

from rest_framework import serializers

from api.serializers.fields import ItemUrlField, StrictInput
from claims.models import Source


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


class SourceDetailSerializer(SourceSerializer):
    text = serializers.CharField(
        trim_whitespace=False,
        help_text="Canonical text (UTF-8, LF, NFC); span offsets count its code points. Stored "
        "canonicalized; refused once spans point into the source.",
    )
    sha256 = serializers.CharField(read_only=True, help_text="SHA-256 of the text's UTF-8 bytes.")

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text", "sha256"]
