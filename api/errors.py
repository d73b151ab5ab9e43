"""One error shape for every API response that is not a success.

    {"detail": "one sentence for a human", "errors": {"field": ["what is wrong with it", ...]}}

`errors` is empty when the problem is not about a field (401, 403, 404, 405, 412, 429...).
Nested errors are flattened so a client never has to walk lists of dicts: an error in the
second span reads `{"spans": ["span 2, source: ..."]}`, the same wording create_prediction uses.

DRF's handler (`exception_handler`) shapes what the API views raise. What is refused before a
view runs, or outside DRF, goes through Django's handlers, which tracker/urls.py points at
`bad_request`, `permission_denied`, `page_not_found` and `server_error` here: under /api/ they
answer in this shape, elsewhere with the site's pages. They serve with DEBUG off; with DEBUG on
Django shows its debug pages instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.conflicts import is_state_conflict

NON_FIELD = "non_field_errors"
NOT_FOUND_URL_NAME = "api-not-found"
API_PREFIX = "/api/"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


class PreconditionFailed(exceptions.APIException):
    """If-Match named a version that is no longer current (RFC 9110 §13.1.1)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you read it."
    default_code = "precondition_failed"

    def __init__(self, detail: str, *, etag: str) -> None:
        super().__init__(detail)
        # The current ETag: what the client should send after fetching the resource again.
        self.headers = {"ETag": etag}


class PreconditionRequired(exceptions.APIException):
    """An update without If-Match or version could silently overwrite someone else's change."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send the version you read, as If-Match or as a version field."
    default_code = "precondition_required"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"

    def __init__(
        self,
        detail: str,
        *,
        errors: Mapping[str, list[str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.errors = dict(errors or {})
        self.headers = dict(headers or {})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError) and is_state_conflict(exc):
        # The request is well formed but the resource's state refuses it (claims.conflicts).
        body = validation_body(django_error_detail(exc))
        exc = Conflict(body["detail"], errors=body["errors"])
    elif isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; it is the client's input, never a 500.
        exc = exceptions.ValidationError(django_error_detail(exc))
    elif isinstance(exc, RequestDataTooBig):
        # Raised when a view first reads the body: answered here, so it is JSON even with DEBUG on.
        exc = PayloadTooLarge(body_too_large_detail())
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(too_many_parts_detail(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = validation_body(exc.detail)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"detail": str(detail), "errors": getattr(exc, "errors", {})}
    for name, value in getattr(exc, "headers", {}).items():
        response[name] = value
    return response


def django_error_detail(exc: DjangoValidationError) -> dict[str, list[str]] | list[str]:
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return list(exc.messages)


def validation_body(detail: Any) -> dict[str, Any]:
    """{"detail", "errors"} for a DRF ValidationError's detail (a dict, a list or a string)."""
    if isinstance(detail, Mapping):
        errors = flatten_errors(detail)
    else:
        errors = {NON_FIELD: [str(m) for m in (detail if isinstance(detail, list) else [detail])]}
    general = errors.pop(NON_FIELD, [])
    problems = [f"{field}: {message}" for field, messages in errors.items() for message in messages]
    if general:
        summary = " ".join(general)
    elif len(problems) == 1:
        summary = problems[0]
    else:
        summary = f"{len(problems)} problems, in {', '.join(errors)}: see errors."
    return {"detail": summary, "errors": errors}


def flatten_errors(detail: Mapping[str, Any], prefix: str = "") -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, value in detail.items():
        key = f"{prefix}{field}"
        if isinstance(value, Mapping) and set(value) == {NON_FIELD}:
            errors[key] = [str(m) for m in value[NON_FIELD]]  # about a list as a whole
        elif isinstance(value, Mapping) and all(isinstance(index, int) for index in value):
            # A list field's errors, keyed by the position of each invalid element.
            label = field[:-1] if field.endswith("s") else field
            errors[key] = [
                message
                for index, item in sorted(value.items())
                for message in _item_messages(label, index, item)
            ]
        elif isinstance(value, Mapping):
            errors.update(flatten_errors(value, prefix=f"{key}."))
        elif isinstance(value, list) and any(isinstance(item, Mapping | list) for item in value):
            # Older DRF shape: one entry per element, empty for the valid ones.
            label = field[:-1] if field.endswith("s") else field
            errors[key] = [
                message
                for index, item in enumerate(value)
                if item
                for message in _item_messages(label, index, item)
            ]
        else:
            errors[key] = [str(m) for m in (value if isinstance(value, list) else [value])]
    return errors


def _item_messages(label: str, index: int, item: Any) -> list[str]:
    where = f"{label} {index + 1}"
    if isinstance(item, Mapping):
        return [f"{where}, {sub}: {m}" for sub, messages in flatten_errors(item).items() for m in messages]
    return [f"{where}: {m}" for m in (item if isinstance(item, list) else [item])]


def error_response(
    status_code: int, detail: str, errors: Mapping[str, list[str]] | None = None
) -> JsonResponse:
    """The error shape, for the responses made outside DRF's views."""
    return JsonResponse({"detail": detail, "errors": dict(errors or {})}, status=status_code)


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def body_too_large_detail() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return (
        f"The request body is larger than the {limit} bytes ({limit / 1024 / 1024:.1f} MiB) this server "
        "accepts (DATA_UPLOAD_MAX_MEMORY_SIZE). Send less in one request."
    )


def too_many_parts_detail(exc: TooManyFieldsSent | TooManyFilesSent) -> str:
    if isinstance(exc, TooManyFilesSent):
        return f"The form sends more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files (DATA_UPLOAD_MAX_NUMBER_FILES)."
    return f"The request sends more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields (DATA_UPLOAD_MAX_NUMBER_FIELDS)."


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: what Django refuses itself (SuspiciousOperation, BadRequest) before or
    outside a DRF view."""
    if not is_api(request):
        if isinstance(exception, RequestDataTooBig):
            # The site's pages say why too, rather than a bare "Bad Request (400)".
            return HttpResponse(body_too_large_detail(), status=413, content_type="text/plain; charset=utf-8")
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return error_response(413, body_too_large_detail())
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return error_response(400, too_many_parts_detail(exception))
    if isinstance(exception, DisallowedHost):
        # Not the header's value: it is the client's own, and naming it helps no one but a prober.
        return error_response(400, "The Host header names a host this server does not answer for.")
    return error_response(400, "The request is malformed and was refused before reaching an endpoint.")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not is_api(request):
        return defaults.permission_denied(request, exception)
    return error_response(403, str(exception) or "You do not have permission to do this.")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not is_api(request):
        return defaults.page_not_found(request, exception)
    return not_found(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: no traceback and no exception text, which may hold data; the log has both."""
    if not is_api(request):
        return defaults.server_error(request)
    return error_response(
        500, "The server failed to answer this request. The error is logged; try again later."
    )


# Exempt: it changes nothing, and a POST to a path that names no endpoint is a 404, not a
# CSRF 403 for a form that does not exist.
@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """JSON 404 for any /api/ path that names no endpoint, with a hint for a missing slash."""
    detail = f"No API endpoint at {request.path}."
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != NOT_FOUND_URL_NAME:
            detail += f" API URLs end with a slash: {request.path}/"
    detail += " The endpoints are listed at /api/ and documented at /api/docs/."
    return JsonResponse({"detail": detail, "errors": {}}, status=404)
