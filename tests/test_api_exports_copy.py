"""On PostgreSQL the exports come from one COPY (api.exports_copy): the bytes must be exactly
those of the Python path (api.exports), for every column, every filter and both time zones."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from api import exports_copy
from claims.models import Face, Prediction
from claims.models.reviewers import ReviewerProfile
from claims.services.corrections import correct_prediction
from tests.api_helpers import api
from tests.clock import NOW, TODAY
from tests.factories import (
    ClarificationFactory,
    OutcomeFactory,
    PredictionFactory,
    SourceFactory,
    SpanFactory,
    SpeakerFactory,
    TopicFactory,
    user_in,
)
from tests.test_api_representation import varied  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

CSV_URL = "/api/predictions/export.csv"
JSONL_URL = "/api/predictions/export.jsonl"


@pytest.fixture
def awkward(varied):  # noqa: F811 (the fixture imported above)
    """On top of `varied`: text that CSV must quote, that JSON must escape, that a spreadsheet
    would compute, and authors with and without a display name."""
    named = user_in("nadia")
    ReviewerProfile.objects.create(user=named, display_name='Nadia "N." Chen')
    speaker = SpeakerFactory(name='=HYPERLINK("https://evil.example"), 黃仁勳')
    source = SourceFactory()
    messy = PredictionFactory(
        speaker=speaker,
        statement='他说："明年，会更好。"\n第二行\r\n第三行, with a comma',
        statement_en="+1 \\ back\\slash \x01 control \u2028 line 😀 👍🏽 🇨🇳 𠮷",
        horizon_text="-3 天",
        resolution_criteria="@SUM(A1:A9)\tand a tab",
        confidence="expects",
        key="messy-one",
        status="resolved",
        verdict="came_true",
        verdict_known_on=dt.date(2025, 7, 17),
        verdict_reviewers=1,
    )
    messy.topics.set([TopicFactory(slug="-minus"), TopicFactory(slug="agents-2")])
    SpanFactory(prediction=messy, source=source)
    SpanFactory(prediction=messy, source=source, quote="明年会更好。", role="horizon")
    OutcomeFactory(prediction=messy, verdict="came_true")  # after the spans: a review freezes them
    ClarificationFactory(prediction=messy, author=named, text='=not a formula, "quoted"\nnext line')
    ClarificationFactory(prediction=messy, author=user_in("nameless"), text="\tTabbed.")
    correct_prediction(
        prediction=messy,
        by=named,
        what_was_wrong='The horizon was "next year", not 明年.',
        today=TODAY,
        now=NOW.replace(microsecond=123400),
        face=Face.API,
        horizon_text="明年",
    )
    PredictionFactory(statement="\r starts with CR", statement_en="\ttab first", horizon_text="", key=None)
    return messy


def _bytes(url: str, *, copy: bool, monkeypatch, user=None) -> bytes:
    monkeypatch.setattr(exports_copy, "copy_available", lambda: copy)
    response = api(user).get(url)
    assert response.status_code == 200, response.content
    chunks = list(response.streaming_content)
    assert all(isinstance(c, bytes) for c in chunks)
    return b"".join(chunks)


def _python_path_not_taken(monkeypatch) -> None:
    def refuse(self, chunk_size=None):
        raise AssertionError("the COPY path read rows through the ORM")

    monkeypatch.setattr(QuerySet, "iterator", refuse)


def _same_bytes(url: str, user, monkeypatch) -> None:
    python = _bytes(url, copy=False, monkeypatch=monkeypatch, user=user)
    _python_path_not_taken(monkeypatch)
    sql = _bytes(url, copy=True, monkeypatch=monkeypatch, user=user)
    assert python.count(b"\n") >= (1 if "=" in url else 12), python  # the data really is there
    if sql != python:
        # The first differing line, not two walls of bytes.
        for ours, theirs in zip(sql.split(b"\n"), python.split(b"\n"), strict=False):
            assert ours.decode() == theirs.decode()
    assert sql == python


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/New_York"])
@pytest.mark.parametrize("url", [CSV_URL, CSV_URL + "?bom=1", JSONL_URL])
def test_it_writes_the_python_paths_bytes_in_every_time_zone(awkward, curator, monkeypatch, zone, url):
    with timezone.override(zone):
        _same_bytes(url, curator, monkeypatch)


@pytest.mark.parametrize("url", [CSV_URL, JSONL_URL])
@pytest.mark.parametrize("query", ["speaker={speaker}", "ordering=-due_latest", "q=明年", "status=resolved"])
def test_it_writes_the_python_paths_bytes_with_filters(awkward, curator, monkeypatch, url, query):
    _same_bytes(f"{url}?{query.format(speaker=awkward.speaker_id)}", curator, monkeypatch)


def test_it_exports_what_an_anonymous_reader_sees(awkward, monkeypatch):
    python = _bytes(JSONL_URL, copy=False, monkeypatch=monkeypatch)
    sql = _bytes(JSONL_URL, copy=True, monkeypatch=monkeypatch)
    assert sql == python
    assert b'"status": "draft"' not in sql


@pytest.mark.parametrize("with_parameters", [True, False])
def test_a_percent_sign_in_the_base_url_is_text_not_a_placeholder(awkward, with_parameters):
    predictions = Prediction.objects.filter(pk=awkward.pk) if with_parameters else Prediction.objects.all()
    body = b"".join(exports_copy.jsonl_chunks(predictions, base_url="http://h/a%sb%%/", tz=dt.UTC))
    urls = [json.loads(line)["url"] for line in body.splitlines()]
    assert f"http://h/a%sb%%/{awkward.pk}/" in urls
