"""Candidate extraction under /api/ (api/extraction.py)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from api import extraction

app_name = "extraction"

router = SimpleRouter()
router.register("candidates", extraction.CandidateViewSet, basename="candidate")

urlpatterns = [
    path("sources/<int:pk>/extract/", extraction.ExtractSourceView.as_view(), name="source-extract"),
    path("sources/<int:pk>/candidates/", extraction.SourceCandidatesView.as_view(), name="source-candidates"),
    path("extraction-tasks/<str:task_id>/", extraction.ExtractionStatusView.as_view(), name="task-status"),
    *router.urls,
]
