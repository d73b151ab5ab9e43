"""Everything under /api/: the resources, the exports, the schema and its two viewers."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from api.errors import NOT_FOUND_URL_NAME, not_found
from api.views.exports import PredictionCSVExportView, PredictionJSONLinesExportView
from api.views.predictions import PredictionViewSet
from api.views.sources import SourceViewSet
from api.views.speakers import SpeakerViewSet
from api.views.stats import StatsView
from api.views.topics import TopicViewSet

app_name = "api"


class Router(DefaultRouter):
    """DefaultRouter whose root (/api/) also links the endpoints that are not viewsets."""

    EXTRA_LINKS = {
        "stats": "stats",
        "export_csv": "prediction-export-csv",
        "export_jsonl": "prediction-export-jsonl",
        "schema": "schema",
        "docs": "docs",
        "redoc": "redoc",
    }

    def get_api_root_view(self, api_urls=None):
        api_root_dict = {
            prefix: self.routes[0].name.format(basename=basename) for prefix, _, basename in self.registry
        }
        return self.APIRootView.as_view(api_root_dict={**api_root_dict, **self.EXTRA_LINKS})


router = Router()
router.register("predictions", PredictionViewSet, basename="prediction")
router.register("sources", SourceViewSet, basename="source")
router.register("speakers", SpeakerViewSet, basename="speaker")
router.register("topics", TopicViewSet, basename="topic")

urlpatterns = [
    path("predictions/export.csv", PredictionCSVExportView.as_view(), name="prediction-export-csv"),
    path(
        "predictions/export.jsonl",
        PredictionJSONLinesExportView.as_view(),
        name="prediction-export-jsonl",
    ),
    path("stats/", StatsView.as_view(), name="stats"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # ReDoc inserts style elements before it can be given the nonce: inline styles, on this page only.
    path(
        "redoc/",
        csp_replace({"style-src": [SELF, UNSAFE_INLINE]})(
            SpectacularRedocView.as_view(url_name="api:schema")
        ),
        name="redoc",
    ),
    *router.urls,
    # Last: any other /api/ path gets a JSON 404 instead of the site's HTML page.
    re_path(r"^.*$", not_found, name=NOT_FOUND_URL_NAME),
]
