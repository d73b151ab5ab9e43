"""Resolution criteria: editable until the first review, then only clarified."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from claims.models import Clarification, Prediction


def add_clarification(*, prediction: Prediction, author: AbstractBaseUser | None, text: str) -> Clarification:
    """Append a clarification to the criteria, with its author and date; it never replaces them."""
    if not text.strip():
        raise ValidationError({"text": "Write the clarification."})
    if not prediction.resolution_criteria:
        raise ValidationError(
            {"text": f"Prediction #{prediction.pk} has no resolution criteria yet: write them instead."}
        )
    clarification = Clarification(prediction=prediction, author=author, text=text.strip())
    clarification.full_clean(exclude=["prediction", "author"])
    clarification.save()
    return clarification
