"""A prediction's representation is defined once, by PredictionSerializer's declared fields.

The list renders pages by hand for speed (PredictionSerializer.to_representation over what
api.relations loaded); these tests hold that output equal, value by value and field by field,
to DRF's own rendering of the declared fields from the ORM, over predictions that exercise
every field: dated and undated, resolved, adjudicated, disputed, too early, split and parts,
several spans and topics, claims, drafts, null confidence, clarifications with and without an
author, in two time zones.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.relations import attach_relations, with_criteria_frozen
from api.serializers.lineage import LineageStepSerializer
from api.serializers.predictions import PredictionSerializer
from api.serializers.verdicts import VerdictSummarySerializer, verdict_summary
from claims.models import Face, Prediction
from claims.services.corrections import correct_prediction
from claims.services.lineage import LineageStep
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

pytestmark = pytest.mark.django_db

FIELDS = list(PredictionSerializer.Meta.fields)


def _reviewed(*outcomes: dict, **fields) -> Prediction:
    """A prediction with its review record (its criteria froze) and the standing the review
    services would have left in its columns."""
    prediction = PredictionFactory(**fields)
    for outcome in outcomes or [{"verdict": fields["verdict"]}]:
        OutcomeFactory(prediction=prediction, **outcome)
    return prediction


@pytest.fixture
def varied():
    sam, jensen = SpeakerFactory(name="Sam Altman"), SpeakerFactory(name="黃仁勳")
    agents, chips, robots = (TopicFactory(slug=slug) for slug in ("agents", "chips", "robots"))
    one, two = SourceFactory(), SourceFactory()
    curator = user_in("clara", "curators")

    dated = PredictionFactory(speaker=sam, confidence="likely", key="agents-2025", version=3)
    dated.topics.set([robots, agents, chips])
    SpanFactory(prediction=dated, source=two)
    SpanFactory(prediction=dated, source=one, quote="明年会更好。", role="horizon")
    SpanFactory(prediction=dated, source=one)

    undated = PredictionFactory(
        speaker=jensen,
        kind="claim",
        horizon_text="",
        statement_en="",
        confidence="",
        statement="記憶體需求很大。",
    )
    SpanFactory(prediction=undated, source=two, quote="明年会更好。")

    resolved = _reviewed(
        speaker=sam,
        confidence="certain",
        reviewers_required=2,
        status="resolved",
        verdict="came_true",
        verdict_known_on=dt.date(2025, 7, 17),
        verdict_reviewers=2,
        verdict_evidence_archived=True,
    )
    ClarificationFactory(prediction=resolved, author=curator, text="Everyday use: weekly, by millions.")
    ClarificationFactory(prediction=resolved, author=None, text="Imported note.")
    resolved.topics.set([agents])

    adjudicated = _reviewed(
        speaker=jensen,
        reviewers_required=2,
        status="resolved",
        verdict="partly_true",
        verdict_known_on=dt.date(2025, 8, 1),
        verdict_reviewers=1,
        verdict_adjudicated=True,
        review_round=1,
    )
    one_reviewer = _reviewed(
        status="resolved", verdict="came_false", verdict_known_on=dt.date(2026, 1, 5), verdict_reviewers=1
    )
    disputed = _reviewed(
        {"verdict": "came_true"},
        {"verdict": "came_false"},
        status="disputed",
        reviewers_required=2,
        window_overridden=True,  # else the horizon words recompute vague and boundary_ambiguous
        due_earliest=dt.date(2025, 1, 1),
        due_latest=dt.date(2025, 6, 30),
        vague=True,
        boundary_ambiguous=True,
    )
    too_early = _reviewed(
        {"kind": "too_early", "verdict": "", "known_on": None, "next_look_on": dt.date(2026, 3, 1)},
        status="open",
        review_round=2,
        next_look_on=dt.date(2026, 3, 1),
        confidence="maybe",
    )

    compound = PredictionFactory(speaker=sam, status="split", confidence="expects")
    # Parts listed by id even when their windows sort them the other way.
    PredictionFactory(
        speaker=sam,
        parent=compound,
        window_overridden=True,
        due_earliest=dt.date(2027, 1, 1),
        due_latest=dt.date(2027, 12, 31),
    )
    PredictionFactory(
        speaker=sam,
        parent=compound,
        window_overridden=True,
        due_earliest=dt.date(2025, 1, 1),
        due_latest=dt.date(2025, 12, 31),
        horizon_text="明年",
    )
    PredictionFactory(status="draft", resolution_criteria="", speaker=jensen)
    PredictionFactory(status="withdrawn", speaker=jensen, said_on=dt.date(2023, 5, 1))
    corrected = _reviewed(
        status="resolved", verdict="came_true", verdict_known_on=dt.date(2025, 7, 17), verdict_reviewers=1
    )
    correct_prediction(
        prediction=corrected,
        by=curator,
        what_was_wrong="Jensen Huang said it.",
        today=TODAY,
        now=NOW,
        face=Face.API,
        speaker=jensen,
    )
    return {
        "dated": dated,
        "undated": undated,
        "resolved": resolved,
        "adjudicated": adjudicated,
        "one_reviewer": one_reviewer,
        "disputed": disputed,
        "too_early": too_early,
        "compound": compound,
    }


def _request() -> Request:
    return Request(APIRequestFactory().get("/api/predictions/"))


def _json(data) -> object:
    """As the response body carries it."""
    return json.loads(JSONRenderer().render(data))


def _declared(prediction_id: int) -> dict:
    """DRF's own rendering of the declared fields, reading every relation from the ORM."""
    serializer = PredictionSerializer(context={"request": _request()})
    fresh = Prediction.objects.get(pk=prediction_id)
    return _json(serializers.ModelSerializer.to_representation(serializer, fresh))


def _fast() -> dict[int, dict]:
    """The hand-built rendering, over a page loaded the way the list loads it."""
    page = list(with_criteria_frozen(Prediction.objects.for_api()).order_by("id"))
    attach_relations(page)
    rows = PredictionSerializer(page, many=True, context={"request": _request()}).data
    return {row["id"]: row for row in _json(rows)}


def _assert_same(fast: dict, declared: dict) -> None:
    assert list(fast) == list(declared) == FIELDS
    for field in FIELDS:
        assert fast[field] == declared[field], f"prediction #{declared['id']}, field {field}"


@pytest.mark.parametrize("time_zone", ["UTC", "Asia/Shanghai"])
def test_the_fast_rendering_equals_drfs_rendering_of_the_declared_fields(varied, settings, time_zone):
    settings.TIME_ZONE = time_zone
    fast = _fast()
    assert len(fast) == Prediction.objects.count() == 13
    for prediction_id, row in fast.items():
        _assert_same(row, _declared(prediction_id))


def test_the_varied_predictions_exercise_every_field(varied):
    # Otherwise the comparison above could pass over nulls and empty lists only.
    rows = list(_fast().values())
    for field in FIELDS:
        values = {json.dumps(row[field], sort_keys=True) for row in rows}
        assert len(values) > 1 or field in ("url", "id", "rules_version"), field
    assert any(len(row["spans"]) == 3 for row in rows)
    assert any(len(row["topics"]) == 3 for row in rows)
    assert any(len(row["parts"]) == 2 for row in rows)
    assert any(row["clarifications"] and row["clarifications"][1]["author"] is None for row in rows)
    assert any(row["corrections"] and row["corrections"][0]["changes"]["speaker"] for row in rows)
    summaries = [row["verdict_summary"] for row in rows if row["verdict_summary"]]
    assert {s["adjudicated"] for s in summaries} == {True, False}
    assert {s["text"].split(" · ")[0] for s in summaries} == {
        "2/2 reviewers",
        "adjudicated (1/2 reviewers agreed)",
        "1/1 reviewer",
    }
    assert {row["confidence"] for row in rows} >= {None, "likely", "certain"}
    assert {row["status"] for row in rows} >= {"open", "resolved", "disputed", "split", "draft", "withdrawn"}


def test_the_list_and_detail_endpoints_serve_the_declared_rendering(varied, curator):
    client = api(curator)  # drafts too
    listed = {row["id"]: row for row in client.get("/api/predictions/?page_size=200").json()["results"]}
    assert len(listed) == 13
    for prediction_id, row in listed.items():
        declared = _declared(prediction_id)
        _assert_same(row, declared)
    compound = varied["compound"]
    _assert_same(client.get(f"/api/predictions/{compound.pk}/").json(), _declared(compound.pk))


def test_the_lineage_shows_the_verdict_summary_as_declared(varied):
    for prediction in varied.values():
        prediction.refresh_from_db()
        step = LineageStepSerializer(
            LineageStep(prediction, []), context={"request": _request(), "current": prediction.pk}
        ).data
        expected = VerdictSummarySerializer(prediction).data if prediction.verdict_agreement else None
        assert step["verdict_summary"] == verdict_summary(prediction) == expected


@pytest.mark.postgres
def test_the_bench_baseline_renders_the_list_page_with_the_same_representation(varied):
    # bench/api.py refuses to time a baseline that serves another page; this keeps it honest
    # between bench runs. (Its SQL is PostgreSQL's.)
    from bench.api_urls import baseline_predictions

    request = APIRequestFactory().get("/bench/baseline/predictions/?page_size=50")
    baseline = json.loads(baseline_predictions(request).content)
    assert baseline == api().get("/api/predictions/?page_size=50").json()
    assert len(baseline["results"]) == 12  # all but the draft
