"""Who may do what: reads are public (unless API_PUBLIC_READ is off), a write needs the Django
permission of what it writes, which the role groups carry (claims/groups.py): curators hold the
model permissions of what they curate (predictions, sources, clarifications, splits, lineage
links, extraction candidates), reviewers `claims.review_prediction` (verdicts, "too early"),
adjudicators `claims.adjudicate_prediction` and `claims.undo_verdict`. A superuser has them all.
Every permission class of the API is here.

DRF answers 401 when the client sent no credentials and 403 when the credentials are fine but
the permission is missing, because TokenAuthentication (first in the settings) names a
WWW-Authenticate scheme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

from claims.groups import ADJUDICATE, ADJUDICATORS, CURATE, CURATORS, REVIEW, REVIEWERS, UNDO

if TYPE_CHECKING:  # rest_framework.views imports this module through the settings
    from rest_framework.request import Request
    from rest_framework.views import APIView

# How a method names the model permission it needs, as Django's admin names them.
_MODEL_ACTION = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


def may_read(request: Request) -> bool:
    return settings.API_PUBLIC_READ or bool(request.user and request.user.is_authenticated)


def request_is_curator(request: Request) -> bool:
    """Whether the request's user sees drafts: those who may edit predictions do (the user's
    permissions are read once per request, PermissionsBackend caches them)."""
    return request.user.has_perm(CURATE)


class ReadOr(BasePermission):
    """Anyone reads; a write needs every permission of `perms`."""

    perms: tuple[str, ...] = ()

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return may_read(request)
        return request.user.has_perms(self.required(request, view))

    def required(self, request: Request, view: APIView) -> tuple[str, ...]:
        return self.perms


class ReadOrCurate(ReadOr):
    """Anyone reads; a write needs the model permission of its method on the view's model (POST
    add, PUT and PATCH change, DELETE delete), which curators hold. A view without a model takes
    no writes (405) and asks for the curators' change_prediction."""

    message = "Changing data needs the curators' permissions: ask an administrator to add you to the curators group."

    def required(self, request: Request, view: APIView) -> tuple[str, ...]:
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return (CURATE,)
        action = _MODEL_ACTION.get(request.method or "", "change")
        return (f"{model._meta.app_label}.{action}_{model._meta.model_name}",)


def _needs(what: str, permissions: tuple[str, ...], group: str) -> str:
    return (
        f"{what} needs the permission {' and '.join(permissions)}, which the {group} group carries: "
        "ask an administrator to add you to it."
    )


class ReadOrWithdraw(ReadOr):
    perms = (CURATE,)
    message = _needs("Withdrawing a prediction", perms, CURATORS)


class ReadOrClarify(ReadOr):
    perms = ("claims.add_clarification",)
    message = _needs("Clarifying criteria", perms, CURATORS)


class ReadOrCorrect(ReadOr):
    perms = ("claims.add_correction",)
    message = _needs("Correcting a judged prediction", perms, CURATORS)


class ReadOrSplit(ReadOr):
    perms = ("claims.add_prediction", CURATE)  # a split adds the parts and changes the compound
    message = _needs("Splitting a prediction", perms, CURATORS)


class ReadOrLink(ReadOr):
    perms = ("claims.add_predictionlink",)
    message = _needs("Linking predictions", perms, CURATORS)


class ReadOrReview(ReadOr):
    """Reviewers (and superusers) review: a verdict or "too early"."""

    perms = (REVIEW,)
    message = _needs("Reviewing a prediction", perms, REVIEWERS)


class ReadOrAdjudicate(ReadOr):
    """Adjudicators (and superusers) decide disputed reviews."""

    perms = (ADJUDICATE,)
    message = _needs("Adjudicating", perms, ADJUDICATORS)


class ReadOrUndo(ReadOr):
    """Adjudicators (and superusers) undo standing verdicts."""

    perms = (UNDO,)
    message = _needs("Undoing a verdict", perms, ADJUDICATORS)


class IsCurator(BasePermission):
    """Candidate extraction, reads included (the candidates are unreviewed material): the
    curators' permissions on extraction candidates."""

    message = "Candidate extraction needs the curators group: ask an administrator to add you to it."

    def has_permission(self, request: Request, view: APIView) -> bool:
        action = "view" if request.method in SAFE_METHODS else "change"
        return request.user.has_perm(f"claims.{action}_extractioncandidate")


class IsCorpusCurator(BasePermission):
    """Corpus runs: curators follow them (view), start them (add) and resume them (change)."""

    message = "Corpus runs need the curators group: ask an administrator to add you to it."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return request.user.has_perm("claims.view_corpusrun")
        action = "add" if getattr(view, "action", None) == "create" else "change"
        return request.user.has_perm(f"claims.{action}_corpusrun")
