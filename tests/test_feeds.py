"""Atom feeds a feed reader follows: predictions coming due, verdicts, one speaker."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from claims.models import Status
from claims.services.due import flag_due_predictions
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_the_due_feed_lists_what_came_due_and_not_drafts_or_open_ones(client):
    speaker = SpeakerFactory(name="Sam Altman")
    came_due = PredictionFactory(
        speaker=speaker, window_overridden=True, due_earliest=None, due_latest=TODAY - dt.timedelta(days=3)
    )
    PredictionFactory(window_overridden=True, due_earliest=None, due_latest=TODAY + dt.timedelta(days=30))
    PredictionFactory(
        status=Status.DRAFT,
        window_overridden=True,
        due_earliest=None,
        due_latest=TODAY - dt.timedelta(days=3),
    )
    flag_due_predictions(TODAY, now=NOW)

    found = entries(client, reverse("dashboard:feed-due"))

    assert [e.find(f"{ATOM}title").text for e in found] == [
        f"#{came_due.pk} Sam Altman: {came_due.statement}"
    ]
    link = found[0].find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("dashboard:prediction", args=[came_due.pk]))
    assert found[0].find(f"{ATOM}updated").text.startswith(NOW.date().isoformat())


def test_the_speaker_feed_lists_only_that_speakers_public_predictions(client):
    speaker = SpeakerFactory(name="Sam Altman")
    mine = PredictionFactory(speaker=speaker)
    PredictionFactory(speaker=speaker, status=Status.DRAFT)
    PredictionFactory()

    found = entries(client, reverse("dashboard:feed-speaker", args=[speaker.pk]))

    assert [e.find(f"{ATOM}id").text for e in found] == [
        f"tag:hindsight,2024:prediction/{mine.pk}/prediction"
    ]
    assert client.get(reverse("dashboard:feed-speaker", args=[999999])).status_code == 404


def test_every_page_names_the_feeds(client):
    html = client.get(reverse("dashboard:overview")).content.decode()
    assert (
        f'type="application/atom+xml" title="Hindsight: verdicts" href="{reverse("dashboard:feed-verdicts")}"'
        in html
    )
    assert entries(client, reverse("dashboard:feed-verdicts")) == []
