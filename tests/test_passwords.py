"""Django's four password validators, with a 12-character minimum, wherever a password is set."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db

WEAK = {
    "short-pw1": "This password is too short. It must contain at least 12 characters.",
    "password1234": "This password is too common.",
    "472916358024": "This password is entirely numeric.",
    "carla-curator-1": "The password is too similar to the username.",
}


@pytest.mark.parametrize("password, reason", WEAK.items())
def test_weak_passwords_are_refused_with_the_reason(curator, password, reason):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=curator)
    assert reason in refused.value.messages


def test_a_long_uncommon_password_passes(curator):
    validate_password("pale-orchid-harbour-71", user=curator)


def add_user(client, username: str, password: str):
    return client.post(
        "/admin/auth/user/add/",
        {"username": username, "usable_password": "true", "password1": password, "password2": password},
    )


def test_the_admin_refuses_a_weak_password_for_a_new_user(client, staff):
    client.force_login(staff)
    response = add_user(client, "new-reviewer", "password1234")
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(username="new-reviewer").exists()
    assert add_user(client, "new-reviewer", "pale-orchid-harbour-71").status_code == 302
    assert User.objects.get(username="new-reviewer").check_password("pale-orchid-harbour-71")


def test_changing_ones_password_refuses_a_weak_one(client, staff):
    client.force_login(staff)
    response = client.post(
        "/admin/password_change/",
        {"old_password": "pw", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "too short" in text and "entirely numeric" in text
    staff.refresh_from_db()
    assert staff.check_password("pw")
