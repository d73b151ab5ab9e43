"""Clarifications: notes appended to a prediction's resolution criteria once they froze."""

from __future__ import annotations

from rest_framework import serializers

from api.serializers.fields import PublicNameField, StrictInput
from claims.models import Clarification


class ClarificationSerializer(StrictInput, serializers.ModelSerializer):
    """A note appended to frozen resolution criteria; append-only."""

    text = serializers.CharField(allow_blank=True, help_text="What the criteria mean, said more precisely.")
    author = PublicNameField(allow_null=True, help_text="The curator's public name.")

    class Meta:
        model = Clarification
        fields = ["text", "author", "added_at"]
        read_only_fields = ["added_at"]
