"""Field types and formats the resources share: item URLs, choices stored blank and shown
null, and dates and times written the way DRF writes them."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, cast

from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from claims.models.reviewers import public_name


def collection_url(request: Request | None, name: str) -> str:
    """Absolute URL of a list endpoint; an item's URL is this plus "<id>/"."""
    path = reverse(f"api:{name}-list")
    return request.build_absolute_uri(path) if request is not None else path


def shared_context(serializer: serializers.BaseSerializer) -> dict[str, Any]:
    """The context of the serializer's root, which all of a response's serializers share: a dict,
    where the stubs say a read-only Mapping (the page's serializers keep their caches in it)."""
    return cast(dict[str, Any], serializer.context)


class ItemUrls:
    """Builds item URLs from one reverse() per request instead of one per row."""

    def __init__(self, serializer: serializers.BaseSerializer, name: str) -> None:
        cache = shared_context(serializer).setdefault("_collection_urls", {})
        if name not in cache:
            cache[name] = collection_url(serializer.context.get("request"), name)
        self.base = cache[name]

    def __call__(self, pk: int) -> str:
        return f"{self.base}{pk}/"


@extend_schema_field(OpenApiTypes.URI)
class ItemUrlField(serializers.Field):
    """The resource's own API URL (read-only)."""

    def __init__(self, name: str, **kwargs: Any) -> None:
        self.collection = name
        super().__init__(source="pk", read_only=True, **kwargs)

    def to_representation(self, value: int) -> str:
        return ItemUrls(self.parent, self.collection)(value)


class NullIfBlankChoiceField(serializers.ChoiceField):
    """A choice stored as "" when absent, shown as null (verdict, confidence)."""

    # None, which DRF renders as null, where the stubs allow the choice's str only.
    def to_representation(self, value: str) -> str | None:  # type: ignore[override]
        return value or None

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if data is None or data == "":
            return True, ""
        return super().validate_empty_values(data)


def iso_date(day: dt.date | None) -> str | None:
    """As DRF's DateField shows a day: YYYY-MM-DD."""
    return day.isoformat() if day is not None else None


def iso_datetime(moment: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    """As DRF's DateTimeField shows it: in the current time zone `tz`, ISO 8601, UTC as Z."""
    if moment is None:
        return None
    text = (moment.astimezone(tz) if moment.tzinfo is not None else moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# Django's slug_re, in JSON Schema's dialect (no \Z).
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


@extend_schema_field({"type": "string", "pattern": SLUG_PATTERN, "maxLength": 50})
class SlugKeyField(serializers.SlugRelatedField):
    """A related row named by its slug. A value that cannot be a slug names no row: refused before
    the lookup, which PostgreSQL would fail on for a NUL byte (a 500)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or not re.fullmatch(SLUG_PATTERN, data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:100])
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.STR)
class PublicNameField(serializers.Field):
    """A user as the public sees them: the display name or "Reviewer #<id>", never the username
    (claims.models.reviewers). Load `<user>__reviewer_profile` with the rows."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: User) -> str:
        return public_name(value)


class StrictInput:
    """Refuse what a client cannot write instead of dropping it silently: a read-only field sent
    with another value than the stored one, and a field the resource does not have. A read-only
    field sent back as it was read is accepted, so a client may PUT what it got from GET.

    Mixed into the serializers a request body goes to (before serializers.Serializer in the
    bases); nested serializers are checked by their root's field list only.
    """

    def to_internal_value(self, data: Any) -> Any:
        serializer = cast(serializers.Serializer, self)
        if isinstance(data, dict) and serializer.root is serializer:
            errors = self.refused_fields(serializer, data)
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]

    @staticmethod
    def refused_fields(serializer: serializers.Serializer, data: dict[str, Any]) -> dict[str, list[str]]:
        fields = serializer.fields
        writable = sorted(name for name, field in fields.items() if not field.read_only)
        errors: dict[str, list[str]] = {}
        for name, value in data.items():
            field = fields.get(name)
            if field is None:
                errors[name] = [
                    f"Unknown field: nothing here is called «{name}». The fields you can send: "
                    f"{', '.join(writable) or 'none'}."
                ]
            elif field.read_only and not _as_stored(serializer, field, value):
                errors[name] = [
                    "This field is read-only: the server sets it. Leave it out, or send it as you read it."
                ]
            else:
                problem = _wrong_type(field, value)
                if problem:
                    errors[name] = [problem]
        return errors


def _wrong_type(field: serializers.Field | None, value: Any) -> str:
    """Why `value` is not of the JSON type a text or boolean field takes, or "": DRF's CharField
    turns 0 into "0" and its BooleanField 0 into false, so a client's wrong type would be stored.
    Looks into lists and nested objects, whose fields the root's check does not see."""
    if value is None or field is None:
        return ""
    if isinstance(field, serializers.BooleanField):
        return (
            "" if isinstance(value, bool) else f"Not a boolean: send true or false, not {_json_type(value)}."
        )
    if isinstance(field, serializers.CharField):
        return (
            "" if isinstance(value, str) else f"Not a text: send a string in quotes, not {_json_type(value)}."
        )
    if isinstance(field, (serializers.ListField, serializers.ListSerializer)) and isinstance(value, list):
        children = [(field.child, item) for item in value]
    elif isinstance(field, serializers.Serializer) and isinstance(value, dict):
        nested = field.fields
        for name, item in value.items():
            problem = _wrong_type(nested[name], item) if name in nested else ""
            if problem:
                return f"{name}: {problem}"
        return ""
    else:
        return ""
    for index, (child, item) in enumerate(children, start=1):
        problem = _wrong_type(child, item)
        if problem:
            return f"Item {index}: {problem}"
    return ""


def _json_type(value: Any) -> str:
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "an array" if isinstance(value, list) else "an object"


def _as_stored(serializer: serializers.Serializer, field: serializers.Field, value: Any) -> bool:
    """Whether `value` is the field's value as the instance being updated shows it."""
    if serializer.instance is None:
        return False
    try:
        attribute = field.get_attribute(serializer.instance)
        # As Serializer.to_representation does: a missing value is null, never given to the field.
        stored = None if attribute is None else field.to_representation(attribute)
    except (AttributeError, KeyError, TypeError, ValueError, serializers.SkipField):
        return False
    return _json(stored) == _json(value)


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))
