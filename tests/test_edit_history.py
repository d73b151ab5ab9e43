"""The edit history of the curated objects: who changed which fields of what, when, before and
after, from every face (admin and its bulk actions, API, dashboard, commands); visible on the
prediction page, in the admin and at /api/predictions/{id}/history/; append-only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from claims.admin.history import RecordedEditsMixin
from claims.groups import REVIEWERS
from claims.models import (
    EditAction,
    EditRecord,
    Face,
    Prediction,
    PredictionLink,
    Source,
    Span,
    Speaker,
    Status,
    Topic,
    public_name,
)
from claims.services.due import flag_due_predictions
from claims.services.history import TRACKED, record_edits
from claims.services.lineage import link_predictions
from claims.services.predictions import SpanInput, VersionConflict, update_prediction
from claims.services.reviews import record_outcome
from tests.api_helpers import api
from tests.clock import NOW, TODAY
from tests.factories import (
    PredictionFactory,
    PredictionLinkFactory,
    SourceFactory,
    SpanFactory,
    SpeakerFactory,
    TopicFactory,
    user_in,
)
from tests.test_admin_reviews import _form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

LATER = NOW + dt.timedelta(hours=1)


def _anchored(**fields) -> Prediction:
    """An open prediction with one span (the admin's change form needs one)."""
    return SpanFactory(prediction=PredictionFactory(**fields)).prediction


def _history(prediction: Prediction) -> list[EditRecord]:
    return list(EditRecord.objects.of_prediction(prediction.pk))


# --- The services record what they change ------------------------------------------------------


def test_it_records_who_changed_which_fields_before_and_after(curator):
    prediction = _anchored(horizon_text="2025年")
    update_prediction(
        prediction=prediction,
        expected_version=prediction.version,
        horizon_text="2026年",
        statement_en="2026 will be the year of agents.",
        now=NOW,
        by=curator,
        face=Face.API,
    )
    (record,) = _history(prediction)
    assert (record.actor, record.face, record.at, record.action) == (
        curator,
        Face.API,
        NOW,
        EditAction.CHANGED,
    )
    assert (record.object_type, record.object_id) == ("prediction", prediction.pk)
    # The window the horizon words moved is part of the edit.
    assert record.changes == {
        "statement_en": [
            "2025 will be the year agents are used at scale.",
            "2026 will be the year of agents.",
        ],
        "horizon_text": ["2025年", "2026年"],
        "due_earliest": ["2025-01-01", "2026-01-01"],
        "due_latest": ["2025-12-31", "2026-12-31"],
    }


def test_an_update_that_changes_nothing_records_nothing(curator):
    prediction = _anchored()
    update_prediction(
        prediction=prediction,
        expected_version=prediction.version,
        statement=prediction.statement,
        now=NOW,
        by=curator,
        face=Face.API,
    )
    assert _history(prediction) == []


def test_a_refused_update_records_nothing(curator):
    prediction = _anchored()
    with pytest.raises(VersionConflict):
        update_prediction(
            prediction=prediction, expected_version=99, statement="别的。", now=NOW, by=curator, face=Face.API
        )
    with pytest.raises(Exception, match="span 1"):
        update_prediction(
            prediction=prediction,
            expected_version=prediction.version,
            statement="别的。",
            spans=[SpanInput(source=prediction.spans.get().source, quote="not in the text")],
            now=NOW,
            by=curator,
            face=Face.API,
        )
    assert EditRecord.objects.count() == 0
    assert Prediction.objects.get(pk=prediction.pk).statement != "别的。"


def test_replacing_the_spans_records_only_those_added_and_removed(curator):
    prediction = _anchored()
    kept = prediction.spans.get()
    source = kept.source
    update_prediction(
        prediction=prediction,
        expected_version=prediction.version,
        spans=[
            SpanInput(source=source, quote=kept.quote),
            SpanInput(source=source, quote="2025年", role="horizon"),
        ],
        topics=[TopicFactory(slug="agents")],
        now=NOW,
        by=curator,
        face=Face.API,
    )
    records = {(r.object_type, r.action): r for r in _history(prediction)}
    assert set(records) == {("prediction", "changed"), ("span", "created")}
    assert records["prediction", "changed"].changes == {"topics": [[], ["agents"]]}
    added = records["span", "created"]
    assert added.changes["quote"] == [None, "2025年"] and added.changes["role"] == [None, "horizon"]
    assert added.changes["source"] == [None, {"id": source.pk, "name": source.title}]


def test_jobs_and_reviews_are_not_edits(curator, reviewer):
    prediction = _anchored(due_latest=dt.date(2025, 12, 31))
    assert flag_due_predictions(TODAY, now=NOW).flagged == 1
    record_outcome(
        prediction=Prediction.objects.get(pk=prediction.pk),
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        evidence=[],
        note="Launched.",
        today=TODAY,
        now=NOW,
    )
    assert Prediction.objects.get(pk=prediction.pk).status == Status.RESOLVED
    assert EditRecord.objects.count() == 0


def test_recomputing_windows_records_each_moved_window_as_the_commands(db):
    prediction = _anchored(horizon_text="2025年")
    Prediction.objects.filter(pk=prediction.pk).update(rules_version="0", due_latest=dt.date(2030, 1, 1))
    call_command("recompute_windows", stdout=open("/dev/null", "w"))  # noqa: SIM115
    (record,) = _history(prediction)
    assert (record.actor, record.face) == (None, Face.COMMAND)
    assert record.changes["due_latest"] == ["2030-01-01", "2025-12-31"]
    assert record.changes["rules_version"][0] == "0"


def test_record_edits_refuses_a_face_it_does_not_know(curator):
    with pytest.raises(ValueError, match="«shell» is not a face: give one of admin, api, dashboard, command"):
        record_edits([], by=curator, face="shell", now=NOW)


def test_history_rows_cannot_be_changed_even_with_raw_sql(curator):
    prediction = _anchored()
    link_predictions(
        prediction=prediction,
        earlier=PredictionFactory(speaker=prediction.speaker, said_on=dt.date(2024, 1, 1)),
        relation="restatement",
        by=curator,
        face=Face.API,
        now=NOW,
    )
    record = EditRecord.objects.get()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE claims_editrecord SET changes = '{}' WHERE id = %s", [record.pk])
    assert EditRecord.objects.get().changes == record.changes


@pytest.mark.postgres
def test_history_rows_cannot_be_deleted_on_postgresql(curator):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE for Django's test flush (see migration 0013)")
    prediction = _anchored()
    update_prediction(
        prediction=prediction, expected_version=None, statement="改了。", now=NOW, by=curator, face=Face.API
    )
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM claims_editrecord")
    assert EditRecord.objects.count() == 1


# --- Every admin write records --------------------------------------------------------------------

# Every bulk action of every admin, and what it does to curated objects. A new action fails
# test_every_admin_action_is_known until it is added here, with a test if it edits.
ADMIN_ACTIONS = {
    ("speaker", "delete_selected"): "edits: test_delete_selected_records_each_deleted_object",
    ("topic", "delete_selected"): "edits: test_delete_selected_records_each_deleted_object",
    ("source", "delete_selected"): "edits: test_delete_selected_records_each_deleted_object",
    ("prediction", "delete_selected"): "edits: test_delete_selected_records_each_deleted_object",
    ("source", "propose_candidates"): "creates extraction candidates, edits no curated object",
    ("extractioncandidate", "delete_selected"): "candidates are the extraction queue, not curated",
    ("extractioncandidate", "accept_selected"): "creates predictions (new, not edits) and updates candidates",
    ("extractioncandidate", "create_speakers"): "creates speakers (new, not edits)",
    ("extractioncandidate", "reject_selected"): "updates candidates only",
    ("corpusrun", "resume"): "corpus runs are jobs, not curated",
    ("corpusrun", "delete_selected"): "corpus runs are jobs, not curated",
    ("corpusfile", "delete_selected"): "corpus files are jobs, not curated",
}


def test_every_admin_of_a_curated_object_records_its_saves_and_deletes():
    for model in TRACKED:
        if model in (Span, PredictionLink):
            continue  # edited inline on the prediction's page: see the tests below
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, RecordedEditsMixin), (
            f"{type(model_admin).__name__} saves {model.__name__} without recording the edit: mix in "
            "claims.admin.history.RecordedEditsMixin (and route a service of its own through save_change)."
        )
        assert "edit_history" in model_admin.get_readonly_fields(RequestFactory().get("/"))


def test_every_admin_action_is_known(staff):
    request = RequestFactory().get("/")
    request.user = staff
    offered = {
        (model._meta.model_name, name)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "claims"  # users, groups and login attempts are not curated
        for name in model_admin.get_actions(request)
    }
    unknown = offered - set(ADMIN_ACTIONS)
    assert not unknown, (
        f"Admin actions {sorted(unknown)} are new: if one changes or deletes a curated object, make it "
        "record through claims.services.history and test it; then list it in ADMIN_ACTIONS."
    )


def test_delete_selected_records_each_deleted_object(client, curator):
    speaker, topic, source = SpeakerFactory(name="Nobody"), TopicFactory(slug="gone"), SourceFactory()
    prediction = _anchored()
    client.force_login(curator)
    for obj in (speaker, topic, source, prediction):
        if isinstance(obj, Source):
            obj.spans.all().delete()  # an anchored source is protected
        name = obj._meta.model_name
        response = client.post(
            reverse(f"admin:claims_{name}_changelist"),
            {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"},
        )
        assert response.status_code == 302, response.content.decode()[:500]
        assert not type(obj).objects.filter(pk=obj.pk).exists()
        record = EditRecord.objects.get(object_type=TRACKED[type(obj)][0], object_id=obj.pk)
        assert (record.action, record.actor, record.face) == (EditAction.DELETED, curator, Face.ADMIN)
    assert EditRecord.objects.get(object_type="speaker").changes["name"] == ["Nobody", None]


def test_deleting_from_the_change_page_records_it(client, curator):
    topic = TopicFactory(slug="mistake")
    client.force_login(curator)
    response = client.post(reverse("admin:claims_topic_delete", args=[topic.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert EditRecord.objects.get().changes["slug"] == ["mistake", None]


def test_a_refused_delete_records_nothing(client, curator):
    speaker = _anchored().speaker  # protected by its prediction
    client.force_login(curator)
    client.post(
        reverse("admin:claims_speaker_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [speaker.pk], "post": "yes"},
    )
    assert Speaker.objects.filter(pk=speaker.pk).exists()
    assert EditRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("model", "factory", "change"),
    [
        ("speaker", lambda: SpeakerFactory(name="Sam"), {"name": "Sam Altman", "role": "CEO, OpenAI"}),
        ("topic", lambda: TopicFactory(slug="agents", name="Agents"), {"name": "AI agents"}),
        ("source", lambda: SourceFactory(title="An interview"), {"title": "An interview with Sam Altman"}),
    ],
)
def test_a_change_in_the_admin_is_recorded_and_shown(client, curator, model, factory, change):
    obj = factory()
    client.force_login(curator)
    url = reverse(f"admin:claims_{model}_change", args=[obj.pk])
    response = client.post(url, _form_data(client.get(url)) | change)
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = EditRecord.objects.get()
    assert (record.object_type, record.object_id, record.actor, record.face) == (
        model,
        obj.pk,
        curator,
        Face.ADMIN,
    )
    assert set(record.changes) == set(change)
    page = client.get(url).content.decode()
    assert "edit history" in page.lower() and curator.username in page
    for value in change.values():
        assert value in page


def test_a_prediction_edited_in_the_admin_records_fields_topics_and_spans(client, curator):
    prediction = _anchored()
    span = prediction.spans.get()
    agents = TopicFactory(slug="agents")
    client.force_login(curator)
    url = reverse("admin:claims_prediction_change", args=[prediction.pk])
    data = _form_data(client.get(url))
    data |= {
        "statement_en": "Agents, at scale, in 2025.",
        "topics": [str(agents.pk)],
        "spans-0-role": "context",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    records = {r.object_type: r for r in _history(prediction)}
    assert records["prediction"].changes == {
        "statement_en": ["2025 will be the year agents are used at scale.", "Agents, at scale, in 2025."],
        "topics": [[], ["agents"]],
    }
    # Saving the span anchors it again, which also fills in the context the factory left out.
    assert records["span"].object_id == span.pk
    assert records["span"].changes["role"] == ["statement", "context"]
    assert {r.face for r in records.values()} == {Face.ADMIN}
    page = client.get(url).content.decode()
    assert "Agents, at scale, in 2025." in page and f"span #{span.pk}" in page


def test_a_span_added_or_removed_in_the_admin_is_recorded(client, curator):
    prediction = _anchored()
    span = prediction.spans.get()
    client.force_login(curator)
    url = reverse("admin:claims_prediction_change", args=[prediction.pk])
    data = _form_data(client.get(url)) | {
        "spans-TOTAL_FORMS": "2",
        "spans-1-source": str(span.source_id),
        "spans-1-role": "horizon",
        "spans-1-quote": "2025年",
    }
    assert client.post(url, data).status_code == 302
    added = Span.objects.get(prediction=prediction, role="horizon")
    data = _form_data(client.get(url)) | {"spans-0-DELETE": "on"}
    assert client.post(url, data).status_code == 302
    assert [(r.object_id, r.action) for r in _history(prediction)] == [
        (added.pk, EditAction.CREATED),
        (span.pk, EditAction.DELETED),
    ]


def test_a_link_added_and_removed_in_the_admin_is_recorded(client, curator):
    link = PredictionLinkFactory()
    prediction = link.prediction
    SpanFactory(prediction=prediction)
    client.force_login(curator)
    url = reverse("admin:claims_prediction_change", args=[prediction.pk])
    assert client.post(url, _form_data(client.get(url)) | {"links-0-DELETE": "on"}).status_code == 302
    (record,) = _history(prediction)
    assert (record.object_type, record.action, record.actor) == ("link", EditAction.DELETED, curator)
    assert record.changes["relation"] == ["revision", None]


# --- Every API write records ----------------------------------------------------------------------

# Every write of the API and whether it edits a curated object. A new endpoint fails
# test_every_api_write_is_known until it is listed here, with a test if it edits.
API_WRITES = {
    ("PUT", "/api/predictions/{id}/"): "edits: test_an_api_edit_is_recorded",
    ("PATCH", "/api/predictions/{id}/"): "edits: test_an_api_edit_is_recorded",
    ("POST", "/api/predictions/{id}/withdraw/"): "edits: test_an_api_edit_is_recorded",
    ("POST", "/api/predictions/{id}/split/"): "edits: test_an_api_edit_is_recorded",
    ("POST", "/api/predictions/{id}/links/"): "edits: test_an_api_edit_is_recorded",
    ("PUT", "/api/sources/{id}/"): "edits: test_an_api_source_edit_is_recorded",
    ("PATCH", "/api/sources/{id}/"): "edits: test_an_api_source_edit_is_recorded",
    ("POST", "/api/predictions/"): "creates a prediction (new, not an edit)",
    ("POST", "/api/sources/"): "creates a source (new, not an edit)",
    ("POST", "/api/predictions/{id}/outcomes/"): "the review record, append-only of its own",
    ("POST", "/api/predictions/{id}/too-early/"): "the review record, append-only of its own",
    ("POST", "/api/predictions/{id}/adjudication/"): "the review record, append-only of its own",
    ("POST", "/api/predictions/{id}/undo/"): "the review record, append-only of its own",
    ("POST", "/api/predictions/{id}/clarifications/"): "clarifications are append-only rows of their own",
    ("POST", "/api/predictions/{id}/corrections/"): "edits: tests/test_corrections.py (EditRecord asserted)",
    ("POST", "/api/sources/{id}/extract/"): "creates extraction candidates",
    ("POST", "/api/candidates/{id}/accept/"): "creates a prediction (new, not an edit)",
    ("POST", "/api/candidates/{id}/reject/"): "updates the candidate only",
    ("POST", "/api/corpus-runs/"): "starts a corpus run (a job)",
    ("POST", "/api/corpus-runs/{id}/resume/"): "resumes a corpus run (a job)",
}


def test_every_api_write_is_known():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    writes = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }
    unknown = writes - set(API_WRITES)
    assert not unknown, (
        f"API writes {sorted(unknown)} are new: if one changes a curated object, make its service record "
        "through claims.services.history and test it; then list it in API_WRITES."
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "changed"),
    [
        ("put", "", {"statement_en": "Agents at scale."}, {"statement_en"}),
        ("patch", "", {"statement_en": "Agents at scale."}, {"statement_en"}),
        ("post", "withdraw/", {}, {"status"}),
        (
            "post",
            "split/",
            {
                "parts": [
                    {"statement": "代理被大规模使用。", "resolution_criteria": "Millions use agents weekly."},
                    {"statement": "在2025年。", "resolution_criteria": "By 2025-12-31."},
                ]
            },
            {"status"},
        ),
        ("post", "links/", "earlier", {"earlier", "relation", "note"}),
    ],
)
def test_an_api_edit_is_recorded(curator, method, path, body, changed):
    prediction = _anchored()
    url = f"/api/predictions/{prediction.pk}/{path}"
    if body == "earlier":
        earlier = PredictionFactory(speaker=prediction.speaker, said_on=dt.date(2024, 1, 1))
        body = {"earlier": earlier.pk, "relation": "restatement"}
    elif method == "put":
        current = api(curator).get(f"/api/predictions/{prediction.pk}/").json()
        body = {
            "statement": current["statement"],
            "speaker": current["speaker"]["id"]
            if isinstance(current["speaker"], dict)
            else current["speaker"],
            "horizon_text": current["horizon_text"],
            "resolution_criteria": current["resolution_criteria"],
            "spans": [{"source": span["source"], "quote": span["quote"]} for span in current["spans"]],
        } | body
    body = {**body, "version": prediction.version} if path in ("", "withdraw/") else body
    response = getattr(api(curator), method)(url, body, format="json")
    assert response.status_code in (200, 201), response.json()
    (record,) = _history(prediction)
    assert (record.actor, record.face) == (curator, Face.API)
    assert set(record.changes) == changed


def test_an_api_source_edit_is_recorded(curator):
    source = SourceFactory(title="An interview")
    for method, title in (("patch", "Renamed"), ("put", "Renamed again")):
        body = {"title": title} | ({"text": source.text} if method == "put" else {})
        response = getattr(api(curator), method)(f"/api/sources/{source.pk}/", body, format="json")
        assert response.status_code == 200, response.json()
    records = list(EditRecord.objects.of_object("source", source.pk))
    assert [r.changes for r in records] == [
        {"title": ["An interview", "Renamed"]},
        {"title": ["Renamed", "Renamed again"]},
    ]


# --- The dashboard's edits, and what everyone sees -----------------------------------------------


def test_the_dashboards_link_and_split_are_recorded_and_the_page_shows_them(client, curator):
    prediction = _anchored()
    earlier = PredictionFactory(speaker=prediction.speaker, said_on=dt.date(2024, 1, 1))
    client.force_login(curator)
    client.post(
        reverse("dashboard:link", args=[prediction.pk]),
        {"earlier": earlier.pk, "relation": "restatement", "note": ""},
    )
    client.post(
        reverse("dashboard:split", args=[prediction.pk]),
        {
            "parts-TOTAL_FORMS": "2",
            "parts-INITIAL_FORMS": "0",
            "parts-0-statement": "代理被大规模使用。",
            "parts-0-resolution_criteria": "Millions use agents weekly.",
            "parts-1-statement": "在2025年。",
            "parts-1-resolution_criteria": "By 2025-12-31.",
        },
    )
    records = _history(prediction)
    assert [(r.object_type, r.action, r.face) for r in records] == [
        ("link", EditAction.CREATED, Face.DASHBOARD),
        ("prediction", EditAction.CHANGED, Face.DASHBOARD),
    ]
    assert records[1].changes == {"status": ["open", "split"]}
    client.logout()  # the history is public, like the prediction
    page = client.get(reverse("dashboard:prediction", args=[prediction.pk])).content.decode()
    assert "Edited 2 times since it was entered" in page
    assert f"link #{records[0].object_id} added" in page
    assert '<th scope="row">status</th><td>open</td><td>split</td>' in page


def test_a_prediction_never_edited_says_so(client):
    page = client.get(reverse("dashboard:prediction", args=[_anchored().pk])).content.decode()
    assert "Not edited since it was entered" in page


def test_the_api_history_is_public_and_oldest_first(curator):
    prediction = _anchored()
    for at, statement in ((NOW, "第一次改。"), (LATER, "第二次改。")):
        update_prediction(
            prediction=prediction,
            expected_version=None,
            statement=statement,
            now=at,
            by=curator,
            face=Face.API,
        )
    response = api().get(f"/api/predictions/{prediction.pk}/history/")
    assert response.status_code == 200
    body = response.json()
    assert body["prediction"] == prediction.pk
    assert [edit["changes"]["statement"][1] for edit in body["edits"]] == ["第一次改。", "第二次改。"]
    first = body["edits"][0]
    assert (first["actor"], first["face"], first["object_type"], first["action"]) == (
        public_name(curator),  # never the username
        "api",
        "prediction",
        "changed",
    )


def test_the_api_history_of_a_draft_is_hidden_like_the_draft():
    draft = _anchored(status=Status.DRAFT, resolution_criteria="")
    assert api().get(f"/api/predictions/{draft.pk}/history/").status_code == 404
    assert api(user_in("rui", REVIEWERS)).get(f"/api/predictions/{draft.pk}/history/").status_code == 404


def test_the_schema_documents_the_history():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/predictions/{id}/history/"]["get"]
    assert operation["summary"] == "A prediction's edit history, oldest first"
    assert "changes" in schema["components"]["schemas"]["EditRecord"]["properties"]


def test_the_api_history_runs_a_fixed_number_of_queries(curator, django_assert_num_queries):
    prediction = _anchored()
    for number in range(5):
        update_prediction(
            prediction=prediction,
            expected_version=None,
            statement=f"改了{number}次。",
            now=NOW,
            by=curator,
            face=Face.API,
        )
    # 1 the prediction, 2 its edits with their editors.
    with django_assert_num_queries(2):
        assert api().get(f"/api/predictions/{prediction.pk}/history/").status_code == 200


def test_load_demo_records_its_edits_as_the_commands(db):
    speaker = Speaker.objects.create(name="Sam Altman")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    record = EditRecord.objects.get(object_type="speaker", object_id=speaker.pk)
    assert (record.face, record.actor) == (Face.COMMAND, None)
    assert record.changes["aliases"][0] == []
    assert Topic.objects.exists()
