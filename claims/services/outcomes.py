"""Recording what happened: append an outcome and resolve the prediction in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.models import Outcome, Prediction, Status


def record_outcome(
    *,
    prediction: Prediction,
    verdict: str,
    known_on: dt.date,
    reviewer: AbstractBaseUser | None,
    evidence_urls: Sequence[str] = (),
    note: str = "",
) -> Outcome:
    """Append an outcome; it becomes the current verdict and the prediction is resolved.

    1. Lock the prediction row so two reviewers recording at once are serialized.
    2. Refuse drafts and withdrawn predictions (there is nothing to judge).
    3. Insert the outcome; earlier outcomes stay as history.
    4. Set status, verdict and version in one UPDATE in the same transaction.
    """
    with transaction.atomic():
        locked = Prediction.objects.select_for_update().get(pk=prediction.pk)
        if locked.status in (Status.DRAFT, Status.WITHDRAWN):
            raise ValidationError(
                f"Prediction #{locked.pk} is {locked.get_status_display().lower()}: "
                "open it before recording an outcome."
            )
        outcome = Outcome(
            prediction=locked,
            verdict=verdict,
            known_on=known_on,
            evidence_urls=list(evidence_urls),
            note=note,
            reviewer=reviewer,
        )
        outcome.full_clean()
        outcome.save()
        Prediction.objects.filter(pk=locked.pk).update(
            status=Status.RESOLVED,
            verdict=verdict,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    prediction.refresh_from_db(fields=["status", "verdict", "version"])
    return outcome
