"""The readers' dashboard, mounted at the site root."""

from __future__ import annotations

from django.urls import path

from claims.views.overview import overview
from claims.views.prediction import prediction_detail, prediction_record_outcome
from claims.views.predictions import prediction_list
from claims.views.sources import source_detail
from claims.views.speakers import speaker_detail

app_name = "dashboard"

urlpatterns = [
    path("", overview, name="overview"),
    path("predictions/", prediction_list, name="prediction-list"),
    path("predictions/<int:pk>/", prediction_detail, name="prediction"),
    path("predictions/<int:pk>/outcomes/", prediction_record_outcome, name="record-outcome"),
    path("sources/<int:pk>/", source_detail, name="source"),
    path("speakers/<int:pk>/", speaker_detail, name="speaker"),
]
