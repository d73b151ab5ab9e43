"""Which predictions a request sees."""

from __future__ import annotations

from rest_framework.request import Request

from api.permissions import request_is_curator
from claims.models import Prediction
from claims.querysets import PredictionQuerySet


def visible_predictions(request: Request) -> PredictionQuerySet:
    """Curators see drafts; everyone else sees what the dashboard shows."""
    predictions = Prediction.objects.all()
    return predictions if request_is_curator(request) else predictions.public()
