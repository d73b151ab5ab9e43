"""Page-number pagination with a page size the client chooses, up to a bound."""

from __future__ import annotations

from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    page_size_query_description = "Results per page (at most API_MAX_PAGE_SIZE, 200 by default)."

    # Read late so settings overrides apply. DRF only ever reads it; the stubs declare a plain
    # attribute, which a property may not replace as far as mypy knows.
    @property
    def max_page_size(self) -> int:  # type: ignore[override]
        return settings.API_MAX_PAGE_SIZE
