"""The digest is written in the language each reviewer last chose with the dashboard's switcher."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.urls import reverse

from claims.groups import REVIEWERS
from claims.models import ReviewerProfile
from claims.services.digest import send_reviewer_digests
from claims.services.due import flag_due_predictions
from tests.clock import noon, stopped_at
from tests.factories import PredictionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)
NOW = noon(TODAY)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://hindsight.example.org"
    settings.DUE_SOON_DAYS = 14
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def second_reviewer(db) -> User:
    user = User.objects.create_user("vera-reviewer", email="vera@example.org", password="pw")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


def choose(client, user: User, language: str) -> None:
    client.force_login(user)
    answer = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert answer.status_code == 302


def test_it_remembers_the_language_a_signed_in_user_chooses(client, reviewer):
    choose(client, reviewer, "zh-hans")
    choose(client, reviewer, "zh-hant")

    assert ReviewerProfile.objects.get(user=reviewer).language == "zh-hant"


def test_a_visitors_choice_is_kept_in_the_cookie_only(client):
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})

    assert not ReviewerProfile.objects.exists()


def test_a_language_the_site_does_not_offer_is_not_stored(client, reviewer):
    choose(client, reviewer, "fr")

    assert not ReviewerProfile.objects.filter(user=reviewer).exclude(language="").exists()


def test_each_reviewer_gets_the_digest_in_the_language_they_chose(client, reviewer, second_reviewer):
    choose(client, reviewer, "zh-hant")
    PredictionFactory(window_overridden=True, due_earliest=None, due_latest=TODAY - dt.timedelta(days=2))
    flag_due_predictions(TODAY, now=NOW)

    send_reviewer_digests(TODAY, clock=stopped_at(NOW))

    chose, default = (next(m for m in mail.outbox if m.to == [u.email]) for u in (reviewer, second_reviewer))
    assert chose.subject == "Hindsight：1 則待你審核、1 則新到期、0 則即將到期"
    assert "1 則預測自你上次收到摘要以來到期待審核：" in chose.body
    assert "1 則正在等待你審核。" in chose.body
    html, _ = chose.alternatives[0]
    assert '<html lang="zh-hant">' in html and "記錄結果" in html
    assert default.subject == "Hindsight: 1 waiting on your review, 1 newly due, 0 coming due"
    assert "1 prediction came due for review since your last digest:" in default.body
    assert '<html lang="en">' in default.alternatives[0][0]
