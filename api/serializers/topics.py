"""Topics: their slugs filter and tag predictions."""

from __future__ import annotations

from rest_framework import serializers

from claims.models import Topic


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]
