"""What was judged stays judged: from the first review on, a prediction's statement, speaker,
kind, confidence, dates, horizon words and spans change only by an appended correction (in the
services and by database triggers); a correction that changes what was judged reopens review,
a typo fix does not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from claims.models import Correction, EditRecord, Face, Outcome, OutcomeKind, Prediction, Span, Status
from claims.services.corrections import correct_prediction
from claims.services.predictions import (
    SpanInput,
    create_prediction,
    save_spans,
    update_prediction,
    withdraw_prediction,
)
from claims.services.record import verify_record
from claims.services.reviews import record_outcome
from tests.clock import NOW, TODAY
from tests.factories import SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

STATEMENT = "我认为2025年将是代理大规模使用的一年。"
CRITERIA = "Came true if AI agents were in everyday use by millions of people by 2025-12-31."


@pytest.fixture
def source():
    return SourceFactory()


@pytest.fixture
def judged(source, reviewer) -> Prediction:
    """Resolved came true by one reviewer (reviewers_required=1)."""
    prediction = create_prediction(
        speaker=SpeakerFactory(name="Sam Altman"),
        statement=STATEMENT,
        horizon_text="2025年",
        spans=[SpanInput(source=source, quote=STATEMENT)],
        resolution_criteria=CRITERIA,
        reviewers_required=1,
    )
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        note="ChatGPT agent launched.",
        today=TODAY,
        now=NOW,
    )
    prediction.refresh_from_db()
    assert prediction.status == Status.RESOLVED
    return prediction


def _correct(prediction, by, **kwargs) -> Correction:
    kwargs.setdefault("what_was_wrong", "Attributed to the wrong speaker.")
    return correct_prediction(prediction=prediction, by=by, today=TODAY, now=NOW, face=Face.API, **kwargs)


# --- Frozen in the services ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("statement", "我认为2026年将是代理大规模使用的一年。"),
        ("kind", "claim"),
        ("confidence", "certain"),
        ("horizon_text", "2030年"),
        ("said_on", dt.date(2023, 1, 1)),
        ("due_latest", dt.date(2030, 12, 31)),
    ],
)
def test_an_update_of_what_was_judged_is_refused_naming_the_field(judged, curator, field, value):
    with pytest.raises(ValidationError) as caught:
        update_prediction(
            prediction=judged,
            expected_version=judged.version,
            now=NOW,
            by=curator,
            face=Face.API,
            **{field: value},
        )
    assert field in caught.value.message_dict
    message = caught.value.message_dict[field][0]
    assert "frozen" in message and f"/api/predictions/{judged.pk}/corrections/" in message
    stored = Prediction.objects.get(pk=judged.pk)
    assert (stored.version, stored.statement, stored.due_latest) == (
        judged.version,
        STATEMENT,
        judged.due_latest,
    )


def test_a_new_speaker_and_new_spans_are_refused_too(judged, curator, source):
    other = SpeakerFactory(name="Kevin Weil")
    with pytest.raises(ValidationError) as caught:
        update_prediction(
            prediction=judged,
            expected_version=None,
            now=NOW,
            by=curator,
            face=Face.API,
            speaker=other,
            spans=[SpanInput(source=source, quote="明年会更好。")],
        )
    assert set(caught.value.message_dict) == {"speaker", "spans"}
    assert Prediction.objects.get(pk=judged.pk).speaker.name == "Sam Altman"
    assert [span.quote for span in Span.objects.filter(prediction=judged)] == [STATEMENT]


def test_what_was_not_judged_may_still_be_edited(judged, curator, source):
    update_prediction(
        prediction=judged,
        expected_version=judged.version,
        now=NOW,
        by=curator,
        face=Face.API,
        statement_en="2025 is the year of agents.",
        statement=STATEMENT,  # given again as it is
        spans=[SpanInput(source=source, quote=STATEMENT)],
    )
    stored = Prediction.objects.get(pk=judged.pk)
    assert stored.statement_en == "2025 is the year of agents."
    assert stored.status == Status.RESOLVED


def test_the_admins_span_rows_of_a_judged_prediction_are_refused(judged, curator):
    span = judged.spans.get()
    span.quote = "明年会更好。"
    with pytest.raises(ValidationError, match="its spans is frozen|spans"):
        save_spans(prediction=judged, save=[span], remove=[], by=curator, face=Face.ADMIN, now=NOW)
    assert judged.spans.get().quote == STATEMENT


# --- Frozen in the database --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("statement", "改了。"), ("kind", "claim"), ("due_latest", dt.date(2030, 12, 31)), ("horizon_text", "")],
)
def test_the_database_refuses_an_edit_of_what_was_judged(judged, field, value):
    with pytest.raises(DatabaseError, match="frozen since its first review"), transaction.atomic():
        Prediction.objects.filter(pk=judged.pk).update(**{field: value})
    # A correction count moved on with no correction behind it does not open the lock either.
    with pytest.raises(DatabaseError, match="frozen since its first review"), transaction.atomic():
        Prediction.objects.filter(pk=judged.pk).update(**{field: value}, correction_count=1)
    assert Prediction.objects.filter(pk=judged.pk, **{field: getattr(judged, field)}).exists()


def test_the_database_refuses_new_or_changed_spans_of_a_judged_prediction(judged, source):
    with pytest.raises(DatabaseError, match="spans of a judged prediction are frozen"), transaction.atomic():
        Span.objects.create(prediction=judged, source=source, start=0, end=4, quote="# 访谈")
    with pytest.raises(DatabaseError, match="spans of a judged prediction are frozen"), transaction.atomic():
        Span.objects.filter(prediction=judged).update(start=0, end=4, quote="# 访谈")
    assert [span.quote for span in Span.objects.filter(prediction=judged)] == [STATEMENT]


@pytest.mark.postgres
def test_postgresql_refuses_removing_a_judged_predictions_span(judged):
    # SQLite has no DELETE guard (Django empties SQLite tables with DELETE between tests).
    with pytest.raises(DatabaseError, match="spans of a judged prediction are frozen"), transaction.atomic():
        Span.objects.filter(prediction=judged).delete()
    assert Span.objects.filter(prediction=judged).count() == 1


def test_the_database_refuses_a_judged_prediction_back_to_draft(judged):
    Prediction.objects.filter(pk=judged.pk).update(status=Status.RESOLVED)  # unchanged: allowed
    with pytest.raises(DatabaseError, match="cannot go back to draft"), transaction.atomic():
        Prediction.objects.filter(pk=judged.pk).update(
            status=Status.DRAFT, verdict="", verdict_known_on=None, verdict_reviewers=0
        )
    assert Prediction.objects.get(pk=judged.pk).status == Status.RESOLVED


def test_the_database_refuses_an_edit_of_a_correction(judged, curator):
    correction = _correct(judged, curator, speaker=SpeakerFactory(name="Kevin Weil"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Correction.objects.filter(pk=correction.pk).update(what_was_wrong="Nothing.")


# --- Corrections ---------------------------------------------------------------------------------


def test_a_correction_of_the_speaker_reopens_review(judged, curator):
    weil, altman = SpeakerFactory(name="Kevin Weil"), judged.speaker
    correction = _correct(judged, curator, speaker=weil)

    assert (correction.number, correction.reopened_review, correction.author) == (1, True, curator)
    assert correction.changes["speaker"] == [
        {"id": altman.pk, "name": "Sam Altman"},
        {"id": weil.pk, "name": "Kevin Weil"},
    ]
    judged.refresh_from_db()
    # The verdict is set aside: a new round judges the corrected prediction (its window has
    # closed by TODAY, so it is due at once).
    assert (judged.speaker, judged.correction_count, judged.verdict, judged.review_round) == (weil, 1, "", 2)
    assert judged.status == Status.DUE
    events = list(
        Outcome.objects.filter(prediction=judged).order_by("id").values_list("kind", "round", "note")
    )
    assert events[0][:2] == (OutcomeKind.REVIEW, 1)  # the verdict stays on record
    assert events[1] == (OutcomeKind.REOPEN, 1, "Correction 1: Attributed to the wrong speaker.")
    # In the edit history and in the public record, which still verifies.
    assert EditRecord.objects.filter(object_id=judged.pk, changes__has_key="speaker").exists()
    assert verify_record().ok


def test_a_typo_fix_keeps_the_verdict(judged, curator):
    fixed = "我认为2025年将是代理大规模使用的一年！"
    correction = _correct(judged, curator, statement=fixed, typo=True, what_was_wrong="Punctuation.")
    judged.refresh_from_db()
    assert correction.reopened_review is False
    assert (judged.statement, judged.status, judged.verdict, judged.review_round) == (
        fixed,
        Status.RESOLVED,
        "came_true",
        1,
    )
    assert not Outcome.objects.filter(prediction=judged, kind=OutcomeKind.REOPEN).exists()


def test_a_typo_fix_may_not_change_what_was_judged(judged, curator):
    with pytest.raises(ValidationError) as caught:
        _correct(judged, curator, horizon_text="2026年", typo=True)
    assert "horizon_text" in caught.value.message_dict["typo"][0]
    assert not Correction.objects.exists()


def test_a_correction_of_the_horizon_moves_the_window_and_of_the_spans_reanchors(judged, curator, source):
    correction = _correct(
        judged,
        curator,
        what_was_wrong="The horizon is next year, and the quote was the wrong sentence.",
        horizon_text="明年",
        spans=[SpanInput(source=source, quote="明年会更好。")],
    )
    judged.refresh_from_db()
    assert judged.horizon_text == "明年"
    assert judged.due_latest == dt.date(2025, 12, 31)  # said 2024-10-01: next year
    assert [(span.quote, span.since_correction) for span in judged.spans.all()] == [("明年会更好。", 1)]
    before, after = correction.changes["spans"]
    assert [span["quote"] for span in before] == [STATEMENT]
    assert [span["quote"] for span in after] == ["明年会更好。"]
    assert correction.changes["horizon_text"] == ["2025年", "明年"]


def test_corrections_are_numbered_and_a_second_one_works_too(judged, curator):
    _correct(judged, curator, speaker=SpeakerFactory(name="Kevin Weil"))
    second = _correct(judged, curator, confidence="likely", what_was_wrong="He said 'I think'.")
    assert second.number == 2
    assert Prediction.objects.get(pk=judged.pk).correction_count == 2
    assert verify_record().ok


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"speaker": None, "what_was_wrong": " "}, "what_was_wrong", "Say what was wrong"),
        ({"statement": STATEMENT}, "what_was_wrong", "changes nothing"),
        ({"statement_en": "Agents."}, "statement_en", "Edit the other fields as usual"),
    ],
)
def test_a_correction_that_says_nothing_or_changes_nothing_is_refused(
    judged, curator, kwargs, field, message
):
    if kwargs.get("speaker", 0) is None:
        kwargs = {"what_was_wrong": kwargs["what_was_wrong"], "speaker": SpeakerFactory()}
    with pytest.raises(ValidationError) as caught:
        _correct(judged, curator, **kwargs)
    assert message in caught.value.message_dict[field][0]
    assert not Correction.objects.exists()
    assert Prediction.objects.get(pk=judged.pk).status == Status.RESOLVED


def test_a_prediction_nobody_reviewed_is_edited_not_corrected(curator, source):
    prediction = create_prediction(
        speaker=SpeakerFactory(),
        statement=STATEMENT,
        spans=[SpanInput(source=source, quote=STATEMENT)],
        resolution_criteria=CRITERIA,
    )
    with pytest.raises(ValidationError, match="has not been reviewed yet"):
        _correct(prediction, curator, kind="claim")


def test_a_bad_span_rolls_the_whole_correction_back(judged, curator, source):
    with pytest.raises(ValidationError) as caught:
        _correct(
            judged,
            curator,
            speaker=SpeakerFactory(),
            spans=[SpanInput(source=source, quote="不在文中的话。")],
        )
    assert caught.value.message_dict["spans"][0].startswith("span 1, quote:")
    judged.refresh_from_db()
    assert (judged.speaker.name, judged.correction_count, judged.status) == ("Sam Altman", 0, Status.RESOLVED)
    assert not Correction.objects.exists()


def test_a_correction_while_votes_are_under_way_sets_them_aside(curator, source, reviewer):
    prediction = create_prediction(
        speaker=SpeakerFactory(),
        statement=STATEMENT,
        horizon_text="2025年",
        spans=[SpanInput(source=source, quote=STATEMENT)],
        resolution_criteria=CRITERIA,
        reviewers_required=2,
    )
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        note="Launched.",
        today=TODAY,
        now=NOW,
    )
    _correct(prediction, curator, kind="claim", what_was_wrong="It is a claim about the present.")
    prediction.refresh_from_db()
    assert (prediction.kind, prediction.review_round) == ("claim", 2)
    # The same reviewer may vote again: the corrected prediction is a new question.
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        note="Still launched.",
        today=TODAY,
        now=NOW,
    )
    assert Outcome.objects.filter(prediction=prediction, kind=OutcomeKind.REVIEW).count() == 2


def test_a_withdrawn_prediction_cannot_be_corrected(curator, source, reviewer):
    prediction = create_prediction(
        speaker=SpeakerFactory(),
        statement=STATEMENT,
        spans=[SpanInput(source=source, quote=STATEMENT)],
        resolution_criteria=CRITERIA,
        reviewers_required=2,
    )
    record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        note="Launched.",
        today=TODAY,
        now=NOW,
    )
    withdraw_prediction(prediction=prediction, expected_version=None, now=NOW, by=curator, face=Face.API)
    with pytest.raises(ValidationError, match="is withdrawn: nothing of it is judged any more"):
        _correct(prediction, curator, kind="claim")


# --- The faces: admin and dashboard --------------------------------------------------------------


def _form_data(prediction: Prediction, **changes) -> dict[str, object]:
    """The correction form as it comes, filled with the prediction as it is, then `changes`."""
    data: dict[str, object] = {
        "statement": prediction.statement,
        "speaker": prediction.speaker_id,
        "kind": prediction.kind,
        "confidence": prediction.confidence,
        "said_on": prediction.said_on.isoformat(),
        "horizon_text": prediction.horizon_text,
        "due_earliest": prediction.due_earliest.isoformat() if prediction.due_earliest else "",
        "due_latest": prediction.due_latest.isoformat() if prediction.due_latest else "",
    }
    if prediction.window_overridden:
        data["window_overridden"] = "on"
    data.update(changes)
    return data


@pytest.mark.usefixtures("frozen_clock")
def test_the_admin_offers_a_correction_and_applies_it(client, judged, curator):
    client.force_login(curator)
    change_url = f"/admin/claims/prediction/{judged.pk}/change/"
    page = client.get(change_url).content.decode()
    assert "Correct what was judged" in page
    assert "Frozen since its first review" in page
    correct_url = f"/admin/claims/prediction/{judged.pk}/correct/"
    weil = SpeakerFactory(name="Kevin Weil")
    response = client.post(correct_url, _form_data(judged, speaker=weil.pk, what_was_wrong="Weil said it."))
    assert response.status_code == 302, response.content.decode()[:3000]
    judged.refresh_from_db()
    assert (judged.speaker, judged.correction_count, judged.status) == (weil, 1, Status.DUE)
    page = client.get(change_url).content.decode()
    assert "Weil said it." in page and "Sam Altman → Kevin Weil" in page


@pytest.mark.usefixtures("frozen_clock")
def test_the_admin_refuses_a_correction_that_changes_nothing_on_the_form(client, judged, curator):
    client.force_login(curator)
    response = client.post(
        f"/admin/claims/prediction/{judged.pk}/correct/", _form_data(judged, what_was_wrong="Nothing.")
    )
    assert response.status_code == 200
    assert "The correction changes nothing" in response.content.decode()
    assert not Correction.objects.exists()


@pytest.mark.usefixtures("frozen_clock")
def test_the_admin_shows_a_judged_predictions_spans_read_only_and_offers_no_delete(client, judged, curator):
    client.force_login(curator)
    page = client.get(f"/admin/claims/prediction/{judged.pk}/change/").content.decode()
    assert 'name="spans-0-quote"' not in page  # shown, not editable
    assert STATEMENT in page
    assert client.get(f"/admin/claims/prediction/{judged.pk}/delete/").status_code == 403


@pytest.mark.usefixtures("frozen_clock")
def test_the_prediction_page_shows_its_corrections_to_every_reader(client, judged, curator):
    _correct(judged, curator, speaker=SpeakerFactory(name="Kevin Weil"), what_was_wrong="Weil said it.")
    page = client.get(f"/predictions/{judged.pk}/").content.decode()
    assert "Corrected 1 time since it was first judged" in page
    assert "Weil said it." in page and "review reopened" in page
    assert curator.username not in page  # the author by public name
    listing = client.get("/predictions/").content.decode()
    assert f'href="/predictions/{judged.pk}/#corrections">corrected</a>' in listing


@pytest.mark.usefixtures("frozen_clock")
def test_a_curator_corrects_from_the_prediction_page(client, judged, curator, reader):
    client.force_login(reader)
    assert "Correct what was judged" not in client.get(f"/predictions/{judged.pk}/").content.decode()
    assert client.post(f"/predictions/{judged.pk}/correct/", {}).status_code == 403
    client.force_login(curator)
    assert "Correct what was judged" in client.get(f"/predictions/{judged.pk}/").content.decode()
    response = client.post(
        f"/predictions/{judged.pk}/correct/",
        {
            **_form_data(judged),
            "statement": "我认为2025年将是代理大规模使用的一年！",
            "typo": "on",
            "what_was_wrong": "Punctuation.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    judged.refresh_from_db()
    assert (judged.correction_count, judged.status) == (1, Status.RESOLVED)
