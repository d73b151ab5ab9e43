"""Creating, updating and withdrawing predictions through the API (curators)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.urls import reverse

from claims.models import Prediction, Span
from claims.services.reviews import record_outcome
from claims.spans import SpanError, resolve_span
from tests.api_helpers import CRITERIA, TEXT, anchored, api, assert_error
from tests.clock import NOW, TODAY
from tests.factories import SourceFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = "/api/predictions/"
STATEMENT = "我认为2025年将是代理之年。"


@pytest.fixture
def source():
    return SourceFactory(text=TEXT, said_on=dt.date(2024, 10, 1))


@pytest.fixture
def speaker():
    return SpeakerFactory(name="Sam Altman")


def _body(speaker, source, *spans: dict, **fields) -> dict:
    return {
        "statement": STATEMENT,
        "speaker": speaker.pk,
        "horizon_text": "2025年",
        "resolution_criteria": CRITERIA,
        "spans": list(spans) or [{"source": source.pk, "quote": STATEMENT}],
        **fields,
    }


def _span_message(**span) -> str:
    """What claims.spans says about this span: the API must say exactly the same."""
    with pytest.raises(SpanError) as caught:
        resolve_span(TEXT, **span)
    return caught.value.message


# --- create ----------------------------------------------------------------------------------


def test_a_curator_creates_a_prediction_anchored_by_quote(curator, speaker, source):
    agents = TopicFactory(slug="agents")
    response = api(curator).post(
        LIST, _body(speaker, source, topics=["agents"], confidence="expects"), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    prediction = Prediction.objects.get()
    assert response["Location"] == body["url"] == f"http://testserver/api/predictions/{prediction.pk}/"
    assert response["ETag"] == '"1"'
    assert prediction.created_by == curator
    assert prediction.said_on == dt.date(2024, 10, 1)  # from the source
    assert (prediction.due_earliest, prediction.due_latest) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert list(prediction.topics.all()) == [agents]
    span = prediction.spans.get()
    assert TEXT[span.start : span.end] == STATEMENT
    assert body["spans"][0]["start"] == span.start == TEXT.index(STATEMENT)
    assert body["confidence"] == "expects"
    assert (body["resolution_criteria"], body["clarifications"], body["criteria_frozen"]) == (
        CRITERIA,
        [],
        False,
    )
    assert prediction.resolution_criteria == CRITERIA


def test_an_open_prediction_needs_resolution_criteria_a_draft_does_not(curator, speaker, source):
    client = api(curator)
    refused = client.post(LIST, _body(speaker, source, resolution_criteria=""), format="json")
    assert_error(refused, 400, field="resolution_criteria", contains="keep it a draft until then")
    assert Prediction.objects.count() == 0
    draft = client.post(LIST, _body(speaker, source, resolution_criteria="", status="draft"), format="json")
    assert draft.status_code == 201, draft.json()
    opened = client.patch(f"{LIST}{draft.json()['id']}/", {"status": "open", "version": 1}, format="json")
    assert_error(opened, 400, field="resolution_criteria")
    written = client.patch(
        f"{LIST}{draft.json()['id']}/",
        {"status": "open", "resolution_criteria": CRITERIA, "version": 1},
        format="json",
    )
    assert (written.status_code, written.json()["status"]) == (200, "open")


def test_a_span_can_be_given_by_offsets_alone_or_with_its_quote(curator, speaker, source):
    start = TEXT.index(STATEMENT)
    end = start + len(STATEMENT)
    client = api(curator)
    by_offsets = client.post(LIST, _body(speaker, source, {"source": source.pk, "start": start, "end": end}))
    assert by_offsets.status_code == 201, by_offsets.json()
    assert by_offsets.json()["spans"][0]["quote"] == STATEMENT
    both = client.post(
        LIST, _body(speaker, source, {"source": source.pk, "start": start, "end": end, "quote": STATEMENT})
    )
    assert both.status_code == 201
    assert Span.objects.filter(start=start, end=end).count() == 2


def test_an_ambiguous_quote_is_refused_with_every_occurrence(curator, speaker, source):
    response = api(curator).post(LIST, _body(speaker, source, {"source": source.pk, "quote": "明年会更好。"}))
    first, second = TEXT.index("明年会更好。"), TEXT.rindex("明年会更好。")
    body = assert_error(response, 400, field="spans")
    message = body["errors"]["spans"][0]
    assert message == "span 1, quote: " + _span_message(quote="明年会更好。")
    assert f"{first}–{first + 6}" in message and f"{second}–{second + 6}" in message
    assert Prediction.objects.count() == 0


def test_a_prefix_picks_one_occurrence_of_an_ambiguous_quote(curator, speaker, source):
    span = {"source": source.pk, "quote": "明年会更好。", "prefix": "他说："}
    response = api(curator).post(LIST, _body(speaker, source, span))
    assert response.status_code == 201
    assert response.json()["spans"][0]["start"] == TEXT.rindex("明年会更好。")


def test_offsets_that_do_not_match_the_quote_say_what_the_text_reads_there(curator, speaker, source):
    span = {"source": source.pk, "start": 0, "end": 4, "quote": "我认为2"}
    body = assert_error(api(curator).post(LIST, _body(speaker, source, span)), 400, field="spans")
    assert body["errors"]["spans"] == ["span 1, quote: " + _span_message(start=0, end=4, quote="我认为2")]
    assert "«主持人：»" in body["errors"]["spans"][0]


def test_span_errors_read_exactly_as_in_the_admin(client, curator, speaker, source):
    """The admin shows resolve_span's message on the span form; the API prefixes it with the span."""
    client.force_login(curator)
    admin_response = client.post(
        reverse("admin:claims_prediction_add"),
        {
            "statement": STATEMENT,
            "speaker": speaker.pk,
            "kind": "prediction",
            "status": "open",
            "horizon_text": "2025年",
            "spans-TOTAL_FORMS": "1",
            "spans-INITIAL_FORMS": "0",
            "spans-MIN_NUM_FORMS": "1",
            "spans-MAX_NUM_FORMS": "1000",
            "spans-0-source": source.pk,
            "spans-0-role": "statement",
            "spans-0-quote": "明年会更好。",
            "outcomes-TOTAL_FORMS": "0",
            "outcomes-INITIAL_FORMS": "0",
        },
    )
    admin_message = admin_response.context["inline_admin_formsets"][0].formset.errors[0]["quote"][0]
    api_body = (
        api(curator).post(LIST, _body(speaker, source, {"source": source.pk, "quote": "明年会更好。"})).json()
    )
    assert api_body["errors"]["spans"] == [f"span 1, quote: {admin_message}"]


def test_one_bad_span_saves_nothing_and_names_its_position(curator, speaker, source):
    spans = [{"source": source.pk, "quote": STATEMENT}, {"source": source.pk, "start": 5, "end": 5000}]
    body = assert_error(api(curator).post(LIST, _body(speaker, source, *spans)), 400, field="spans")
    assert body["errors"]["spans"] == ["span 2, end: " + _span_message(start=5, end=5000)]
    assert (Prediction.objects.count(), Span.objects.count()) == (0, 0)


def test_a_quote_with_decomposed_accents_matches_the_nfc_text(curator, speaker):
    text = "他说：nǐ hǎo，明年见。"
    source = SourceFactory(text=text)
    decomposed = unicodedata.normalize("NFD", "nǐ hǎo")
    assert decomposed not in text
    response = api(curator).post(LIST, _body(speaker, source, {"source": source.pk, "quote": decomposed}))
    assert response.status_code == 201, response.json()
    assert response.json()["spans"][0]["quote"] == "nǐ hǎo"


@pytest.mark.parametrize(
    ("change", "field", "contains"),
    [
        ({"spans": []}, "spans", ""),
        ({"spans": [{"source": 999999, "quote": STATEMENT}]}, "spans", "span 1, source:"),
        ({"spans": [{"quote": STATEMENT}]}, "spans", "span 1, source: This field is required."),
        ({"speaker": 999999}, "speaker", ""),
        ({"statement": ""}, "statement", ""),
        ({"topics": ["no-such-topic"]}, "topics", "no-such-topic"),
        ({"status": "withdrawn"}, "status", "draft or open"),
        ({"status": "resolved"}, "status", ""),
        ({"confidence": "sure"}, "confidence", ""),
        ({"due_earliest": "2026-01-02", "due_latest": "2026-01-01"}, "due_earliest", "after it ends"),
        ({"said_on": "2024-02-30"}, "said_on", ""),
        ({"statement": "null\x00byte"}, "statement", "Null characters"),
    ],
)
def test_invalid_predictions_are_refused_field_by_field(curator, speaker, source, change, field, contains):
    response = api(curator).post(LIST, {**_body(speaker, source), **change}, format="json")
    assert_error(response, 400, field=field, contains=contains)
    assert Prediction.objects.count() == 0


def test_giving_due_dates_sets_the_window_by_hand(curator, speaker, source):
    response = api(curator).post(LIST, _body(speaker, source, due_latest="2026-06-30"))
    assert response.status_code == 201
    prediction = Prediction.objects.get()
    assert prediction.window_overridden
    assert (prediction.due_earliest, prediction.due_latest) == (dt.date(2024, 10, 1), dt.date(2026, 6, 30))


# --- update ----------------------------------------------------------------------------------


def _url(prediction) -> str:
    return f"{LIST}{prediction.pk}/"


def test_an_update_with_the_current_etag_applies_and_bumps_the_version(curator):
    prediction = anchored()
    response = api(curator).patch(_url(prediction), {"horizon_text": "明年"}, HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"2"'
    assert response.json()["version"] == 2
    prediction.refresh_from_db()
    # The window follows the new horizon words: 明年 said in 2024 is 2025.
    assert (prediction.horizon_text, prediction.version) == ("明年", 2)
    assert (prediction.due_earliest, prediction.due_latest) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_an_update_with_a_stale_etag_is_412_and_changes_nothing(curator):
    prediction = anchored()
    client = api(curator)
    assert client.patch(_url(prediction), {"statement_en": "first"}, HTTP_IF_MATCH='"1"').status_code == 200
    response = client.patch(_url(prediction), {"statement_en": "second"}, HTTP_IF_MATCH='"1"')
    assert_error(response, 412, contains='now at "2"')
    assert response["ETag"] == '"2"'
    prediction.refresh_from_db()
    assert (prediction.statement_en, prediction.version) == ("first", 2)


def test_an_update_with_a_stale_version_in_the_body_is_409(curator):
    prediction = anchored()
    Prediction.objects.filter(pk=prediction.pk).update(version=5)
    response = api(curator).patch(_url(prediction), {"statement_en": "late", "version": 4})
    body = assert_error(response, 409, field="version", contains="it is now at version 5")
    assert "send version 5" in body["detail"]
    assert Prediction.objects.get().statement_en == ""


def test_an_update_that_names_no_version_is_428(curator):
    prediction = anchored()
    response = api(curator).patch(_url(prediction), {"statement_en": "blind"})
    assert_error(response, 428, contains='If-Match: "1"')
    assert Prediction.objects.get().version == 1


@pytest.mark.parametrize(("header", "status"), [('W/"1"', 412), ('"0", "1"', 200), ("*", 200), ("1", 412)])
def test_if_match_uses_strong_comparison(curator, header, status):
    prediction = anchored()
    response = api(curator).patch(_url(prediction), {"statement_en": "x"}, HTTP_IF_MATCH=header)
    assert response.status_code == status


def test_a_put_replaces_the_spans(curator):
    prediction = anchored()
    source = prediction.spans.get().source
    body = {
        "statement": "AGI will arrive within five years.",
        "speaker": prediction.speaker_id,
        "horizon_text": "within five years",
        "spans": [{"source": source.pk, "quote": "AGI will arrive within five years."}],
        "version": 1,
    }
    response = api(curator).put(_url(prediction), body)
    assert response.status_code == 200, response.json()
    assert [s["quote"] for s in response.json()["spans"]] == ["AGI will arrive within five years."]
    assert list(Span.objects.values_list("quote", flat=True)) == ["AGI will arrive within five years."]
    assert Prediction.objects.get().due_latest == dt.date(2029, 10, 1)


def test_an_update_with_a_bad_span_keeps_the_old_spans_and_version(curator):
    prediction = anchored()
    source = prediction.spans.get().source
    response = api(curator).patch(
        _url(prediction),
        {"spans": [{"source": source.pk, "quote": "没有这句话"}], "statement_en": "x"},
        HTTP_IF_MATCH='"1"',
    )
    assert_error(response, 400, field="spans", contains="span 1, quote: The quote «没有这句话» was not found")
    prediction.refresh_from_db()
    assert (prediction.version, prediction.statement_en) == (1, "")
    assert list(prediction.spans.values_list("quote", flat=True)) == [STATEMENT]


def test_a_patch_with_a_span_that_names_no_source_is_400_not_a_server_error(curator):
    # A PATCH makes nested fields optional; a span without its source was a KeyError (500).
    prediction = anchored()
    response = api(curator).patch(
        _url(prediction), {"spans": [{"quote": STATEMENT}]}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert_error(response, 400, field="spans", contains="source: This field is required.")
    prediction.refresh_from_db()
    assert prediction.version == 1


def test_a_topic_that_cannot_be_a_slug_is_400_not_a_server_error(curator):
    # PostgreSQL refuses a NUL byte in a text parameter: looked up, it was a 500.
    prediction = anchored()
    response = api(curator).patch(
        _url(prediction), {"topics": ["ai\x00"]}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert_error(response, 400, field="topics", contains="does not exist")
    prediction.refresh_from_db()
    assert prediction.version == 1


def test_giving_a_due_date_on_update_sets_the_window_by_hand(curator):
    prediction = anchored()
    response = api(curator).patch(_url(prediction), {"due_latest": "2027-03-31"}, HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    assert (response.json()["window_overridden"], response.json()["due_latest"]) == (True, "2027-03-31")


@pytest.mark.parametrize("status", ["resolved", "due"])
def test_statuses_that_follow_events_cannot_be_set_by_hand(curator, status):
    prediction = anchored()
    response = api(curator).patch(_url(prediction), {"status": status}, HTTP_IF_MATCH='"1"')
    assert_error(response, 400, field="status")
    assert Prediction.objects.get().status == "open"


def test_a_resolved_prediction_keeps_its_status_but_can_be_corrected(curator, reviewer):
    prediction = anchored()
    record_outcome(
        prediction=prediction,
        verdict="came_true",
        known_on=dt.date(2025, 7, 1),
        reviewer=reviewer,
        note="n",
        today=TODAY,
        now=NOW,
    )
    client = api(curator)
    refused = client.patch(_url(prediction), {"status": "open"}, HTTP_IF_MATCH='"2"')
    assert_error(refused, 409, field="status", contains="is resolved")
    fixed = client.patch(_url(prediction), {"statement_en": "Agents in 2025."}, HTTP_IF_MATCH='"2"')
    assert fixed.status_code == 200
    assert (fixed.json()["status"], fixed.json()["verdict"], fixed.json()["version"]) == (
        "resolved",
        "came_true",
        3,
    )


# --- withdraw --------------------------------------------------------------------------------


def test_a_curator_withdraws_a_prediction_once(curator):
    prediction = anchored()
    client = api(curator)
    response = client.post(f"{_url(prediction)}withdraw/", {"version": 1})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("withdrawn", 2)
    again = client.post(f"{_url(prediction)}withdraw/", HTTP_IF_MATCH='"2"')
    assert (again.status_code, again.json()["version"]) == (200, 2)  # idempotent: no new version


def test_withdrawing_needs_the_current_version(curator):
    prediction = anchored()
    client = api(curator)
    assert_error(client.post(f"{_url(prediction)}withdraw/"), 428)
    assert_error(client.post(f"{_url(prediction)}withdraw/", {"version": 7}), 409, field="version")
    assert_error(client.post(f"{_url(prediction)}withdraw/", HTTP_IF_MATCH='"7"'), 412)
    assert Prediction.objects.get().status == "open"


def test_a_resolved_prediction_cannot_be_withdrawn(curator, reviewer):
    prediction = anchored()
    record_outcome(
        prediction=prediction,
        verdict="came_false",
        known_on=dt.date(2026, 1, 1),
        reviewer=reviewer,
        note="n",
        today=TODAY,
        now=NOW,
    )
    response = api(curator).post(f"{_url(prediction)}withdraw/", {"version": 2})
    assert_error(response, 409, field="status", contains="is resolved")


def test_a_withdrawn_prediction_can_be_reopened(curator):
    prediction = anchored()
    client = api(curator)
    client.post(f"{_url(prediction)}withdraw/", {"version": 1})
    response = client.patch(_url(prediction), {"status": "open", "version": 2})
    assert (response.status_code, response.json()["status"]) == (200, "open")
