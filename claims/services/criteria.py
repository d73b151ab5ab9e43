"""Resolution criteria: editable until the first review, then only clarified."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext

from claims.models import Clarification, Prediction
from claims.services.record import append_to_record


def add_clarification(
    *, prediction: Prediction, author: User | None, text: str, now: dt.datetime
) -> Clarification:
    """Append a clarification to the criteria, with its author and date; it never replaces them.

    It is part of the prediction as programs read it, so the prediction's version moves on (an
    API client holding the old ETag must fetch it again); `now` is written as its updated_at."""
    if not text.strip():
        raise ValidationError({"text": gettext("Write the clarification.")})
    if not prediction.resolution_criteria:
        raise ValidationError(
            {
                "text": gettext("Prediction #%(id)s has no resolution criteria yet: write them instead.")
                % {"id": prediction.pk}
            }
        )
    clarification = Clarification(prediction=prediction, author=author, text=text.strip())
    clarification.full_clean(exclude=["prediction", "author"])
    with transaction.atomic():
        # The prediction's row lock first, the record's chain lock last, as every writer of the
        # record takes them: the other order deadlocks against a review of the same prediction.
        Prediction.objects.filter(pk=prediction.pk).update(version=F("version") + 1, updated_at=now)
        clarification.save()
        append_to_record(clarification)
    prediction.refresh_from_db(fields=["version", "updated_at"])
    return clarification
