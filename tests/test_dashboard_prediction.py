"""One prediction's page `/predictions/<id>/`, and reviewers recording an outcome from it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.models import Outcome, Prediction, Status
from claims.services.reviews import record_outcome
from tests.factories import SAMPLE_TEXT, PredictionFactory, SourceFactory, SpanFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

QUOTE = "我认为2025年将是代理大规模使用的一年。"


def page(prediction: Prediction) -> str:
    return reverse("dashboard:prediction", args=[prediction.pk])


def outcome_url(prediction: Prediction) -> str:
    return reverse("dashboard:record-outcome", args=[prediction.pk])


@pytest.fixture
def prediction() -> Prediction:
    speaker = SpeakerFactory(name="Sam Altman", role="CEO, OpenAI")
    prediction = PredictionFactory(
        speaker=speaker, statement=QUOTE, horizon_text="2025年", confidence="expects", status="due"
    )
    SpanFactory(prediction=prediction, source=SourceFactory(title="访谈一"), quote=QUOTE)
    return prediction


def valid_outcome(**fields) -> dict:
    data = {
        "verdict": "came_true",
        "known_on": timezone.localdate().isoformat(),
        "evidence": "https://openai.com/index/introducing-chatgpt-agent/\nhttps://example.org/report",
        "note": "ChatGPT agent launched.",
    }
    data.update(fields)
    return data


def test_it_shows_the_statement_speaker_date_horizon_and_window(client, prediction):
    html = client.get(page(prediction)).content.decode()
    assert f'<blockquote class="statement" lang="zh-Hans">{QUOTE}</blockquote>' in html
    assert "In English: 2025 will be the year agents are used at scale." in html
    assert f'<a href="/speakers/{prediction.speaker_id}/">Sam Altman</a>' in html
    assert "1 October 2024" in html
    assert '<q lang="zh">2025年</q>' in html
    assert "2025-01-01 to <strong>2025-12-31</strong>" in html
    assert "Computed from the horizon words" in html
    assert "Due for review" in html
    assert "Expects" in html and "scored as 80%" in html


def test_it_says_when_a_curator_set_the_window_by_hand(client):
    prediction = PredictionFactory(
        horizon_text="2025年", window_overridden=True, due_earliest=None, due_latest=dt.date(2026, 6, 30)
    )
    html = client.get(page(prediction)).content.decode()
    assert "<strong>2026-06-30</strong>" in html
    assert "Set by hand by a curator. The horizon rules would give" in html
    assert "2025-01-01 to 2025-12-31" in html


def test_it_says_an_undated_prediction_is_never_due(client):
    prediction = PredictionFactory(horizon_text="")
    html = client.get(page(prediction)).content.decode()
    assert "none given" in html
    assert "undated: never flagged due, reviewable any time" in html


def test_it_shows_each_span_highlighted_in_its_context_linking_into_the_reader(client, prediction):
    span = prediction.spans.get()
    html = client.get(page(prediction)).content.decode()
    assert f'<mark class="span" title="">{QUOTE}</mark>' in html
    # The paragraph around the quote is shown too.
    assert "Sam Altman：" in html and "明年会更好。" in html
    assert f'href="/sources/{span.source_id}/#span-{span.pk}"' in html
    assert "访谈一" in html


def test_it_shows_the_outcome_history_newest_first_with_evidence_links(client, prediction, reviewer):
    record_outcome(
        prediction=prediction,
        verdict="came_false",
        known_on=dt.date(2025, 6, 1),
        reviewer=reviewer,
        note="Early.",
    )
    record_outcome(
        prediction=prediction,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        reviewer=reviewer,
        evidence=["https://openai.com/index/introducing-chatgpt-agent/"],
    )
    html = client.get(page(prediction)).content.decode()
    history = html[html.index('id="outcomes"') :]
    assert history.index("known 2025-07-17") < history.index("known 2025-06-01")
    assert (
        '<a href="https://openai.com/index/introducing-chatgpt-agent/" rel="noopener noreferrer nofollow">'
        in history
    )
    assert ">current</span>" in history and ">superseded</span>" in history
    assert "current verdict" in html and "✓</span> Came true" in html


def test_it_shows_an_empty_history_and_says_the_prediction_waits(client, prediction):
    html = client.get(page(prediction)).content.decode()
    assert "No outcome recorded yet: this prediction is waiting for a reviewer." in html


def test_it_says_404_for_a_missing_prediction_or_a_draft(client):
    assert client.get(reverse("dashboard:prediction", args=[999999])).status_code == 404
    draft = PredictionFactory(status="draft")
    assert client.get(page(draft)).status_code == 404


def test_it_shows_the_outcome_form_to_reviewers_only(client, prediction, reviewer, reader, curator):
    assert "Record an outcome" not in client.get(page(prediction)).content.decode()
    for user in (reader, curator):
        client.force_login(user)
        assert "Record an outcome" not in client.get(page(prediction)).content.decode()
    client.force_login(reviewer)
    html = client.get(page(prediction)).content.decode()
    assert "Record an outcome" in html
    assert f'action="{outcome_url(prediction)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html  # known on defaults to today


def test_it_records_a_reviewers_outcome_and_resolves_the_prediction(client, prediction, reviewer):
    client.force_login(reviewer)
    response = client.post(outcome_url(prediction), valid_outcome())
    assert response.status_code == 302
    assert response["Location"] == page(prediction) + "#outcomes"
    outcome = Outcome.objects.get(prediction=prediction)
    assert outcome.verdict == "came_true"
    assert outcome.reviewer == reviewer
    assert outcome.evidence_urls == [
        "https://openai.com/index/introducing-chatgpt-agent/",
        "https://example.org/report",
    ]
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict) == (Status.RESOLVED, "came_true")
    followed = client.get(response["Location"]).content.decode()
    assert "Recorded: Came true" in followed
    assert "✓</span> Came true" in client.get(reverse("dashboard:overview")).content.decode()


def test_it_refuses_outcomes_from_readers_curators_and_anonymous_visitors(
    client, prediction, reader, curator
):
    assert client.post(outcome_url(prediction), valid_outcome()).status_code == 403
    for user in (reader, curator):
        client.force_login(user)
        assert client.post(outcome_url(prediction), valid_outcome()).status_code == 403
    assert not Outcome.objects.exists()
    prediction.refresh_from_db()
    assert prediction.status == Status.DUE


def test_it_refuses_a_post_without_the_csrf_token(prediction, reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(outcome_url(prediction), valid_outcome()).status_code == 403
    assert not Outcome.objects.exists()


def test_it_only_accepts_posts(client, prediction, reviewer):
    client.force_login(reviewer)
    assert client.get(outcome_url(prediction)).status_code == 405


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"evidence": "", "note": ""}, "Give evidence: at least one URL or a note."),
        ({"evidence": "not a url"}, "«not a url» is not a URL"),
        ({"known_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat()}, "is in the future"),
        ({"verdict": "probably"}, "Select a valid choice"),
    ],
)
def test_it_shows_what_to_fix_and_records_nothing_on_a_bad_form(
    client, prediction, reviewer, fields, message
):
    client.force_login(reviewer)
    response = client.post(outcome_url(prediction), valid_outcome(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Outcome.objects.exists()


def test_it_shows_why_a_withdrawn_prediction_cannot_be_judged(client, reviewer):
    withdrawn = PredictionFactory(status="withdrawn")
    client.force_login(reviewer)
    assert "This prediction is withdrawn" in client.get(page(withdrawn)).content.decode()
    response = client.post(outcome_url(withdrawn), valid_outcome())
    assert response.status_code == 400
    assert "open it before recording an outcome" in response.content.decode()
    assert not Outcome.objects.exists()


def test_it_escapes_text_from_sources(client):
    source = SourceFactory(text=SAMPLE_TEXT + "<script>alert(1)</script>")
    prediction = PredictionFactory(statement="<b>粗体</b>")
    SpanFactory(prediction=prediction, source=source, quote="<script>alert(1)</script>")
    html = client.get(page(prediction)).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;粗体&lt;/b&gt;" in html


def test_it_explains_a_refusal_and_a_missing_page_in_the_sites_layout(client, prediction):
    refused = client.post(outcome_url(prediction), valid_outcome())
    assert refused.status_code == 403
    assert "Only reviewers record outcomes." in refused.content.decode()
    missing = client.get(reverse("dashboard:prediction", args=[999999]))
    assert "Back to the overview" in missing.content.decode()
