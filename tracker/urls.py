from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from claims.views.account import set_language

admin.site.site_header = _("Hindsight curation")
admin.site.site_title = "Hindsight"
admin.site.index_title = _("Sources, predictions and outcomes")

# Under /api/ these answer in the API's error shape, elsewhere with the site's pages.
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"

urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name none (the admin's). Lazy: the hashed name
    # is known only once collectstatic has run.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("hindsight/favicon.svg"))),
    # The language switcher posts here; the choice is kept in Django's language cookie, and for
    # a signed-in user in their profile (the digest's language).
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # Extraction first: api.urls ends with a catch-all JSON 404 for every other /api/ path.
    path("api/", include("api.extraction_urls")),
    path("api/", include("api.urls")),
    path("", include("claims.urls")),
]
