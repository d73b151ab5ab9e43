"""Clarifications: notes appended to a prediction's resolution criteria once they froze."""

from __future__ import annotations

from django.contrib.auth.models import User
from rest_framework import serializers

from claims.models import Clarification


class ClarificationSerializer(serializers.ModelSerializer):
    """A note appended to frozen resolution criteria; append-only."""

    text = serializers.CharField(allow_blank=True, help_text="What the criteria mean, said more precisely.")
    author: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Clarification
        fields = ["text", "author", "added_at"]
        read_only_fields = ["added_at"]
