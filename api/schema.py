"""drf-spectacular's AutoSchema, plus the error responses each operation really gives.

Every error has the shape of ErrorSerializer (api/errors.py); documenting them per operation
lets schemathesis check error bodies against the schema too.
"""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.db import connection
from drf_spectacular import openapi
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from api.filters import PredictionFilterBackend
from api.permissions import ReadOr
from api.serializers.fields import StrictInput
from claims.dates import plausible_bounds, validate_plausible_date
from claims.filters import PredictionFilter

# Ids are bigint primary keys: 1 up to the largest 64-bit integer. A path id beyond that is a 404.
ID_MINIMUM = 1
ID_MAXIMUM = 2**63 - 1

# Writes the review record or the frozen criteria may refuse for the prediction's state: reviewed
# already in this round, resolved, disputed, not reviewed yet, reviewed before a split (claims.conflicts).
REVIEW_ACTIONS = ("/outcomes/", "/too-early/", "/adjudication/", "/undo/", "/corrections/", "/split/")

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: errors says which field and why.",
    "401": "No credentials, or invalid ones (send Authorization: Token <key>).",
    "403": "Authenticated, but without the role this needs (curators write, reviewers review, "
    "adjudicators adjudicate and undo).",
    "404": "No such resource (or page).",
    "409": "Conflict with the resource's current state: a stale version in the body, a text that is "
    "already stored or that spans point into, a candidate that was decided already, a review the "
    "record refuses now (reviewed already in this round, resolved, disputed, not reviewed yet).",
    "412": "If-Match names a version that is no longer current; ETag gives the current one.",
    "428": "An update must say which version it changes: If-Match or version.",
    "429": "Too many requests; Retry-After says when to try again.",
}


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    # Named like an attribute of Serializer in the stubs; DRF's metaclass takes declared fields off the class.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field; empty when the error is not about a field.",
    )


def _key_range(key_filter: Any) -> dict[str, Any]:
    """An id filter's bounds: its column's range, beyond which KeyField refuses the value (an id
    within it that names no row matches no prediction)."""
    pk = key_filter.queryset.model._meta.pk
    low, high = connection.ops.integer_field_range(pk.get_internal_type())
    return {"format": "int64", "minimum": low, "maximum": high}


class AutoSchema(openapi.AutoSchema):
    def get_auth(self) -> list[dict[str, Any]]:
        auth = super().get_auth()
        if self.method.upper() in ("GET", "HEAD") and settings.API_PUBLIC_READ and {} not in auth:
            auth.append({})  # reading needs no credentials
        return auth

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code in self.error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, ["application/json"], direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_parameters()
        filters = self._is_list_view() and any(
            issubclass(backend, PredictionFilterBackend) for backend in self.get_filter_backends()
        )
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if parameter["in"] == "path" and schema.get("type") == "integer":
                schema.update(format="int64", minimum=ID_MINIMUM, maximum=ID_MAXIMUM)
            # django-filter reads an empty value as "not given" (the dashboard's form sends every
            # field, filled or not, and its query string works here as well).
            if filters and parameter["in"] == "query" and parameter["name"] in PredictionFilter.base_filters:
                parameter["allowEmptyValue"] = True
                if schema.get("type") == "integer":
                    schema.update(_key_range(PredictionFilter.base_filters[parameter["name"]]))
        return parameters

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # A list that may not be empty (a prediction's spans, a corpus run's paths) says so.
        if (
            direction == "request"
            and isinstance(field, (serializers.ListField, serializers.ListSerializer))
            and not field.allow_empty
            and schema.get("type") == "array"
        ):
            schema["minItems"] = max(schema.get("minItems", 0), 1)
        # A list with a floor of its own (a split's two parts); drf-spectacular maps min_length for
        # ListField but not for a nested serializer's list.
        if direction == "request" and getattr(field, "min_length", None) and schema.get("type") == "array":
            schema["minItems"] = max(schema.get("minItems", 0), field.min_length)
        # A plausible date's range is a setting (claims/dates.py); JSON Schema has no bound for a
        # date, so the description gives it.
        if direction == "request" and validate_plausible_date in getattr(field, "validators", []):
            earliest, latest = plausible_bounds()
            bounds = f"From {earliest.isoformat()} to {latest.isoformat()} (plausible dates)."
            schema["description"] = (
                f"{schema['description']} {bounds}" if schema.get("description") else bounds
            )
        return schema

    def _map_serializer(
        self, serializer: Any, direction: str, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        # StrictInput refuses a field the resource does not have, so the request body says so too.
        if direction == "request" and isinstance(serializer, StrictInput) and schema.get("type") == "object":
            schema["additionalProperties"] = False
        return schema

    def reads_are_public(self) -> bool:
        """Whether every permission of the view lets anyone read (ReadOr); candidate extraction
        and corpus runs are read by curators only, so a reviewer's read is a 403."""
        return all(isinstance(permission, (ReadOr, AllowAny)) for permission in self.view.get_permissions())

    def error_codes(self) -> list[str]:
        method = self.method.upper()
        has_id = "{" in self.path
        codes = ["401", "429"]
        writes = method in ("POST", "PUT", "PATCH", "DELETE")
        if writes or not self.reads_are_public():
            codes.append("403")
        if writes:
            codes.append("400")
        elif self._is_list_view():
            codes += ["400", "404"]  # a bad filter or ordering; a page past the end
        elif self.get_override_parameters():
            codes.append("400")  # a query parameter out of its range (an export's bom, a text's start)
        if has_id:
            codes.append("404")
        if method in ("PUT", "PATCH") or self.path.endswith("/withdraw/"):
            codes += ["409", "412", "428"]
        if method == "POST" and self.path.endswith(("/accept/", "/reject/")):
            codes.append("409")  # the candidate was decided already
        if method == "POST" and self.path.endswith(REVIEW_ACTIONS):
            codes.append("409")  # the review record refuses it now (claims.conflicts)
        if method == "POST" and self.path.rstrip("/").endswith("/sources"):
            codes.append("409")
        return sorted(set(codes))
