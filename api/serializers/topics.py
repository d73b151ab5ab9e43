"""Topics: their slugs filter and tag predictions."""

from __future__ import annotations

from rest_framework import serializers

from api.serializers.fields import StrictInput
from claims.models import Topic


class TopicSerializer(StrictInput, serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]
