"""The two roles of Hindsight, as Django groups.

Migrations 0002 and 0004 create them; `sync_roles` makes a database match ROLE_PERMISSIONS again
(the tests use it after a flush has emptied the tables).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

CURATORS = "curators"
REVIEWERS = "reviewers"
# Staff members who decide disputed reviews and may undo a verdict.
ADJUDICATORS = "adjudicators"

_CURATED = ["source", "speaker", "topic", "prediction", "span", "predictionlink"]
_READABLE = [*_CURATED, "outcome", "evidence", "clarification", "dueflag"]
_VIEW = [f"view_{model}" for model in _READABLE]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    CURATORS: [
        *_VIEW,
        *(f"{action}_{model}" for model in _CURATED for action in ("add", "change", "delete")),
        # The extraction review queue is the curators' alone.
        "view_extractioncandidate",
        "change_extractioncandidate",
        "add_clarification",
    ],
    REVIEWERS: [*_VIEW, "add_outcome", "add_evidence"],
    ADJUDICATORS: [*_VIEW, "add_outcome", "add_evidence"],
}


def sync_roles(**kwargs) -> None:
    """Create the role groups and give them exactly their permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


def is_curator(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=CURATORS).exists())


def is_reviewer(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=REVIEWERS).exists())


def is_adjudicator(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=ADJUDICATORS).exists())


@dataclass(frozen=True)
class Roles:
    curator: bool = False
    reviewer: bool = False
    adjudicator: bool = False


def roles_of(user: AbstractBaseUser | AnonymousUser) -> Roles:
    """All three roles in one query, for pages that offer each role its forms; the same rules as
    is_curator, is_reviewer and is_adjudicator (a superuser has every role)."""
    if not user.is_authenticated:
        return Roles()
    if user.is_superuser:
        return Roles(curator=True, reviewer=True, adjudicator=True)
    names = set(
        user.groups.filter(name__in=[CURATORS, REVIEWERS, ADJUDICATORS]).values_list("name", flat=True)
    )
    return Roles(curator=CURATORS in names, reviewer=REVIEWERS in names, adjudicator=ADJUDICATORS in names)
