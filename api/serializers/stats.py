"""GET /api/stats/: counts, each speaker's track record and the review backlog."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.serializers.fields import ItemUrls, iso_date
from api.serializers.speakers import TrackRecordSerializer
from claims.services.backlog import Backlog
from claims.services.stats import TrackRecord


class SpeakerRecordSerializer(TrackRecordSerializer):
    speaker = serializers.IntegerField(source="speaker_id")
    speaker_name = serializers.CharField()
    speaker_url = serializers.URLField()

    # Only ever given a speaker's record (the stats list one per speaker), never a missing one.
    def to_representation(self, record: TrackRecord) -> dict[str, Any]:  # type: ignore[override]
        return {
            "speaker": record.speaker_id,
            "speaker_name": record.speaker_name,
            "speaker_url": ItemUrls(self, "speaker")(record.speaker_id),
            **TrackRecordSerializer().to_representation(record),
        }


class ReviewerLoadSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField(help_text='The public name: the display name, or "Reviewer #<id>".')
    waiting = serializers.IntegerField(help_text="Backlog predictions waiting on this reviewer's review.")


class BacklogSerializer(serializers.Serializer):
    """claims.services.backlog.Backlog."""

    waiting = serializers.IntegerField(
        help_text="Due and without a standing verdict (disputed ones included)."
    )
    disputed = serializers.IntegerField(help_text="Of which waiting for an adjudicator.")
    oldest_due_on = serializers.DateField(
        allow_null=True,
        help_text="The day the longest-waiting one came due: the day after its window closed, or the next "
        "look a 'too early' review set. Null when none waits.",
    )
    oldest_waiting_days = serializers.IntegerField(
        allow_null=True, help_text="Days it has waited since then."
    )
    reviewers = ReviewerLoadSerializer(
        many=True,
        allow_null=True,
        help_text="Every active reviewer, by username, for signed-in staff; null for everyone else, "
        "who see the totals only.",
    )

    def to_representation(self, backlog: Backlog) -> dict[str, Any]:
        return {
            "waiting": backlog.waiting,
            "disputed": backlog.disputed,
            "oldest_due_on": iso_date(backlog.oldest_due_on),
            "oldest_waiting_days": backlog.oldest_waiting_days,
            "reviewers": None
            if backlog.reviewers is None
            else [
                {"username": load.username, "display_name": load.display_name, "waiting": load.waiting}
                for load in backlog.reviewers
            ],
        }


class RecordHeadSerializer(serializers.Serializer):
    """claims.models.record.RecordHead: the head of the public record's hash chain."""

    entries = serializers.IntegerField(
        help_text="Entries in the record: every review event, piece of evidence and clarification, one each."
    )
    head = serializers.CharField(
        source="hash",
        help_text="SHA-256 (hex) of the last entry, which chains every entry before it; 64 zeros while "
        "the record is empty. Keep it: `manage.py verify_record --head ENTRIES:HEAD` later checks that "
        "nothing up to it changed.",
    )


class StatsSerializer(serializers.Serializer):
    predictions = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField(), help_text="Every status, zeros too.")
    by_verdict = serializers.DictField(
        child=serializers.IntegerField(), help_text="Current verdicts of resolved predictions."
    )
    speakers = SpeakerRecordSerializer(many=True)
    backlog = BacklogSerializer(help_text="The review backlog today.")
    record = RecordHeadSerializer(help_text="The head of the tamper-evident public record.")
