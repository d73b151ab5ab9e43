"""Candidate extraction under /api/ (api/extraction.py), and corpus runs (api/corpus.py)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from api import corpus, extraction

app_name = "extraction"

router = SimpleRouter()
router.register("candidates", extraction.CandidateViewSet, basename="candidate")
router.register("corpus-runs", corpus.CorpusRunViewSet, basename="corpus-run")

urlpatterns = [
    path("sources/<int:pk>/extract/", extraction.ExtractSourceView.as_view(), name="source-extract"),
    path("sources/<int:pk>/candidates/", extraction.SourceCandidatesView.as_view(), name="source-candidates"),
    path("extraction-tasks/<str:task_id>/", extraction.ExtractionStatusView.as_view(), name="task-status"),
    *router.urls,
]
