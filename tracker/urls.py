from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Hindsight curation"
admin.site.site_title = "Hindsight"
admin.site.index_title = "Sources, predictions and outcomes"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("api/", include("api.extraction_urls")),
    path("", include("claims.urls")),
]
