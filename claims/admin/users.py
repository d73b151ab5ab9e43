"""Users in the admin, with the public name (ReviewerProfile) inline: whoever manages users sets
it here; each user sets their own at /account/public-name/."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from claims.models import ReviewerProfile


class ReviewerProfileInline(admin.StackedInline):
    model = ReviewerProfile
    can_delete = False
    verbose_name = verbose_name_plural = _("public name")
    fields = ["display_name"]


class UserWithPublicNameAdmin(UserAdmin):
    inlines = [ReviewerProfileInline]  # UserAdmin has none of its own
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "public_name"]
    list_select_related = ["reviewer_profile"]

    def get_inline_instances(self, request: HttpRequest, obj: User | None = None) -> list[InlineModelAdmin]:
        # Django's two-step user creation (username and password first) stays as it is: the public
        # name is set on the change page that follows.
        return super().get_inline_instances(request, obj) if obj is not None else []

    @admin.display(description=_("public name"))
    def public_name(self, user: User) -> str:
        profile = getattr(user, "reviewer_profile", None)
        return profile.display_name if profile else ""


admin.site.unregister(User)
admin.site.register(User, UserWithPublicNameAdmin)
