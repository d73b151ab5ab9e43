"""The API under /api/ answers in English, whatever language the dashboard shows.

Its error messages and field texts are a contract clients match on, and DRF marks its own texts
for translation: LocaleMiddleware (just before this) would otherwise answer a browser that asks
for Chinese with Chinese errors.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


class EnglishApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        return self.get_response(request)
