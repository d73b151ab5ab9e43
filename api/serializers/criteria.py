"""Clarifications: notes appended to a prediction's resolution criteria once they froze."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from api.serializers.fields import PublicNameField, StrictInput
from claims.models import Clarification

NOT_BLANK = r"\S"


class ClarificationSerializer(StrictInput, serializers.ModelSerializer):
    """A note appended to frozen resolution criteria; append-only."""

    # A blank text is refused in clarification_add's words. The pattern says "not only spaces" in the
    # schema; the text is trimmed before validators run, so the validator itself never refuses.
    text = serializers.CharField(
        error_messages={"blank": gettext_lazy("Write the clarification.")},
        validators=[RegexValidator(NOT_BLANK)],
        help_text="What the criteria mean, said more precisely.",
    )
    author = PublicNameField(allow_null=True, help_text="The curator's public name.")

    class Meta:
        model = Clarification
        fields = ["text", "author", "added_at"]
        read_only_fields = ["added_at"]
