from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from claims.models import Evidence, Outcome, Prediction, Source, Span
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SourceFactory, SpanFactory, SpeakerFactory
from tests.test_browser import browser  # noqa: F401  (the fixture, for the 1400 px check)
from tests.test_dashboard_prediction import evidence_rows

pytestmark = pytest.mark.django_db

TEXT = "主持人：明年呢？\nSam Altman：我认为2025年将是代理之年。明年会更好。他说：明年会更好。\n"


def _prediction_post(speaker, source, *, quote="", start="", end="", prefix="", **fields) -> dict:
    data = {
        "statement": "我认为2025年将是代理之年。",
        "statement_en": "2025 will be the year of agents.",
        "speaker": speaker.pk,
        "kind": "prediction",
        "confidence": "expects",
        "status": "open",
        "said_on": "",
        "horizon_text": "2025年",
        "resolution_criteria": "Came true if AI agents were in everyday use by millions of people by 2025-12-31.",
        "due_earliest": "",
        "due_latest": "",
        "key": "",
        "spans-TOTAL_FORMS": "1",
        "spans-INITIAL_FORMS": "0",
        "spans-MIN_NUM_FORMS": "1",
        "spans-MAX_NUM_FORMS": "1000",
        "spans-0-source": source.pk,
        "spans-0-role": "statement",
        "spans-0-quote": quote,
        "spans-0-start": start,
        "spans-0-end": end,
        "spans-0-prefix": prefix,
        "spans-0-suffix": "",
    }
    data.update(fields)
    return data


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("admin:claims_prediction_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_curator_adds_a_source_and_anchors_a_prediction_by_quote(client, curator):
    client.force_login(curator)
    response = client.post(
        reverse("admin:claims_source_add"),
        {
            "title": "DevDay 2024",
            "url": "https://example.org/devday",
            "publisher": "",
            "author": "",
            "language": "zh-Hans",
            "file_name": "",
            "published_on": "2024-10-07",
            "said_on": "2024-10-01",
            "text": TEXT.replace("\n", "\r\n"),
            "spans-TOTAL_FORMS": "0",
            "spans-INITIAL_FORMS": "0",
            "spans-MIN_NUM_FORMS": "0",
            "spans-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get()
    assert source.text == TEXT  # CRLF canonicalized

    speaker = SpeakerFactory(name="Sam Altman")
    response = client.post(
        reverse("admin:claims_prediction_add"),
        _prediction_post(speaker, source, quote="我认为2025年将是代理之年。"),
    )
    assert response.status_code == 302
    prediction = Prediction.objects.get()
    span = prediction.spans.get()
    assert source.text[span.start : span.end] == "我认为2025年将是代理之年。"
    assert prediction.said_on == dt.date(2024, 10, 1)  # taken from the source
    assert prediction.due_latest == dt.date(2025, 12, 31)
    assert prediction.created_by == curator

    # The change page previews the quote in its context.
    page = client.get(reverse("admin:claims_prediction_change", args=[prediction.pk]))
    assert "<mark>我认为2025年将是代理之年。</mark>" in page.content.decode()


@pytest.mark.parametrize(
    ("span_fields", "field", "message"),
    [
        ({"quote": "没有这句话"}, "quote", "not found"),
        ({"quote": "明年会更好。"}, "quote", "occurs 2 times"),
        ({"start": "5", "end": "5000"}, "end", "past the end"),
        ({"start": "9", "end": "5"}, "end", "greater than start"),
        ({"start": "0", "end": "4", "quote": "我认为"}, "quote", "主持人："),
    ],
)
def test_span_mistakes_are_form_errors_naming_the_field(client, curator, span_fields, field, message):
    client.force_login(curator)
    source = SourceFactory(text=TEXT)
    response = client.post(
        reverse("admin:claims_prediction_add"), _prediction_post(SpeakerFactory(), source, **span_fields)
    )
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert field in errors
    assert message in " ".join(errors[field])
    assert Prediction.objects.count() == 0


def test_an_ambiguous_quote_is_accepted_with_a_prefix(client, curator):
    client.force_login(curator)
    source = SourceFactory(text=TEXT)
    response = client.post(
        reverse("admin:claims_prediction_add"),
        _prediction_post(SpeakerFactory(), source, quote="明年会更好。", prefix="他说："),
    )
    assert response.status_code == 302
    span = Span.objects.get()
    assert source.text[span.start - 3 : span.start] == "他说："


def test_an_inverted_window_is_a_form_error(client, curator):
    client.force_login(curator)
    source = SourceFactory(text=TEXT)
    data = _prediction_post(
        SpeakerFactory(),
        source,
        quote="我认为2025年将是代理之年。",
        window_overridden="on",
        due_earliest="2026-01-02",
        due_latest="2026-01-01",
    )
    response = client.post(reverse("admin:claims_prediction_add"), data)
    assert response.status_code == 200
    assert "due_earliest" in response.context["adminform"].form.errors
    assert Prediction.objects.count() == 0


def test_editing_the_text_of_an_anchored_source_is_a_form_error(client, curator):
    client.force_login(curator)
    span = SpanFactory()
    source = span.source
    response = client.post(
        reverse("admin:claims_source_change", args=[source.pk]),
        {
            "title": source.title,
            "language": source.language,
            "published_on": "2024-10-07",
            "said_on": "2024-10-01",
            "text": source.text + "新增。",
            "spans-TOTAL_FORMS": "1",
            "spans-INITIAL_FORMS": "1",
            "spans-MIN_NUM_FORMS": "0",
            "spans-MAX_NUM_FORMS": "0",
            "spans-0-id": span.pk,
            "spans-0-source": source.pk,
        },
    )
    assert response.status_code == 200
    assert "cannot be changed" in " ".join(response.context["adminform"].form.errors["text"])
    source.refresh_from_db()
    assert not source.text.endswith("新增。")


def test_a_reviewer_records_an_outcome_and_the_prediction_resolves(client, reviewer):
    client.force_login(reviewer)
    prediction = PredictionFactory(status="due")
    review_url = reverse("admin:claims_prediction_review", args=[prediction.pk])
    page = client.get(reverse("admin:claims_prediction_change", args=[prediction.pk])).content.decode()
    assert review_url in page  # the reviewer's button on the prediction page
    assert client.get(review_url).status_code == 200
    response = client.post(
        review_url,
        {
            "verdict": "came_true",
            "known_on": "2025-07-17",
            "note": "ChatGPT agent launched.",
            **evidence_rows(
                {
                    "url": "https://openai.com/index/introducing-chatgpt-agent/",
                    "title": "Introducing ChatGPT agent",
                    "passage": "ChatGPT now thinks and acts.",
                    "retrieved_on": "2025-07-18",
                },
                {"url": "", "title": "", "passage": "", "retrieved_on": ""},  # a blank row is skipped
            ),
        },
    )
    assert response.status_code == 302
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict) == ("resolved", "came_true")
    outcome = Outcome.objects.get()
    assert outcome.reviewer == reviewer
    evidence = Evidence.objects.get()
    assert (evidence.outcome, evidence.title, evidence.retrieved_on) == (
        outcome,
        "Introducing ChatGPT agent",
        dt.date(2025, 7, 18),
    )
    # The history shows on the prediction page, read-only, with the agreement behind the verdict.
    page = client.get(reverse("admin:claims_prediction_change", args=[prediction.pk])).content.decode()
    assert "introducing-chatgpt-agent" in page and "ChatGPT now thinks and acts." in page
    assert "1/1 reviewer · evidence archived · known 2025-07-17" in page


def test_an_outcome_without_evidence_is_a_form_error(client, reviewer):
    client.force_login(reviewer)
    prediction = PredictionFactory(status="due")
    response = client.post(
        reverse("admin:claims_prediction_review", args=[prediction.pk]),
        {"verdict": "came_true", "known_on": "2025-07-17", **evidence_rows({"url": "not a url"})},
    )
    assert response.status_code == 200
    assert "«not a url» is not a URL" in str(response.context["formset"].errors)
    assert Outcome.objects.count() == 0

    # No evidence and no reasoning: the service's message, and nothing recorded.
    response = client.post(
        reverse("admin:claims_prediction_review", args=[prediction.pk]),
        {"verdict": "came_true", "known_on": "2025-07-17", **evidence_rows()},
    )
    assert response.status_code == 200
    assert "Give evidence: at least one evidence URL or a note." in response.content.decode()
    assert Outcome.objects.count() == 0


def test_outcomes_cannot_be_changed_or_deleted_in_the_admin(client, staff):
    client.force_login(staff)
    outcome_prediction = PredictionFactory(status="due")
    from claims.services.reviews import record_outcome

    outcome = record_outcome(
        prediction=outcome_prediction,
        verdict="came_false",
        known_on=dt.date(2025, 1, 1),
        reviewer=staff,
        note="x",
        today=TODAY,
        now=NOW,
    )
    assert client.get(reverse("admin:claims_outcome_add")).status_code == 403
    change = client.post(reverse("admin:claims_outcome_change", args=[outcome.pk]), {"verdict": "came_true"})
    assert change.status_code == 403
    delete = client.post(reverse("admin:claims_outcome_delete", args=[outcome.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert Outcome.objects.get().verdict == "came_false"


def test_a_reviewer_cannot_edit_sources_or_predictions(client, reviewer):
    client.force_login(reviewer)
    source = SourceFactory()
    prediction = PredictionFactory()
    assert client.get(reverse("admin:claims_source_change", args=[source.pk])).status_code == 200  # view only
    response = client.post(reverse("admin:claims_source_change", args=[source.pk]), {"title": "Hacked"})
    assert response.status_code == 403
    assert client.get(reverse("admin:claims_source_add")).status_code == 403
    response = client.post(
        reverse("admin:claims_prediction_change", args=[prediction.pk]), {"statement": "x"}
    )
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.title != "Hacked"


def test_a_curator_cannot_record_outcomes(client, curator):
    client.force_login(curator)
    prediction = PredictionFactory(status="due")
    assert client.get(reverse("admin:claims_prediction_review", args=[prediction.pk])).status_code == 403
    assert reverse("admin:claims_prediction_review", args=[prediction.pk]) not in (
        client.get(reverse("admin:claims_prediction_change", args=[prediction.pk])).content.decode()
    )


def test_the_source_page_highlights_every_span(client, curator):
    client.force_login(curator)
    span = SpanFactory()
    page = client.get(reverse("admin:claims_source_change", args=[span.source_id])).content.decode()
    assert 'class="span"' in page and span.quote in page
    assert reverse("admin:claims_prediction_change", args=[span.prediction_id]) in page


@pytest.mark.parametrize("rows", [1, 30])
def test_the_prediction_changelist_runs_a_fixed_number_of_queries(
    client, curator, django_assert_max_num_queries, rows
):
    source = SourceFactory()
    for _ in range(rows):
        SpanFactory(source=source)
    client.force_login(curator)
    # session, user, groups/permissions (2), count, filtered count, page rows (with speaker),
    # list-filter choices: speakers, sources, topics, due years; date hierarchy; ~14 in all.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("admin:claims_prediction_changelist"))
    assert response.status_code == 200
    assert f"{rows} prediction" in response.content.decode()


def test_searching_the_changelist_finds_chinese_substrings_in_quotes(client, curator):
    client.force_login(curator)
    SpanFactory(quote="明年会更好。", prediction=PredictionFactory(statement="x"))
    PredictionFactory(statement="y")
    response = client.get(reverse("admin:claims_prediction_changelist"), {"q": "更好"})
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_the_admin_shows_iso_dates_in_every_language(client, curator, language):
    from django.utils import formats, translation

    prediction = PredictionFactory()
    with translation.override(language):
        assert formats.date_format(dt.date(2024, 12, 31)) == "2024-12-31"
        assert (
            formats.date_format(dt.datetime(2024, 12, 31, 23, 59, tzinfo=dt.UTC), "DATETIME_FORMAT")
            == "2024-12-31 23:59"
        )
        assert formats.date_format(dt.date(2024, 12, 31), "SHORT_DATE_FORMAT") == "2024-12-31"
    client.force_login(curator)
    page = client.get(reverse("admin:claims_prediction_changelist"), HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    assert f"{prediction.due_latest:%Y-%m-%d}" in html
    due = prediction.due_latest
    assert f"{due:%b}. {due.day}, {due.year}" not in html


def _judged(reviewer) -> Prediction:
    from claims.services.reviews import record_outcome

    prediction = PredictionFactory(status="due")
    record_outcome(
        prediction=prediction,
        verdict="came_false",
        known_on=dt.date(2025, 1, 1),
        reviewer=reviewer,
        note="x",
        today=TODAY,
        now=NOW,
    )
    return prediction


def test_delete_is_offered_for_a_fresh_draft_and_not_for_a_judged_prediction(client, staff):
    judged, draft = _judged(staff), PredictionFactory(status="draft")
    assert list(Prediction.objects.deletable()) == [draft]
    client.force_login(staff)
    delete_link = 'class="deletelink"'
    assert (
        delete_link in client.get(reverse("admin:claims_prediction_change", args=[draft.pk])).content.decode()
    )
    judged_page = client.get(reverse("admin:claims_prediction_change", args=[judged.pk])).content.decode()
    assert delete_link not in judged_page
    # Asked for anyway, the delete page refuses before anything is written.
    assert (
        client.post(reverse("admin:claims_prediction_delete", args=[judged.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Prediction.objects.filter(pk=judged.pk).exists()


def test_bulk_delete_of_a_mixed_selection_deletes_the_draft_and_keeps_the_judged(client, staff):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    judged, draft = _judged(staff), PredictionFactory(status="draft")
    client.force_login(staff)
    changelist = reverse("admin:claims_prediction_changelist")
    selection = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [judged.pk, draft.pk]}
    confirm = client.post(changelist, selection)
    assert confirm.status_code == 200
    assert f"#{judged.pk}" in confirm.content.decode()  # named as kept
    done = client.post(changelist, {**selection, "post": "yes"})
    assert done.status_code == 302
    assert list(Prediction.objects.all()) == [judged]


def test_a_source_predictions_quote_offers_no_delete(client, staff):
    quoted, spare = SpanFactory().source, SourceFactory()
    assert list(Source.objects.deletable()) == [spare]
    client.force_login(staff)
    page = client.get(reverse("admin:claims_source_change", args=[quoted.pk])).content.decode()
    assert 'class="deletelink"' not in page
    spare_page = client.get(reverse("admin:claims_source_change", args=[spare.pk])).content.decode()
    assert 'class="deletelink"' in spare_page


LONG_STATEMENT = (
    "我认为到2030年，人工智能代理将在全世界的大多数公司中承担日常工作，并且每个人都会有自己的助手，" * 2
)


def test_the_prediction_changelist_shows_short_columns_and_the_whole_statement_on_hover(client, curator):
    PredictionFactory(statement=LONG_STATEMENT)
    client.force_login(curator)
    response = client.get(reverse("admin:claims_prediction_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].list_display) == [
        "action_checkbox",
        "id",
        "short_statement",
        "speaker",
        "status",
        "verdict",
        "agreement",
        "due_latest",
    ]
    html = response.content.decode()
    assert f'title="{LONG_STATEMENT}"' in html  # whole on hover
    assert LONG_STATEMENT[:59] + "…" in html  # cut in the cell
    assert "claims/admin.css" in html and "model-prediction" in html  # the stylesheet and its hook


@pytest.mark.browser
def test_at_1400_px_no_changelist_header_is_clipped_and_review_buttons_wrap(
    transactional_db,
    live_server,
    browser,  # noqa: F811  (the fixture imported above)
):
    from django.contrib.auth.models import User

    from claims.models import Status

    # A superuser: a transactional test cannot count on the groups the migrations create.
    admin_user = User.objects.create_superuser("browser-admin", "admin@example.org", "pw")
    for _ in range(3):
        PredictionFactory(statement=LONG_STATEMENT, status=Status.OPEN)
    prediction = Prediction.objects.first()
    assert prediction is not None
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.goto(live_server.url + reverse("admin:claims_prediction_changelist"))
    columns = page.evaluate(
        "() => [...document.querySelectorAll('#result_list th')].map(th => [th.className, th.offsetWidth])"
    )
    widths = page.evaluate(
        "() => { const box = document.querySelector('.results'); return [box.scrollWidth, box.clientWidth]; }"
    )
    assert widths[0] <= widths[1], (
        f"the changelist table overflows its container: {widths}, columns {columns}"
    )
    page.goto(live_server.url + reverse("admin:claims_prediction_change", args=[prediction.pk]))
    overlap = page.evaluate(
        "() => { const t = document.querySelector('#content h2') || document.querySelector('#content h1');"
        " const tools = document.querySelector('.object-tools');"
        " if (!t || !tools) return false; const a = t.getBoundingClientRect(), b = tools.getBoundingClientRect();"
        " return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top); }"
    )
    assert not overlap, "the review buttons overlap the prediction's title"
    page.close()
