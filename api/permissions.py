"""Who may do what: reads are public (unless API_PUBLIC_READ is off), writes need a role:
curators curate (predictions, criteria, clarifications, splits, lineage), reviewers review
(verdicts, "too early"), adjudicators decide disputes and undo verdicts.

DRF answers 401 when the client sent no credentials and 403 when the credentials are fine but
the role is missing, because TokenAuthentication (first in the settings) names a WWW-Authenticate
scheme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

from claims.groups import is_adjudicator, is_curator, is_reviewer

if TYPE_CHECKING:  # rest_framework.views imports this module through the settings
    from rest_framework.request import Request
    from rest_framework.views import APIView


def may_read(request: Request) -> bool:
    return settings.API_PUBLIC_READ or bool(request.user and request.user.is_authenticated)


def request_is_curator(request: Request) -> bool:
    """is_curator for the request's user, asked of the database once per request."""
    cached = getattr(request, "_is_curator", None)
    if cached is None:
        cached = request._is_curator = is_curator(request.user)
    return cached


class ReadOrCurate(BasePermission):
    """Anyone reads; curators (and superusers) write."""

    message = "Changing data needs the curators group: ask an administrator to add you to it."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return may_read(request)
        return request_is_curator(request)


class ReadOrReview(BasePermission):
    """Anyone reads the review record; reviewers (and superusers) review: a verdict or "too early"."""

    message = "Reviewing a prediction needs the reviewers group: ask an administrator to add you to it."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return may_read(request)
        return is_reviewer(request.user)


class ReadOrAdjudicate(BasePermission):
    """Adjudicators (and superusers) decide disputed reviews and undo verdicts."""

    message = "Adjudicating or undoing a verdict needs the adjudicators group: ask an administrator to add you to it."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return may_read(request)
        return is_adjudicator(request.user)
