"""A NUL byte in the path or the query string is refused before any view runs.

No URL, slug, search or filter value of ours holds a NUL, and PostgreSQL refuses to compare a
string containing one ("PostgreSQL text fields cannot contain NUL (0x00) bytes"): left to the
views, every admin list filter, the admin search, the dashboard's filters and the API's lookups
would each be a 500 on PostgreSQL. A path with a NUL names nothing, so it is a 404; a parameter
with one is a 400 naming the parameter. Under /api/ both are in the API's error shape.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from api.errors import error_response, is_api, not_found

NUL = "\x00"


class NulByteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path_info:
            if is_api(request):
                return not_found(request)
            return defaults.page_not_found(request, Http404("The address contains a NUL character (%00)."))
        names = nul_parameters(request)
        if names:
            message = "contains a NUL character (%00), which no parameter accepts."
            if is_api(request):
                errors = {name: [message] for name in names}
                return error_response(400, f"The query parameter {names[0]!r} {message}", errors)
            return render(
                request, "400.html", {"reason": f"The query parameter {names[0]!r} {message}"}, status=400
            )
        return self.get_response(request)


def nul_parameters(request: HttpRequest) -> list[str]:
    """The query string's parameters whose name or a value holds a NUL, in order, printable."""
    return [
        name.replace(NUL, "%00")
        for name, values in request.GET.lists()
        if NUL in name or any(NUL in value for value in values)
    ]
