"""Reviewers' public names (claims.models.reviewers)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from claims.models import ReviewerProfile

__all__ = ["set_display_name", "set_language_choice"]


def set_display_name(*, user: User, display_name: str) -> ReviewerProfile:
    """Set the name the public sees for `user` (blank: "Reviewer #<id>"). A name another
    reviewer goes by, in any case, is refused on display_name; so is the fallback's form."""
    profile = ReviewerProfile.objects.filter(user=user).first() or ReviewerProfile()
    # Assigned, not only filtered on: it also refreshes user.reviewer_profile for public_name.
    profile.user = user
    profile.display_name = display_name
    # clean() says by field what the constraints check; they stay behind it for a racing save.
    profile.full_clean(exclude=["user"], validate_constraints=False)
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        raise ValidationError(
            {"display_name": gettext("Another reviewer already goes by this name.")}
        ) from None
    return profile


def set_language_choice(*, user: User, language: str) -> None:
    """Remember `language` (one of settings.LANGUAGES) as the one `user` reads the site in: the
    digest is emailed in it. One statement, so a first choice racing another creates one profile."""
    ReviewerProfile.objects.update_or_create(user=user, defaults={"language": language})
