"""One prediction's page `/predictions/<id>/`, and reviewers recording an outcome from it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Evidence, Outcome, Prediction, Status
from claims.services.reviews import EvidenceInput, record_outcome, undo_verdict
from tests.clock import NOW, TODAY
from tests.factories import SAMPLE_TEXT, PredictionFactory, SourceFactory, SpanFactory, SpeakerFactory

# The pages read the clock: stopped on tests.clock.TODAY, the day these tests review on.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

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


def evidence_rows(*rows: dict[str, str], total: int = 3) -> dict[str, str]:
    """The POST data of the evidence rows under a form (a formset prefixed "evidence")."""
    data = {
        "evidence-TOTAL_FORMS": str(total),
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "10",
    }
    for number, row in enumerate(rows):
        data.update({f"evidence-{number}-{name}": value for name, value in row.items()})
    return data


AGENT_PAGE = {
    "url": "https://openai.com/index/introducing-chatgpt-agent/",
    "title": "Introducing ChatGPT agent",
    "passage": "ChatGPT can now do work for you using its own computer.",
    "retrieved_on": "2025-07-18",
}


def valid_outcome(*, rows: tuple[dict[str, str], ...] | None = None, **fields) -> dict:
    data = {
        "verdict": "came_true",
        "known_on": TODAY.isoformat(),
        "note": "ChatGPT agent launched.",
        **evidence_rows(*(rows if rows is not None else (AGENT_PAGE, {"url": "https://example.org/report"}))),
    }
    data.update(fields)
    return data


def test_it_shows_the_statement_speaker_date_horizon_and_window(client, prediction):
    html = client.get(page(prediction)).content.decode()
    assert f'<blockquote class="statement" lang="zh-Hans">{QUOTE}</blockquote>' in html
    assert "In English: 2025 will be the year agents are used at scale." in html
    assert f'<a href="/speakers/{prediction.speaker_id}/">Sam Altman</a>' in html
    assert "<dd>2024-10-01</dd>" in html
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


def test_it_shows_the_review_record_newest_first_with_its_evidence(client, prediction, reviewer, staff):
    record_outcome(
        prediction=prediction,
        verdict="came_false",
        known_on=dt.date(2025, 6, 1),
        reviewer=reviewer,
        note="Early.",
        today=TODAY,
        now=NOW,
    )
    undo_verdict(prediction=prediction, by=staff, reason="Judged before the launch.", today=TODAY, now=NOW)
    record_outcome(
        prediction=prediction,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        reviewer=reviewer,
        evidence=[
            EvidenceInput(
                url="https://openai.com/index/introducing-chatgpt-agent/",
                title="Introducing ChatGPT agent",
                passage="ChatGPT can now do work for you.",
                retrieved_on=dt.date(2025, 7, 18),
            )
        ],
        today=TODAY,
        now=NOW,
    )
    html = client.get(page(prediction)).content.decode()
    history = html[html.index('id="reviews"') :]
    # Newest first: the second review, the undo with its reason, the first review.
    assert (
        history.index("known 2025-07-17")
        < history.index("Judged before the launch.")
        < history.index("known 2025-06-01")
    )
    assert (
        '<a href="https://openai.com/index/introducing-chatgpt-agent/" rel="noopener noreferrer nofollow">'
        "Introducing ChatGPT agent</a>" in history
    )
    assert '<blockquote class="passage">ChatGPT can now do work for you.</blockquote>' in history
    assert "retrieved 2025-07-18" in history and ">archived</span>" in history
    assert "round 2" in history and "round 1" in history
    # By public name: the fallback for the reviewer, who chose none; never a username.
    assert f"by Reviewer #{reviewer.pk}" in history and f"by Reviewer #{staff.pk}" in history
    assert reviewer.username not in html and staff.username not in html
    assert "✓</span> Came true" in html
    assert "1/1 reviewer · evidence archived · known 2025-07-17" in html


def test_it_shows_an_empty_history_and_says_the_prediction_waits(client, prediction):
    html = client.get(page(prediction)).content.decode()
    assert "No review recorded yet: this prediction is waiting for a reviewer." in html


def test_it_says_404_for_a_missing_prediction_or_a_draft(client):
    assert client.get(reverse("dashboard:prediction", args=[999999])).status_code == 404
    draft = PredictionFactory(status="draft")
    assert client.get(page(draft)).status_code == 404


def test_it_shows_the_outcome_form_to_reviewers_only(client, prediction, reviewer, reader, curator):
    assert "Your review" not in client.get(page(prediction)).content.decode()
    for user in (reader, curator):
        client.force_login(user)
        assert "Your review" not in client.get(page(prediction)).content.decode()
    client.force_login(reviewer)
    html = client.get(page(prediction)).content.decode()
    assert "Your review" in html
    assert f'action="{outcome_url(prediction)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    # Known on is not prefilled with today: it is the day the outcome became known, and says so.
    assert '<input type="date" name="known_on" required aria-describedby' in html
    assert "The day the outcome became publicly known (not the day you review it)." in html
    # Rows for evidence as it was read: URL, title, passage, the day it was read.
    for name in ("url", "title", "passage", "retrieved_on"):
        assert f'name="evidence-0-{name}"' in html and f'name="evidence-1-{name}"' in html


def test_it_records_a_reviewers_outcome_and_resolves_the_prediction(client, prediction, reviewer):
    client.force_login(reviewer)
    response = client.post(outcome_url(prediction), valid_outcome())
    assert response.status_code == 302
    assert response["Location"] == page(prediction) + "#reviews"
    outcome = Outcome.objects.get(prediction=prediction)
    assert (outcome.kind, outcome.verdict, outcome.reviewer) == ("review", "came_true", reviewer)
    evidence = list(Evidence.objects.filter(outcome=outcome).order_by("id"))
    assert [(item.url, item.title, item.passage, item.retrieved_on) for item in evidence] == [
        (AGENT_PAGE["url"], AGENT_PAGE["title"], AGENT_PAGE["passage"], dt.date(2025, 7, 18)),
        ("https://example.org/report", "", "", None),
    ]
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict) == (Status.RESOLVED, "came_true")
    # One row without a passage: the evidence is not all archived.
    assert prediction.verdict_evidence_archived is False
    followed = client.get(response["Location"]).content.decode()
    assert "Recorded your review: Came true" in followed
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
        ({"rows": (), "note": ""}, "Give evidence: at least one evidence URL or a note."),
        ({"rows": ({"url": "not a url"},)}, "«not a url» is not a URL"),
        ({"rows": ({"title": "A title, no URL"},)}, "Give the page&#x27;s URL, or clear this row."),
        (
            {"rows": ({"url": "https://example.org/", "passage": "Quoted."},)},
            "Give the day you read the passage",
        ),
        ({"known_on": (TODAY + dt.timedelta(days=2)).isoformat()}, "is in the future"),
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
    assert "is withdrawn: there is nothing to review." in response.content.decode()
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


def test_a_statement_copied_with_pinyin_reads_as_the_source_page_shows_it():
    statement = "我認(rèn)為明年會(huì)更好。"
    prediction = PredictionFactory(statement=statement, status=Status.OPEN)
    html = Client().get(page(prediction)).content.decode()
    assert "我認為明年會更好。" in html and "(rèn)" not in html
    listing = Client().get(reverse("dashboard:prediction-list")).content.decode()
    assert "我認為明年會更好。" in listing and "(huì)" not in listing
    prediction.refresh_from_db()
    assert prediction.statement == statement  # stored as written, only shown without the notes
