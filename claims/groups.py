"""The two roles of Hindsight, as Django groups.

Migration 0002 creates them; `sync_roles` runs again after every migrate and every test-database
flush (post_migrate), so the groups and their permissions always match ROLE_PERMISSIONS.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

CURATORS = "curators"
REVIEWERS = "reviewers"

_CURATED = ["source", "speaker", "topic", "prediction", "span"]
_READABLE = [*_CURATED, "outcome", "dueflag", "digest", "digestitem", "extractioncandidate"]
_VIEW = [f"view_{model}" for model in _READABLE]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    CURATORS: [
        *_VIEW,
        *(f"{action}_{model}" for model in _CURATED for action in ("add", "change", "delete")),
        "change_extractioncandidate",
    ],
    REVIEWERS: [*_VIEW, "add_outcome"],
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
