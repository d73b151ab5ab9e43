"""How a reviewer is named in public: a display name of their choosing, never their username.

Usernames are login names: shown to the public they would tell a password guesser half of what
to try. The prediction page's review record and the API's outcomes name a reviewer by
`public_name`, the display name or, without one, "Reviewer #<id>" (still telling two reviewers
apart, which is what a reader of "2/2 reviewers" needs).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The fallback's start: nobody may take a display name of that form and pass for someone else.
FALLBACK_PREFIX = "Reviewer #"
FALLBACK_TAKEN = (
    f'"{FALLBACK_PREFIX}<number>" is how reviewers without a display name are shown: choose another.'
)
DISPLAY_NAME_MAX = 60


class ReviewerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=DISPLAY_NAME_MAX,
        blank=True,
        help_text=_(
            "The name shown to the public beside this person's reviews instead of the username. "
            'Blank: "Reviewer #<id>".'
        ),
    )
    # The language last chosen with the dashboard's switcher (the cookie keeps it for the pages):
    # the digest email is written in it. Blank: never chosen, settings.LANGUAGE_CODE.
    language = models.CharField(_("language"), max_length=15, blank=True, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")
        constraints = [
            # Two reviewers with one public name would read as one person agreeing with himself.
            models.UniqueConstraint(
                Lower("display_name"),
                condition=~Q(display_name=""),
                name="reviewerprofile_display_name_unique",
                violation_error_message="Another reviewer already goes by this name.",
            ),
            models.CheckConstraint(
                condition=~Q(display_name__istartswith=FALLBACK_PREFIX),
                name="reviewerprofile_display_name_not_fallback",
                violation_error_message=FALLBACK_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or fallback_name(self.user_id)

    def clean(self) -> None:
        """The constraints' checks, said by field (the constraints name none); the constraints stay
        behind them for two saves racing."""
        self.display_name = self.display_name.strip()
        if self.display_name.lower().startswith(FALLBACK_PREFIX.lower()):
            shown = gettext(
                '"%(prefix)s<number>" is how reviewers without a display name are shown: choose another.'
            )
            raise ValidationError({"display_name": shown % {"prefix": FALLBACK_PREFIX}})
        taken = ReviewerProfile.objects.filter(display_name__iexact=self.display_name).exclude(
            user_id=self.user_id
        )
        if self.display_name and taken.exists():
            raise ValidationError({"display_name": gettext("Another reviewer already goes by this name.")})


def fallback_name(user_id: int) -> str:
    return f"{FALLBACK_PREFIX}{user_id}"


def public_name_from(user_id: int | None, display_name: str | None) -> str | None:
    """public_name from a row read with values_list (the user's id and display name), without
    loading the user; None for no user."""
    if user_id is None:
        return None
    return display_name or fallback_name(user_id)


def public_name(user: User | None) -> str:
    """The name to show the public for `user`: the display name, else "Reviewer #<id>"; "" for
    None (a row whose user was deleted). Load `reviewer_profile` with the user (select_related)
    or this is one query per user."""
    if user is None:
        return ""
    try:
        name = user.reviewer_profile.display_name
    except ObjectDoesNotExist:
        name = ""
    return name or fallback_name(user.pk)
