"""For the API tests since issue 7: predictions that may be open (they need resolution criteria)
and the review roles.

anchored() here is tests.api_helpers.anchored with resolution criteria by default; it can move
there (as a default of that function) and this module shrink to the review helpers.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from claims.groups import ADJUDICATORS, REVIEWERS
from claims.models import Prediction
from tests import api_helpers
from tests.factories import user_in

CRITERIA = "Came true if AI agents were in everyday use by millions of people by 2025-12-31."


def anchored(*args: Any, **fields: Any) -> Prediction:
    """tests.api_helpers.anchored, with resolution criteria unless given."""
    fields.setdefault("resolution_criteria", CRITERIA)
    return api_helpers.anchored(*args, **fields)


def a_reviewer(username: str) -> User:
    return user_in(username, REVIEWERS, is_staff=True)


def an_adjudicator(username: str = "ada-adjudicator") -> User:
    return user_in(username, ADJUDICATORS, is_staff=True)
