from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Hindsight curation"
admin.site.site_title = "Hindsight"
admin.site.index_title = "Sources, predictions and outcomes"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Extraction first: api.urls ends with a catch-all JSON 404 for every other /api/ path.
    path("api/", include("api.extraction_urls")),
    path("api/", include("api.urls")),
    path("", include("claims.urls")),
]
