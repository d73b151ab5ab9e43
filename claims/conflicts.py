"""A refusal about the resource's current state, not about the request's shape.

A ValidationError whose every message carries STATE_CONFLICT is the same request sent at the wrong
time (reviewed already in this round, a text that is stored already, spans that pin a text): the
API answers it with 409 Conflict (api/errors.py), everything else it refuses with 400. The forms
and the admin show it like any other error.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError

STATE_CONFLICT = "state_conflict"


def state_conflict(field: str, message: str) -> ValidationError:
    """A ValidationError on `field` that the API answers with 409."""
    return state_conflicts({field: message})


def state_conflicts(errors: Mapping[str, str]) -> ValidationError:
    """A ValidationError with one state message per field, answered with 409."""
    return ValidationError(
        {field: ValidationError(message, code=STATE_CONFLICT) for field, message in errors.items()}
    )


def is_state_conflict(exc: ValidationError) -> bool:
    errors = (
        [error for errors in exc.error_dict.values() for error in errors]
        if hasattr(exc, "error_dict")
        else exc.error_list
    )
    return bool(errors) and all(error.code == STATE_CONFLICT for error in errors)
