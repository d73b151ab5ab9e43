"""The review workflow over the API (issue 7): blind independent reviews, adjudication, "too
early", undo, frozen criteria and clarifications, splitting, lineage.

Personas: rui and vic review (two reviewers are required where it matters), ada adjudicates,
carla curates, and an anonymous reader watches.
"""

from __future__ import annotations

import datetime as dt

import pytest

from claims.groups import ADJUDICATORS, REVIEWERS
from claims.models import Clarification, Outcome, Prediction, PredictionLink, Span, public_name
from claims.services.reviewers import set_display_name
from claims.services.reviews import record_outcome
from tests.api_helpers import CRITERIA, TEXT, a_reviewer, an_adjudicator, anchored, api, assert_error
from tests.clock import noon
from tests.factories import SourceFactory, SpeakerFactory, user_in

pytestmark = pytest.mark.django_db

# After the window of anchored()'s predictions (2025-12-31) closed: they are awaiting review.
TODAY = dt.date(2026, 3, 1)
NOW = noon(TODAY)
AGENT_LAUNCH = "https://openai.com/index/introducing-chatgpt-agent/"


@pytest.fixture(autouse=True)
def _today(time_machine):
    """The API reads the clock for the review services: stop it on TODAY."""
    time_machine.move_to(NOW, tick=False)


# Each with a public name: the record shows it, never the username.
@pytest.fixture
def rui(reviewer):
    set_display_name(user=reviewer, display_name="Rui")
    return reviewer


@pytest.fixture
def vic(db):
    user = a_reviewer("vic-reviewer")
    set_display_name(user=user, display_name="Vic")
    return user


@pytest.fixture
def ada(db):
    user = an_adjudicator("ada-adjudicator")
    set_display_name(user=user, display_name="Ada")
    return user


@pytest.fixture
def two_reviewers_needed():
    return anchored(reviewers_required=2)


def _url(prediction, action: str = "") -> str:
    return f"/api/predictions/{prediction.pk}/" + (f"{action}/" if action else "")


def _verdict(verdict: str = "came_true", known_on: str = "2025-07-17", **extra) -> dict:
    return {"verdict": verdict, "known_on": known_on, "evidence": [{"url": AGENT_LAUNCH}], **extra}


def _review(user, prediction, verdict: str = "came_true", known_on: str = "2025-07-17"):
    response = api(user).post(_url(prediction, "outcomes"), _verdict(verdict, known_on), format="json")
    assert response.status_code == 201, response.json()
    return response


def _record(user, prediction) -> list[tuple[str, str | None, str | None]]:
    """The review record as `user` sees it: (kind, reviewer, verdict) per event."""
    response = api(user).get(_url(prediction, "outcomes"))
    assert response.status_code == 200, response.content
    return [(o["kind"], o["reviewer"], o["verdict"]) for o in response.json()]


# --- blind review ----------------------------------------------------------------------------


def test_a_vote_stays_hidden_from_the_other_reviewer_until_they_vote(two_reviewers_needed, rui, vic):
    prediction = two_reviewers_needed
    _review(rui, prediction, "came_true")

    assert _record(rui, prediction) == [("review", "Rui", "came_true")]
    assert _record(vic, prediction) == []
    assert _record(None, prediction) == []
    for user in (vic, None):
        row = api(user).get(_url(prediction)).json()
        assert (row["status"], row["verdict"], row["verdict_summary"]) == ("open", None, None)
        assert "came_true" not in api(user).get(_url(prediction)).content.decode()

    _review(vic, prediction, "came_true")

    both = [("review", "Rui", "came_true"), ("review", "Vic", "came_true")]
    assert _record(vic, prediction) == both
    assert _record(rui, prediction) == both
    assert _record(None, prediction) == both
    row = api().get(_url(prediction)).json()
    assert (row["status"], row["verdict"]) == ("resolved", "came_true")
    assert row["verdict_summary"] == {
        "verdict": "came_true",
        "reviewers": 2,
        "required": 2,
        "adjudicated": False,
        "evidence_archived": False,
        "known_on": "2025-07-17",
        "text": "2/2 reviewers · known 2025-07-17",
    }


def test_readers_see_concluded_rounds_but_nothing_of_the_round_under_way(two_reviewers_needed, rui, vic, ada):
    prediction = two_reviewers_needed
    _review(rui, prediction)
    _review(vic, prediction)
    assert api(ada).post(_url(prediction, "undo"), {"reason": "Only a preview."}).status_code == 201
    _review(rui, prediction, "came_false")  # round 2, under way

    round_one = [
        ("review", "Rui", "came_true"),
        ("review", "Vic", "came_true"),
        ("undo", "Ada", None),
    ]
    assert _record(None, prediction) == round_one
    assert _record(vic, prediction) == round_one
    assert _record(rui, prediction) == [*round_one, ("review", "Rui", "came_false")]


# --- disagreement and adjudication -----------------------------------------------------------


def test_a_disagreement_waits_for_an_adjudicator_and_only_an_adjudicator_decides(
    two_reviewers_needed, rui, vic, ada, curator
):
    prediction = two_reviewers_needed
    _review(rui, prediction, "came_true")
    _review(vic, prediction, "partly_true")
    row = api().get(_url(prediction)).json()
    assert (row["status"], row["verdict"], row["verdict_summary"]) == ("disputed", None, None)
    # The disputed round is still under way: readers see nothing of it, the adjudicator sees both.
    assert _record(None, prediction) == []
    assert [verdict for _, _, verdict in _record(ada, prediction)] == ["came_true", "partly_true"]

    decision = {
        "verdict": "partly_true",
        "known_on": "2025-07-17",
        "reasoning": "Launched, but not at scale.",
    }
    for user in (rui, vic, curator):
        assert_error(
            api(user).post(_url(prediction, "adjudication"), decision), 403, contains="adjudicators group"
        )
    assert_error(api().post(_url(prediction, "adjudication"), decision), 401)
    assert_error(
        api(rui).post(_url(prediction, "outcomes"), _verdict(), format="json"), 400, field="prediction"
    )
    assert Outcome.objects.count() == 2

    response = api(ada).post(_url(prediction, "adjudication"), decision)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["verdict"], body["note"], body["reviewer"]) == (
        "adjudication",
        "partly_true",
        "Launched, but not at scale.",
        "Ada",
    )
    assert response["ETag"] == f'"{Prediction.objects.get(pk=prediction.pk).version}"' == '"4"'
    row = api().get(_url(prediction)).json()
    assert (row["status"], row["verdict"]) == ("resolved", "partly_true")
    assert row["verdict_summary"]["text"] == "adjudicated (1/2 reviewers agreed) · known 2025-07-17"
    assert [kind for kind, _, _ in _record(None, prediction)] == ["review", "review", "adjudication"]
    # Final: there is nothing left to adjudicate.
    assert_error(api(ada).post(_url(prediction, "adjudication"), decision), 409, field="prediction")


def test_one_of_the_reviewers_who_disagreed_cannot_adjudicate(vic):
    prediction = anchored(reviewers_required=2)
    both_roles = user_in("jo-both", REVIEWERS, ADJUDICATORS, is_staff=True)
    _review(both_roles, prediction, "came_true")
    _review(vic, prediction, "came_false")
    decision = {"verdict": "came_true", "known_on": "2025-07-17", "reasoning": "I was right."}
    assert_error(
        api(both_roles).post(_url(prediction, "adjudication"), decision),
        409,
        field="prediction",
        contains="must not",
    )
    assert Prediction.objects.get(pk=prediction.pk).status == "disputed"


@pytest.mark.parametrize(
    ("decision", "field"),
    [
        ({"reasoning": "Cannot tell."}, "verdict"),
        ({"verdict": "came_true", "reasoning": "Shipped."}, "known_on"),
        ({"verdict": "came_true", "known_on": "2025-07-17", "reasoning": " "}, "reasoning"),
        ({"verdict": "came_true", "known_on": "2025-07-17"}, "reasoning"),
        ({"next_look_on": "2026-02-01", "reasoning": "Wait."}, "next_look_on"),  # before today
    ],
)
def test_an_incomplete_adjudication_is_refused_and_writes_nothing(
    two_reviewers_needed, rui, vic, ada, decision, field
):
    prediction = two_reviewers_needed
    _review(rui, prediction, "came_true")
    _review(vic, prediction, "came_false")
    assert_error(api(ada).post(_url(prediction, "adjudication"), decision, format="json"), 400, field=field)
    assert Outcome.objects.count() == 2
    assert Prediction.objects.get(pk=prediction.pk).status == "disputed"


def test_an_adjudicator_may_decide_it_is_too_early(two_reviewers_needed, rui, vic, ada):
    prediction = two_reviewers_needed
    _review(rui, prediction, "came_true")
    _review(vic, prediction, "came_false")
    response = api(ada).post(
        _url(prediction, "adjudication"),
        {"next_look_on": "2026-09-01", "reasoning": "Rollout still under way."},
    )
    assert response.status_code == 201, response.json()
    row = api().get(_url(prediction)).json()
    assert (row["status"], row["verdict"], row["next_look_on"], row["review_round"]) == (
        "open",
        None,
        "2026-09-01",
        2,
    )


# --- too early -------------------------------------------------------------------------------


def test_too_early_keeps_it_open_and_sets_the_next_look(two_reviewers_needed, rui, vic):
    prediction = two_reviewers_needed
    client = api(rui)
    response = client.post(
        _url(prediction, "too-early"), {"next_look_on": "2026-09-01", "note": "Rollout ongoing."}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["verdict"], body["next_look_on"], body["note"]) == (
        "too_early",
        None,
        "2026-09-01",
        "Rollout ongoing.",
    )
    assert response["ETag"] == '"2"'
    # One of two votes: the round goes on, nothing is rescheduled yet.
    assert api().get(_url(prediction)).json()["next_look_on"] is None

    assert api(vic).post(_url(prediction, "too-early"), {"next_look_on": "2026-07-01"}).status_code == 201

    row = api().get(_url(prediction)).json()
    # The earliest next look either reviewer asked for, in a new round.
    assert (row["status"], row["verdict"], row["next_look_on"], row["review_round"]) == (
        "open",
        None,
        "2026-07-01",
        2,
    )
    assert [o["next_look_on"] for o in api().get(_url(prediction, "outcomes")).json()] == [
        "2026-09-01",
        "2026-07-01",
    ]
    # The due job flags it again on that day, not before.
    assert not Prediction.objects.due(dt.date(2026, 6, 30)).filter(pk=prediction.pk).exists()
    assert Prediction.objects.due(dt.date(2026, 7, 1)).filter(pk=prediction.pk).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "next_look_on"),
        ({"next_look_on": "2026-03-01"}, "next_look_on"),  # today: must be after
        ({"next_look_on": "not a date"}, "next_look_on"),
    ],
)
def test_a_too_early_without_a_later_next_look_is_refused(rui, body, field):
    prediction = anchored()
    assert_error(api(rui).post(_url(prediction, "too-early"), body), 400, field=field)
    assert Outcome.objects.count() == 0


def test_only_reviewers_say_too_early(curator, ada):
    prediction = anchored()
    for user in (curator, ada):
        assert_error(
            api(user).post(_url(prediction, "too-early"), {"next_look_on": "2026-09-01"}),
            403,
            contains="reviewers",
        )
    assert_error(api().post(_url(prediction, "too-early"), {"next_look_on": "2026-09-01"}), 401)
    assert Outcome.objects.count() == 0


# --- undo ------------------------------------------------------------------------------------


def test_undo_needs_a_reason_and_stays_in_the_record(rui, ada):
    prediction = anchored()
    _review(rui, prediction)
    client = api(ada)
    assert_error(client.post(_url(prediction, "undo"), {}), 400, field="reason", contains="required")
    assert_error(
        client.post(_url(prediction, "undo"), {"reason": "  "}),
        400,
        field="reason",
        contains="Give the reason",
    )
    assert_error(
        api(rui).post(_url(prediction, "undo"), {"reason": "Mine."}), 403, contains="adjudicators group"
    )
    assert Outcome.objects.count() == 1

    response = client.post(_url(prediction, "undo"), {"reason": "The launch was a limited preview."})
    assert response.status_code == 201, response.json()
    assert (response.json()["kind"], response.json()["note"]) == ("undo", "The launch was a limited preview.")
    assert response["ETag"] == '"3"'
    row = api().get(_url(prediction)).json()
    # Its window closed before today: awaiting review again, in round 2.
    assert (row["status"], row["verdict"], row["verdict_summary"], row["review_round"]) == (
        "due",
        None,
        None,
        2,
    )
    record = api().get(_url(prediction, "outcomes")).json()
    assert [(o["kind"], o["verdict"], o["note"]) for o in record] == [
        ("review", "came_true", ""),
        ("undo", None, "The launch was a limited preview."),
    ]
    assert_error(client.post(_url(prediction, "undo"), {"reason": "Again."}), 409, field="prediction")


# --- resolution criteria and clarifications --------------------------------------------------


def test_criteria_can_be_edited_until_the_first_review(curator):
    prediction = anchored()
    response = api(curator).patch(
        _url(prediction), {"resolution_criteria": "Came true if X."}, HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["resolution_criteria"], response.json()["criteria_frozen"]) == (
        "Came true if X.",
        False,
    )


def test_frozen_criteria_cannot_be_changed_by_put_or_patch_but_can_be_clarified(
    two_reviewers_needed, curator, rui
):
    prediction = two_reviewers_needed
    _review(rui, prediction)  # the first review, of two needed: still open, but frozen
    row = api(curator).get(_url(prediction)).json()
    assert (row["status"], row["criteria_frozen"], row["version"]) == ("open", True, 2)
    client = api(curator)

    patched = client.patch(_url(prediction), {"resolution_criteria": "Came true if X."}, HTTP_IF_MATCH='"2"')
    assert_error(patched, 409, field="resolution_criteria", contains="frozen since its first review")
    put_body = {
        "statement": "AGI will arrive within five years.",
        "speaker": prediction.speaker_id,
        "horizon_text": "within five years",
        "resolution_criteria": "Came true if AGI arrived.",
        "spans": [
            {"source": prediction.spans.get().source_id, "quote": "AGI will arrive within five years."}
        ],
        "version": 2,
    }
    assert_error(client.put(_url(prediction), put_body, format="json"), 409, field="resolution_criteria")
    stored = Prediction.objects.get(pk=prediction.pk)
    assert (stored.resolution_criteria, stored.statement, stored.version) == (
        CRITERIA,
        "我认为2025年将是代理之年。",
        2,
    )
    assert list(Span.objects.filter(prediction=prediction).values_list("quote", flat=True)) == [
        "我认为2025年将是代理之年。"
    ]
    # Sending the criteria unchanged is no change: the rest of the update goes through.
    same = client.patch(
        _url(prediction),
        {"resolution_criteria": CRITERIA, "statement_en": "Agents in 2025."},
        HTTP_IF_MATCH='"2"',
    )
    assert same.status_code == 200, same.json()

    response = client.post(_url(prediction, "clarifications"), {"text": "Millions: weekly active users."})
    assert response.status_code == 201, response.json()
    assert (response.json()["text"], response.json()["author"]) == (
        "Millions: weekly active users.",
        public_name(curator),  # never the username
    )
    assert response["ETag"] == '"4"'  # a clarification is part of the prediction: its version moves on
    assert [c["text"] for c in api().get(_url(prediction)).json()["clarifications"]] == [
        "Millions: weekly active users."
    ]
    listed = api().get(_url(prediction, "clarifications")).json()
    assert [(c["text"], c["author"]) for c in listed] == [
        ("Millions: weekly active users.", public_name(curator))
    ]
    assert api().get(_url(prediction)).json()["resolution_criteria"] == CRITERIA


def test_only_curators_clarify_and_a_clarification_says_something(curator, rui):
    prediction = anchored()
    assert_error(
        api(rui).post(_url(prediction, "clarifications"), {"text": "x"}), 403, contains="curators group"
    )
    assert_error(api(curator).post(_url(prediction, "clarifications"), {"text": " "}), 400, field="text")
    assert Clarification.objects.count() == 0


# --- split -----------------------------------------------------------------------------------

PARTS = [
    {
        "statement": "2025年代理会被大规模使用。",
        "statement_en": "Agents used at scale in 2025.",
        "resolution_criteria": "Came true if an AI agent product had 10 million weekly users in 2025.",
    },
    {
        "statement": "明年会更好。",
        "resolution_criteria": "Came true if agent usage in 2026 exceeded 2025's.",
        "horizon_text": "明年",
    },
]


def test_a_curator_splits_a_compound_prediction_into_parts_that_keep_its_spans(curator):
    compound = anchored()
    response = api(curator).post(_url(compound, "split"), {"parts": PARTS}, format="json")
    assert response.status_code == 201, response.json()
    parts = response.json()
    assert [p["statement"] for p in parts] == ["2025年代理会被大规模使用。", "明年会更好。"]
    assert [p["resolution_criteria"] for p in parts] == [part["resolution_criteria"] for part in PARTS]
    assert {p["parent"] for p in parts} == {compound.pk}
    original_spans = api().get(_url(compound)).json()["spans"]
    assert all(p["spans"] == original_spans for p in parts)
    assert [p["horizon_text"] for p in parts] == ["2025年", "明年"]
    assert response["ETag"] == '"2"'
    row = api().get(_url(compound)).json()
    assert (row["status"], row["parts"]) == ("split", [p["id"] for p in parts])


def test_a_bad_part_splits_nothing(curator):
    compound = anchored()
    bad = [PARTS[0], {**PARTS[1], "resolution_criteria": ""}]
    assert_error(
        api(curator).post(_url(compound, "split"), {"parts": bad}, format="json"),
        400,
        field="parts[2].resolution_criteria",
    )
    assert_error(
        api(curator).post(_url(compound, "split"), {"parts": PARTS[:1]}, format="json"), 400, field="parts"
    )
    assert_error(
        api(curator).post(_url(compound, "split"), {"parts": [{"statement": "x"}, PARTS[1]]}, format="json"),
        400,
        field="parts",
        contains="part 1, resolution_criteria: This field is required.",
    )
    assert Prediction.objects.count() == 1
    assert Prediction.objects.get().status == "open"


def test_a_reviewed_prediction_cannot_be_split_and_reviewers_cannot_split(curator, rui):
    prediction = anchored(reviewers_required=2)
    assert_error(api(rui).post(_url(prediction, "split"), {"parts": PARTS}, format="json"), 403)
    _review(rui, prediction)
    assert_error(
        api(curator).post(_url(prediction, "split"), {"parts": PARTS}, format="json"),
        409,
        field="parts",
        contains="reviewed already",
    )
    assert Prediction.objects.count() == 1


# --- lineage ---------------------------------------------------------------------------------


@pytest.fixture
def sam_said_it_twice():
    """Sam said "2025" in October 2024, then "2026" in January 2025: a slipped deadline."""
    sam = SpeakerFactory(name="Sam Altman")
    first = anchored(speaker=sam, source=SourceFactory(text=TEXT, said_on=dt.date(2024, 10, 1)))
    again = anchored(
        speaker=sam,
        source=SourceFactory(text=TEXT + "\n", said_on=dt.date(2025, 1, 15)),
        horizon_text="2026年",
        resolution_criteria="Came true if AI agents were in everyday use by millions of people by 2026-12-31.",
    )
    return first, again


def test_a_curator_links_a_revision_and_the_lineage_shows_the_slipped_deadline(sam_said_it_twice, curator):
    first, again = sam_said_it_twice
    response = api(curator).post(
        _url(again, "links"), {"earlier": first.pk, "relation": "revision", "note": "2025 became 2026."}
    )
    assert response.status_code == 201, response.json()
    link = response.json()
    assert (link["prediction"], link["earlier"], link["relation"], link["relation_label"]) == (
        again.pk,
        first.pk,
        "revision",
        "Revised",
    )
    assert (link["slipped"], link["note"], link["created_by"]) == (
        True,
        "2025 became 2026.",
        public_name(curator),
    )

    for prediction in (first, again):
        body = api().get(_url(prediction, "lineage")).json()
        assert body["prediction"] == prediction.pk
        steps = body["steps"]
        assert [step["prediction"]["id"] for step in steps] == [first.pk, again.pk]
        assert [step["current"] for step in steps] == [prediction == first, prediction == again]
        assert [(step["said_on"], step["due_latest"], step["status"]) for step in steps] == [
            ("2024-10-01", "2025-12-31", "open"),
            ("2025-01-15", "2026-12-31", "open"),
        ]
        assert steps[0]["links"] == []
        assert steps[1]["links"] == [
            {
                "earlier": first.pk,
                "relation": "revision",
                "relation_label": "Revised",
                "note": "2025 became 2026.",
                "slipped": True,
            }
        ]
        assert [step["slipped"] for step in steps] == [False, True]
    # The slipped deadline counts against Sam's track record.
    record = api().get(f"/api/speakers/{first.speaker_id}/").json()["track_record"]
    assert (record["slipped"], record["slipped_misses"]) == (1, 1)


def test_links_follow_the_rules_of_lineage(sam_said_it_twice, curator, rui):
    first, again = sam_said_it_twice
    client = api(curator)
    assert (
        client.post(_url(again, "links"), {"earlier": first.pk, "relation": "restatement"}).status_code == 201
    )
    assert_error(
        client.post(_url(again, "links"), {"earlier": first.pk, "relation": "revision"}), 400, field="earlier"
    )
    assert_error(
        client.post(_url(first, "links"), {"earlier": again.pk, "relation": "revision"}),
        400,
        field="earlier",
        contains="link the later one to the earlier one",
    )
    other = anchored(speaker=SpeakerFactory(name="Jensen Huang"), source=again.spans.get().source)
    assert_error(
        client.post(_url(other, "links"), {"earlier": first.pk, "relation": "restatement"}),
        400,
        field="earlier",
        contains="another speaker",
    )
    assert_error(
        client.post(_url(again, "links"), {"earlier": first.pk, "relation": "echo"}), 400, field="relation"
    )
    assert_error(
        client.post(_url(again, "links"), {"earlier": 999999, "relation": "revision"}), 400, field="earlier"
    )
    assert_error(api(rui).post(_url(again, "links"), {"earlier": first.pk, "relation": "revision"}), 403)
    assert PredictionLink.objects.count() == 1


def test_a_lineage_hides_drafts_from_readers(sam_said_it_twice, curator):
    first, again = sam_said_it_twice
    draft = anchored(
        speaker=first.speaker, source=again.spans.get().source, status="draft", resolution_criteria=""
    )
    api(curator).post(_url(again, "links"), {"earlier": first.pk, "relation": "restatement"})
    api(curator).post(_url(draft, "links"), {"earlier": again.pk, "relation": "retraction"})
    assert [s["prediction"]["id"] for s in api(curator).get(_url(first, "lineage")).json()["steps"]] == [
        first.pk,
        again.pk,
        draft.pk,
    ]
    assert [s["prediction"]["id"] for s in api().get(_url(first, "lineage")).json()["steps"]] == [
        first.pk,
        again.pk,
    ]


def test_a_lineage_runs_three_queries_whatever_its_length(curator, django_assert_num_queries):
    sam = SpeakerFactory(name="Sam Altman")
    source = SourceFactory(text=TEXT, said_on=dt.date(2024, 10, 1))
    chain = [anchored(speaker=sam, source=source) for _ in range(6)]
    for earlier, later in zip(chain, chain[1:], strict=False):
        PredictionLink.objects.create(prediction=later, earlier=earlier, relation="restatement")
    client = api()
    # 1 prediction lookup, 1 the speaker's links (with both ends), 1 the lineage's predictions.
    with django_assert_num_queries(3):
        steps = client.get(_url(chain[0], "lineage")).json()["steps"]
    assert [step["prediction"]["id"] for step in steps] == [p.pk for p in chain]


# --- the prediction's own fields -------------------------------------------------------------


def test_a_verdict_with_archived_evidence_says_so(rui):
    prediction = anchored()
    evidence = {
        "url": AGENT_LAUNCH,
        "title": "Introducing ChatGPT agent",
        "passage": "ChatGPT now thinks and acts.",
        "retrieved_on": "2025-07-18",
    }
    api(rui).post(_url(prediction, "outcomes"), _verdict(evidence=[evidence]), format="json")
    summary = api().get(_url(prediction)).json()["verdict_summary"]
    assert summary["text"] == "1/1 reviewer · evidence archived · known 2025-07-17"
    assert (summary["evidence_archived"], summary["reviewers"], summary["required"]) == (True, 1, 1)


def test_review_fields_cannot_be_written_through_the_prediction(curator, rui):
    prediction = anchored()
    record_outcome(
        prediction=prediction,
        reviewer=rui,
        verdict="came_true",
        known_on=dt.date(2025, 7, 1),
        note="n",
        today=TODAY,
        now=NOW,
    )
    response = api(curator).patch(
        _url(prediction),
        {
            "verdict": "came_false",
            "review_round": 7,
            "reviewers_required": 5,
            "parent": 1,
            "criteria_frozen": False,
        },
        HTTP_IF_MATCH='"2"',
    )
    # Each one is refused by name: the standing only follows the review record.
    body = assert_error(response, 400, contains="read-only")
    assert set(body["errors"]) == {
        "verdict",
        "review_round",
        "reviewers_required",
        "parent",
        "criteria_frozen",
    }
    stored = Prediction.objects.get(pk=prediction.pk)
    assert (
        stored.verdict,
        stored.review_round,
        stored.reviewers_required,
        stored.parent_id,
        stored.version,
    ) == (
        "came_true",
        1,
        1,
        None,
        2,
    )
