"""The readers' dashboard, mounted at the site root."""

from __future__ import annotations

from django.urls import path

from claims.feeds import DueFeed, SpeakerFeed, VerdictFeed
from claims.views import prediction
from claims.views.account import display_name
from claims.views.overview import overview
from claims.views.predictions import prediction_list
from claims.views.sources import source_detail
from claims.views.speakers import speaker_detail

app_name = "dashboard"

urlpatterns = [
    path("", overview, name="overview"),
    path("predictions/", prediction_list, name="prediction-list"),
    path("predictions/<int:pk>/", prediction.prediction_detail, name="prediction"),
    # The forms of the prediction page, one URL per action, each for one role.
    path("predictions/<int:pk>/outcomes/", prediction.prediction_record_outcome, name="record-outcome"),
    path("predictions/<int:pk>/too-early/", prediction.prediction_too_early, name="too-early"),
    path("predictions/<int:pk>/adjudication/", prediction.prediction_adjudicate, name="adjudicate"),
    path("predictions/<int:pk>/undo/", prediction.prediction_undo, name="undo"),
    path(
        "predictions/<int:pk>/clarifications/",
        prediction.prediction_add_clarification,
        name="add-clarification",
    ),
    path("predictions/<int:pk>/split/", prediction.prediction_split, name="split"),
    path("predictions/<int:pk>/correct/", prediction.prediction_correct, name="correct"),
    path("predictions/<int:pk>/links/", prediction.prediction_link, name="link"),
    path("sources/<int:pk>/", source_detail, name="source"),
    path("speakers/<int:pk>/", speaker_detail, name="speaker"),
    path("feeds/due.atom", DueFeed(), name="feed-due"),
    path("feeds/verdicts.atom", VerdictFeed(), name="feed-verdicts"),
    path("feeds/speakers/<int:pk>.atom", SpeakerFeed(), name="feed-speaker"),
    path("account/public-name/", display_name, name="display-name"),
]
