"""The two roles of Hindsight, as Django groups (created by migration 0002)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

CURATORS = "curators"
REVIEWERS = "reviewers"


def is_curator(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=CURATORS).exists())


def is_reviewer(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=REVIEWERS).exists())
