"""Reviewers' public names, and the overview's backlog: totals for the public, names for staff."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import ReviewerProfile, public_name
from claims.services.reviewers import set_display_name

pytestmark = pytest.mark.django_db


def test_it_names_a_reviewer_by_display_name_or_fallback_never_username(reviewer):
    assert public_name(reviewer) == f"Reviewer #{reviewer.pk}"
    set_display_name(user=reviewer, display_name="  Rui M.  ")
    assert public_name(reviewer) == "Rui M."
    assert ReviewerProfile.objects.get(user=reviewer).display_name == "Rui M."
    set_display_name(user=reviewer, display_name="")
    assert public_name(reviewer) == f"Reviewer #{reviewer.pk}"


def test_it_refuses_a_name_taken_in_any_case_and_the_fallbacks_form(reviewer, curator):
    set_display_name(user=reviewer, display_name="Rui")
    with pytest.raises(ValidationError) as taken:
        set_display_name(user=curator, display_name="rui")
    assert taken.value.message_dict == {"display_name": ["Another reviewer already goes by this name."]}
    with pytest.raises(ValidationError) as fallback:
        set_display_name(user=curator, display_name="Reviewer #1")
    assert "display_name" in fallback.value.message_dict
    assert not ReviewerProfile.objects.filter(user=curator).exists()


def test_the_database_refuses_them_too(reviewer, curator):
    ReviewerProfile.objects.create(user=reviewer, display_name="Rui")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewerProfile.objects.create(user=curator, display_name="RUI")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewerProfile.objects.create(user=curator, display_name="Reviewer #7")


def test_the_overview_shows_the_public_totals_and_staff_the_reviewers(client, reviewer, staff):
    html = client.get("/").content.decode()
    assert "Review backlog" in html
    assert reviewer.username not in html and "Waiting on each reviewer" not in html
    set_display_name(user=reviewer, display_name="Rui M.")
    client.force_login(staff)
    html = client.get("/").content.decode()
    assert "Waiting on each reviewer" in html and "Rui M." in html and reviewer.username in html


def test_a_reviewer_sets_their_own_public_name(client, reviewer, curator):
    client.force_login(reviewer)
    page = client.get("/account/public-name/")
    assert page.status_code == 200 and f"Reviewer #{reviewer.pk}" in page.content.decode()
    response = client.post("/account/public-name/", {"display_name": "Rui M."}, follow=True)
    assert "The public now sees you as “Rui M.”" in response.content.decode()
    assert public_name(reviewer) == "Rui M."
    client.force_login(curator)
    refused = client.post("/account/public-name/", {"display_name": "rui m."})
    assert refused.status_code == 400
    assert "Another reviewer already goes by this name." in refused.content.decode()
    assert not ReviewerProfile.objects.filter(user=curator).exists()


def test_the_page_needs_a_login(client):
    response = client.get("/account/public-name/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_edits_the_public_name_on_the_user(client, staff, reviewer):
    client.force_login(staff)
    page = client.get(f"/admin/auth/user/{reviewer.pk}/change/")
    assert page.status_code == 200 and "reviewer_profile-0-display_name" in page.content.decode()


def test_a_clarifications_and_a_links_author_show_by_public_name_never_username(client, curator, reviewer):
    import datetime as dt

    from claims.services.criteria import add_clarification
    from claims.services.reviews import record_outcome
    from tests.api_helpers import anchored, api
    from tests.clock import NOW, TODAY

    prediction = anchored()
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        note="Launched.",
        today=TODAY,
        now=NOW,
    )
    add_clarification(prediction=prediction, author=curator, text="Everyday use: weekly.", now=NOW)
    set_display_name(user=curator, display_name="Carla C.")
    body = api().get(f"/api/predictions/{prediction.pk}/").json()
    assert body["clarifications"][0]["author"] == "Carla C."
    listed = api().get("/api/predictions/").json()["results"][0]
    assert listed["clarifications"][0]["author"] == "Carla C."
    page = client.get(f"/predictions/{prediction.pk}/").content.decode()
    assert "by Carla C." in page
    assert curator.username not in body.__repr__() + page
    source = prediction.spans.get().source
    earlier = anchored("明年会更好。", prefix="代理之年。", speaker=prediction.speaker, source=source)
    later = anchored("明年会更好。", prefix="他说：", speaker=prediction.speaker, source=source)
    link = api(curator).post(
        f"/api/predictions/{later.pk}/links/",
        {"earlier": earlier.pk, "relation": "restatement"},
        format="json",
    )
    assert link.status_code == 201, link.content
    assert link.json()["created_by"] == "Carla C."
