"""`/account/public-name/`: a signed-in user chooses the name the public sees beside their reviews.
`/i18n/setlang/`: the language switcher, which also remembers a signed-in user's choice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views import i18n

from claims.forms import DisplayNameForm, add_refusal
from claims.groups import signed_in
from claims.models import ReviewerProfile, public_name
from claims.services.reviewers import set_display_name, set_language_choice


@login_required(login_url="admin:login")
def display_name(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    if request.method == "POST":
        form = DisplayNameForm(request.POST)
        if form.is_valid():
            try:
                set_display_name(user=user, display_name=form.cleaned_data["display_name"])
            except ValidationError as error:
                add_refusal(form, error)
            else:
                messages.success(
                    request, gettext("The public now sees you as “%(name)s”.") % {"name": public_name(user)}
                )
                return redirect("dashboard:display-name")
        status = 400
    else:
        profile = ReviewerProfile.objects.filter(user=user).first()
        form = DisplayNameForm(initial={"display_name": profile.display_name if profile else ""})
        status = 200
    context = {"form": form, "shown_as": public_name(user)}
    return render(request, "dashboard/display_name.html", context, status=status)


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's switcher (the cookie keeps the choice for the pages), and for a signed-in user
    the choice kept in their profile too: the digest email is written in it."""
    response = i18n.set_language(request)
    chosen = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, "") if request.method == "POST" else ""
    if chosen and request.user.is_authenticated and translation.check_for_language(chosen):
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:  # a language Django has files for that the site does not offer
            return response
        set_language_choice(user=signed_in(request.user), language=language)
    return response
