"""Page-number pagination with a page size the client chooses, up to a bound."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    page_size_query_description = "Results per page (at most API_MAX_PAGE_SIZE, 200 by default)."

    # Read late so settings overrides apply. DRF only ever reads it; the stubs declare a plain
    # attribute, which a property may not replace as far as mypy knows.
    @property
    def max_page_size(self) -> int:  # type: ignore[override]
        return settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        """A page_size that is not a whole number in 1..max_page_size is a 400 naming it: DRF would
        silently fall back to the default, and the client would never know its size was ignored."""
        raw = request.query_params.get(self.page_size_query_param or "page_size")
        if raw is None:
            return self.page_size or settings.API_PAGE_SIZE
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError({"page_size": [f"Use a whole number from 1 to {self.max_page_size}."]})
        return size

    def get_page_number(self, request: Request, paginator: Any) -> int:
        """A page that is not a whole number from 1 (or "last") is a 400 naming it: DRF reads an
        empty one as page 1 and answers anything else with a 404 as if the page were past the end."""
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if raw in self.last_page_strings:
            return paginator.num_pages
        if not raw.isdecimal() or int(raw) < 1:
            raise ValidationError({self.page_query_param: [f"{raw!r}: use a whole number from 1."]})
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters
