"""The review workflow in the admin: frozen criteria, add-only clarifications, the blind review
record, the review desk's forms by role, lineage, parts, and the read-only records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from claims.groups import ADJUDICATORS, REVIEWERS
from claims.models import Clarification, Evidence, Face, Outcome, Prediction, PredictionLink, Status
from claims.services.criteria import add_clarification
from claims.services.lineage import link_predictions
from claims.services.parts import PartInput, split_prediction
from claims.services.reviews import EvidenceInput, record_outcome, undo_verdict
from tests.clock import NOW, TODAY
from tests.factories import ClarificationFactory, PredictionFactory, SpanFactory, SpeakerFactory, user_in
from tests.test_dashboard_prediction import evidence_rows

# The pages read the clock: stopped on tests.clock.TODAY, the day these tests review on.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

CRITERIA = "Came true if AI agents were in everyday use by millions of people by 2025-12-31."


@pytest.fixture
def reviewer2(db):
    return user_in("ren-reviewer", REVIEWERS, is_staff=True)


@pytest.fixture
def adjudicator(db):
    return user_in("ada-adjudicator", ADJUDICATORS, is_staff=True)


def _change_url(prediction: Prediction) -> str:
    return reverse("admin:claims_prediction_change", args=[prediction.pk])


def _action_url(name: str, prediction: Prediction) -> str:
    return reverse(f"admin:claims_prediction_{name.replace('-', '_')}", args=[prediction.pk])


def _reviewable(reviewers_required: int = 1, **fields) -> Prediction:
    """A prediction due for review, anchored to one span (the change form needs one)."""
    fields.setdefault("status", Status.DUE)
    return SpanFactory(
        prediction=PredictionFactory(reviewers_required=reviewers_required, **fields)
    ).prediction


def _vote(prediction: Prediction, reviewer, verdict: str = "came_true", note: str = "") -> Outcome:
    return record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict=verdict,
        known_on=dt.date(2025, 7, 17),
        evidence=[
            EvidenceInput("https://example.org/launch", "Launch", "It launched.", dt.date(2025, 7, 18))
        ],
        note=note or f"{reviewer.username} judged it {verdict}.",
        today=TODAY,
        now=NOW,
    )


def _form_data(response) -> dict:
    """What the browser would post back for the change page in `response`, unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(getattr(item, "pk", item)) for item in value]
            else:
                data[field.html_name] = str(value)
    return data


# --- Resolution criteria: editable until the first review, then frozen -------------------------


def test_it_lets_a_curator_edit_the_criteria_before_the_first_review(client, curator):
    prediction = _reviewable()
    client.force_login(curator)
    page = client.get(_change_url(prediction))
    assert "Editable until the first review." in page.content.decode()
    data = _form_data(page) | {
        "resolution_criteria": "Came true if 1,000,000 people used agents weekly in 2025."
    }

    response = client.post(_change_url(prediction), data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    prediction.refresh_from_db()
    assert prediction.resolution_criteria == "Came true if 1,000,000 people used agents weekly in 2025."
    assert prediction.version == 2


def test_it_shows_frozen_criteria_read_only_since_the_first_review(client, curator, reviewer):
    prediction = _reviewable()
    first = _vote(prediction, reviewer)
    client.force_login(curator)

    page = client.get(_change_url(prediction)).content.decode()

    assert f"Frozen since {first.recorded_at:%Y-%m-%d} (its first review): add a clarification below." in page
    assert 'name="resolution_criteria" cols="80" rows="4" readonly' in page


def test_it_refuses_a_change_of_frozen_criteria_through_the_change_form(client, curator, reviewer):
    prediction = _reviewable()
    client.force_login(curator)
    page = client.get(_change_url(prediction))  # opened before the first review came in...
    _vote(prediction, reviewer)
    prediction.refresh_from_db()
    data = _form_data(page) | {
        "expected_version": str(prediction.version),  # (not a version conflict: only the freeze)
        "resolution_criteria": "Came true if anyone used an agent.",
        "statement_en": "Edited in the same save.",
    }

    response = client.post(_change_url(prediction), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["resolution_criteria"]
    assert "are frozen since its first review" in errors[0] and "add a clarification instead" in errors[0]
    prediction.refresh_from_db()
    assert (prediction.resolution_criteria, prediction.statement_en) == (
        CRITERIA,
        "2025 will be the year agents are used at scale.",
    )


def test_it_refuses_a_save_over_a_change_made_since_the_page_was_opened(client, curator, reviewer):
    prediction = _reviewable(reviewers_required=2)
    client.force_login(curator)
    page = client.get(_change_url(prediction))
    _vote(prediction, reviewer)  # a review bumps the version

    response = client.post(_change_url(prediction), _form_data(page) | {"statement_en": "Mine."})

    assert response.status_code == 200
    assert "was changed by someone else" in str(response.context["adminform"].form.non_field_errors())
    prediction.refresh_from_db()
    assert prediction.statement_en != "Mine."


def test_the_status_that_follows_reviews_cannot_be_set_by_hand(client, curator):
    prediction = _reviewable(status=Status.OPEN)
    client.force_login(curator)
    page = client.get(_change_url(prediction))
    choices = [value for value, _ in page.context["adminform"].form.fields["status"].choices]
    assert choices == ["draft", "open", "withdrawn"]

    response = client.post(_change_url(prediction), _form_data(page) | {"status": "disputed"})

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    prediction.refresh_from_db()
    assert prediction.status == Status.OPEN


# --- Clarifications: add-only ----------------------------------------------------------------


def test_a_curator_adds_a_clarification_with_author_and_date(client, curator):
    prediction = _reviewable()
    client.force_login(curator)
    data = _form_data(client.get(_change_url(prediction)))
    assert data["clarifications-TOTAL_FORMS"] == "1" and data["clarifications-INITIAL_FORMS"] == "0"

    response = client.post(_change_url(prediction), data | {"clarifications-0-text": "Weekly use counts."})

    assert response.status_code == 302
    clarification = Clarification.objects.get()
    assert (clarification.prediction, clarification.author, clarification.text) == (
        prediction,
        curator,
        "Weekly use counts.",
    )


def test_clarifications_cannot_be_edited_or_deleted_through_the_prediction(client, curator):
    prediction = _reviewable()
    add_clarification(prediction=prediction, author=curator, text="Weekly use counts.", now=NOW)
    client.force_login(curator)
    page = client.get(_change_url(prediction))
    assert "Weekly use counts." in page.content.decode()
    assert 'name="clarifications-0-text"' not in page.content.decode()  # shown, not editable
    data = _form_data(page) | {
        "clarifications-0-text": "Monthly use counts.",
        "clarifications-0-DELETE": "on",
    }

    response = client.post(_change_url(prediction), data)

    assert response.status_code == 302
    assert list(Clarification.objects.values_list("text", flat=True)) == ["Weekly use counts."]


def test_clarifications_are_read_only_even_for_a_superuser(client, staff):
    clarification = ClarificationFactory()
    client.force_login(staff)
    assert client.get(reverse("admin:claims_clarification_add")).status_code == 403
    url = reverse("admin:claims_clarification_change", args=[clarification.pk])
    assert client.get(url).status_code == 200  # view only
    assert client.post(url, {"text": "Changed."}).status_code == 403
    delete = reverse("admin:claims_clarification_delete", args=[clarification.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Clarification.objects.get().text == clarification.text


# --- The review record: blind --------------------------------------------------------------------


def test_the_review_record_is_blind_until_ones_own_review(client, reviewer, reviewer2, adjudicator, curator):
    prediction = _reviewable(reviewers_required=2)
    first = _vote(prediction, reviewer, "came_true", note="Rui: the launch settles it.")

    client.force_login(reviewer2)
    page = client.get(_change_url(prediction)).content.decode()
    assert "Rui: the launch settles it." not in page
    assert "Round 1: 1 of 2 reviews in." in page  # that someone voted is no secret; how is
    listing = client.get(reverse("admin:claims_outcome_changelist")).content.decode()
    assert "Rui: the launch" not in listing and "0 outcomes" in listing
    response = client.get(reverse("admin:claims_outcome_change", args=[first.pk]))
    assert response.status_code == 302  # "does not exist" for this reviewer, for now

    # Once ren has voted, the round is disputed: both voters and the adjudicator see it...
    response = client.post(
        _action_url("review", prediction),
        {"verdict": "partly_true", "known_on": "2025-07-17", "note": "Ren: only partly."} | evidence_rows(),
    )
    assert response.status_code == 302
    page = client.get(_change_url(prediction)).content.decode()
    assert "Rui: the launch settles it." in page and "Ren: only partly." in page
    client.force_login(adjudicator)
    page = client.get(_change_url(prediction)).content.decode()
    assert "Rui: the launch settles it." in page and "Ren: only partly." in page
    # ...but not a curator, until the adjudicator has decided.
    client.force_login(curator)
    assert "Rui: the launch settles it." not in client.get(_change_url(prediction)).content.decode()


# --- The review desk: each form for its role, refusals with the service's message ---------------


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("curator", {"split"}),
        ("reviewer", {"review", "too-early"}),
        ("adjudicator", {"adjudicate", "undo"}),
    ],
)
def test_each_form_is_for_its_role(client, request, persona, allowed):
    user = request.getfixturevalue(persona)
    prediction = _reviewable()
    client.force_login(user)
    for name in ("review", "too-early", "adjudicate", "undo", "split"):
        expected = 200 if name in allowed else 403
        assert client.get(_action_url(name, prediction)).status_code == expected, name
        if name not in allowed:
            assert client.post(_action_url(name, prediction), {"reason": "x"}).status_code == 403, name
    assert not Outcome.objects.exists() and prediction.parts.count() == 0


def test_a_reader_without_staff_access_is_sent_to_the_login_page(client, reader):
    client.force_login(reader)
    response = client.get(_action_url("review", _reviewable()))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_the_prediction_page_offers_each_user_their_forms_only(client, reviewer, adjudicator):
    prediction = _reviewable()
    client.force_login(reviewer)
    page = client.get(_change_url(prediction)).content.decode()
    assert _action_url("review", prediction) in page and _action_url("too-early", prediction) in page
    assert _action_url("adjudicate", prediction) not in page and _action_url("split", prediction) not in page
    _vote(prediction, reviewer)
    page = client.get(_change_url(prediction)).content.decode()
    assert _action_url("review", prediction) not in page  # resolved now
    client.force_login(adjudicator)
    assert _action_url("undo", prediction) in client.get(_change_url(prediction)).content.decode()


def test_a_second_review_in_the_same_round_is_refused_with_the_services_message(client, reviewer):
    prediction = _reviewable(reviewers_required=2)
    _vote(prediction, reviewer)
    client.force_login(reviewer)

    response = client.post(
        _action_url("review", prediction),
        {"verdict": "came_false", "known_on": "2025-07-17", "note": "Changed my mind."} | evidence_rows(),
    )

    assert response.status_code == 200
    assert (
        "You have reviewed it in this round already; a review cannot be changed." in response.content.decode()
    )
    assert Outcome.objects.count() == 1


def test_a_quoted_passage_needs_the_day_it_was_read(client, reviewer):
    prediction = _reviewable()
    client.force_login(reviewer)
    response = client.post(
        _action_url("review", prediction),
        {"verdict": "came_true", "known_on": "2025-07-17"}
        | evidence_rows({"url": "https://example.org/a", "passage": "It launched."}),
    )
    assert response.status_code == 200
    assert "retrieved_on" in response.context["formset"].errors[0]
    assert not Outcome.objects.exists() and not Evidence.objects.exists()


def test_too_early_reschedules_and_keeps_the_prediction_open(client, reviewer):
    prediction = _reviewable()
    client.force_login(reviewer)
    today = TODAY

    refused = client.post(_action_url("too-early", prediction), {"next_look_on": today.isoformat()})
    assert refused.status_code == 200
    assert f"The next look must be after today ({today})." in refused.content.decode()
    assert not Outcome.objects.exists()

    next_look = today + dt.timedelta(days=60)
    response = client.post(
        _action_url("too-early", prediction), {"next_look_on": next_look.isoformat(), "note": "Not out yet."}
    )
    assert response.status_code == 302
    prediction.refresh_from_db()
    assert (prediction.status, prediction.next_look_on, prediction.verdict) == (Status.OPEN, next_look, "")
    page = client.get(_change_url(prediction)).content.decode()
    assert f"too early: look again {next_look:%Y-%m-%d}" in page


def test_an_adjudicator_decides_a_disputed_prediction(client, reviewer, reviewer2, adjudicator):
    prediction = _reviewable(reviewers_required=2)
    _vote(prediction, reviewer, "came_true")
    client.force_login(adjudicator)
    refused = client.post(
        _action_url("adjudicate", prediction),
        {"verdict": "partly_true", "known_on": "2025-07-17", "reasoning": "Too soon."} | evidence_rows(),
    )
    assert refused.status_code == 200
    assert "Only a prediction whose reviewers disagreed can be adjudicated." in refused.content.decode()

    _vote(prediction, reviewer2, "partly_true")
    page = client.get(_change_url(prediction)).content.decode()
    assert _action_url("adjudicate", prediction) in page
    response = client.post(
        _action_url("adjudicate", prediction),
        {"verdict": "partly_true", "known_on": "2025-07-17", "reasoning": "Launched, but not at scale."}
        | evidence_rows(),
    )

    assert response.status_code == 302
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.verdict_adjudicated) == (
        Status.RESOLVED,
        "partly_true",
        True,
    )
    decision = Outcome.objects.get(kind="adjudication")
    assert (decision.reviewer, decision.note) == (adjudicator, "Launched, but not at scale.")
    listing = client.get(reverse("admin:claims_prediction_changelist")).content.decode()
    assert "adjudicated (1/2 reviewers agreed) · known 2025-07-17" in listing


def test_an_adjudicator_undoes_a_verdict_with_a_reason(client, reviewer, adjudicator):
    prediction = _reviewable()
    _vote(prediction, reviewer)
    client.force_login(adjudicator)

    refused = client.post(_action_url("undo", prediction), {"reason": " "})
    assert refused.status_code == 200
    assert "This field is required." in str(refused.context["form"].errors["reason"])
    assert Outcome.objects.count() == 1

    response = client.post(_action_url("undo", prediction), {"reason": "The launch was a demo."})
    assert response.status_code == 302
    prediction.refresh_from_db()
    assert (prediction.status, prediction.review_round, prediction.verdict) == (Status.DUE, 2, "")
    assert Outcome.objects.count() == 2  # nothing deleted
    page = client.get(_change_url(prediction)).content.decode()
    assert "verdict undone" in page and "The launch was a demo." in page


# --- Parts and lineage ---------------------------------------------------------------------------


def _parts(*parts: tuple[str, str]) -> dict:
    """The split form's part rows, the dashboard's (prefix "parts"); a third row left blank."""
    data = {"parts-TOTAL_FORMS": "3", "parts-INITIAL_FORMS": "0"}
    for index in range(3):
        statement, criteria = parts[index] if index < len(parts) else ("", "")
        data |= {
            f"parts-{index}-statement": statement,
            f"parts-{index}-statement_en": "",
            f"parts-{index}-resolution_criteria": criteria,
            f"parts-{index}-horizon_text": "",  # empty: the compound prediction's words
        }
    return data


def test_a_curator_splits_a_compound_prediction_into_parts(client, curator):
    prediction = _reviewable(status=Status.OPEN)
    client.force_login(curator)
    assert _action_url("split", prediction) in client.get(_change_url(prediction)).content.decode()

    refused = client.post(_action_url("split", prediction), _parts(("代理之年", "Agents used at scale.")))
    assert refused.status_code == 200
    assert "Fill in at least two parts: a split makes two predictions or more." in refused.content.decode()
    assert prediction.parts.count() == 0

    response = client.post(
        _action_url("split", prediction),
        _parts(("代理之年", "Agents used at scale."), ("明年会更好", "Agents better in 2025.")),
    )

    assert response.status_code == 302
    prediction.refresh_from_db()
    assert prediction.status == Status.SPLIT
    parts = list(prediction.parts.order_by("id"))
    assert [part.resolution_criteria for part in parts] == ["Agents used at scale.", "Agents better in 2025."]
    assert [part.spans.get().quote for part in parts] == [prediction.spans.get().quote] * 2
    page = client.get(_change_url(prediction)).content.decode()
    assert _change_url(parts[0]) in page and _change_url(parts[1]) in page
    assert _change_url(prediction) in client.get(_change_url(parts[0])).content.decode()  # "split from"


def test_a_curator_links_a_revision_to_the_earlier_prediction(client, curator):
    speaker = SpeakerFactory()
    earlier = _reviewable(speaker=speaker, said_on=dt.date(2024, 1, 10), horizon_text="2024年")
    later = _reviewable(speaker=speaker, said_on=dt.date(2024, 10, 1), horizon_text="2025年")
    stranger = _reviewable(said_on=dt.date(2024, 1, 10))
    client.force_login(curator)
    data = _form_data(client.get(_change_url(later)))
    link = {"links-TOTAL_FORMS": "1", "links-0-relation": "revision", "links-0-note": "Next year, again."}

    refused = client.post(
        _change_url(later), data | link | {"links-0-earlier": str(stranger.pk), "statement_en": "x"}
    )
    assert refused.status_code == 200
    errors = refused.context["inline_admin_formsets"][3].formset.errors[0]["earlier"]
    assert errors == [
        f"Prediction #{stranger.pk} is by another speaker: lineage links one speaker's predictions."
    ]
    assert not PredictionLink.objects.exists()
    later.refresh_from_db()
    assert later.statement_en != "x"  # the whole save was rolled back

    response = client.post(_change_url(later), data | link | {"links-0-earlier": str(earlier.pk)})

    assert response.status_code == 302
    saved = PredictionLink.objects.get()
    assert (saved.prediction, saved.earlier, saved.relation, saved.created_by) == (
        later,
        earlier,
        "revision",
        curator,
    )
    page = client.get(_change_url(later)).content.decode()
    assert f"revised #{earlier.pk} (deadline slipped)" in page


def test_a_curator_removes_a_link_entered_by_mistake(client, curator):
    speaker = SpeakerFactory()
    earlier = _reviewable(speaker=speaker, said_on=dt.date(2024, 1, 10))
    later = _reviewable(speaker=speaker, said_on=dt.date(2024, 10, 1))
    link_predictions(
        face=Face.API, now=NOW, prediction=later, earlier=earlier, relation="restatement", by=curator
    )
    client.force_login(curator)
    data = _form_data(client.get(_change_url(later)))
    assert data["links-TOTAL_FORMS"] == "1"

    response = client.post(_change_url(later), data | {"links-0-DELETE": "on"})

    assert response.status_code == 302
    assert not PredictionLink.objects.exists()
    assert Prediction.objects.filter(pk__in=[earlier.pk, later.pk]).count() == 2


# --- The records are read-only for everyone ------------------------------------------------------


def test_outcomes_and_evidence_are_read_only_even_for_a_superuser(client, staff, reviewer):
    prediction = _reviewable()
    outcome = _vote(prediction, reviewer)
    evidence = Evidence.objects.get()
    client.force_login(staff)
    for model, pk in (("outcome", outcome.pk), ("evidence", evidence.pk)):
        assert client.get(reverse(f"admin:claims_{model}_add")).status_code == 403
        assert client.get(reverse(f"admin:claims_{model}_change", args=[pk])).status_code == 200
        assert (
            client.post(reverse(f"admin:claims_{model}_change", args=[pk]), {"note": "x"}).status_code == 403
        )
        assert (
            client.post(reverse(f"admin:claims_{model}_delete", args=[pk]), {"post": "yes"}).status_code
            == 403
        )
    # Nor can the record go with its prediction: the admin refuses to delete a reviewed one.
    response = client.post(reverse("admin:claims_prediction_delete", args=[prediction.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Outcome.objects.count() == 1 and Evidence.objects.count() == 1


# --- The changelist and query counts ------------------------------------------------------------


def test_the_changelist_shows_the_agreement_behind_each_verdict_and_filters_the_new_statuses(client, curator):
    PredictionFactory(
        statement="两位一致",
        status=Status.RESOLVED,
        verdict="came_true",
        reviewers_required=2,
        verdict_reviewers=2,
        verdict_evidence_archived=True,
        verdict_known_on=dt.date(2025, 4, 5),
    )
    PredictionFactory(statement="有争议", status=Status.DISPUTED)
    client.force_login(curator)
    changelist = reverse("admin:claims_prediction_changelist")

    page = client.get(changelist).content.decode()
    assert "2/2 reviewers · evidence archived · known 2025-04-05" in page
    assert "reviewers disagree · awaiting adjudication" in page
    disputed = client.get(changelist, {"status__exact": "disputed"})
    assert [p.statement for p in disputed.context["cl"].result_list] == ["有争议"]
    agreed = client.get(changelist, {"review": "agreed"})
    assert [p.statement for p in agreed.context["cl"].result_list] == ["两位一致"]


def _reviewed_many_times(n: int, reviewer, adjudicator, curator) -> Prediction:
    """A prediction with n rounds (verdict, undo, verdict...), two evidence rows per review,
    n clarifications and n earlier predictions in its lineage."""
    prediction = _reviewable()
    for round_ in range(n):
        record_outcome(
            prediction=prediction,
            reviewer=reviewer,
            verdict="came_true",
            known_on=dt.date(2025, 7, 17),
            evidence=[
                EvidenceInput("https://example.org/a", "A", "Quoted.", dt.date(2025, 7, 18)),
                "https://example.org/b",
            ],
            note=f"Round {round_ + 1}.",
            today=TODAY,
            now=NOW,
        )
        if round_ < n - 1:
            undo_verdict(prediction=prediction, by=adjudicator, reason="Again.", today=TODAY, now=NOW)
        add_clarification(prediction=prediction, author=curator, text=f"Clarification {round_ + 1}.", now=NOW)
        earlier = PredictionFactory(speaker=prediction.speaker, said_on=dt.date(2024, 1, 1 + round_))
        link_predictions(
            face=Face.API, now=NOW, prediction=prediction, earlier=earlier, relation="restatement", by=curator
        )
    return prediction


@pytest.mark.parametrize("n", [1, 5])
@pytest.mark.parametrize(
    ("persona", "queries"),
    [
        # session, user, the prediction, the user's permissions (1, claims.groups.PermissionsBackend:
        # every later check, the blind filter's and the offered actions' included, reads them
        # from the user object), when the criteria froze, its topics, clarifications with
        # authors, the visible review record with reviewers, its evidence, lineage links with
        # both predictions, spans with their sources, the speaker's and each span's source's
        # autocomplete (1; the span's source is shown as text: a judged prediction's spans are
        # frozen), parts, lineage (2: the speaker's links, the predictions in it), the edit
        # history with its editors (the links added), whether it may be deleted (Prediction.objects.
        # deletable(), for the Delete button).
        ("curator", 17),
        # As the curator's, and: has this reviewer voted in the round under way (for the review buttons),
        # how many votes are in (the standing); not whether it may be deleted (a reviewer deletes nothing).
        ("reviewer", 18),
    ],
)
def test_the_prediction_change_page_runs_a_fixed_number_of_queries(
    client, request, curator, reviewer, adjudicator, django_assert_num_queries, n, persona, queries
):
    prediction = _reviewed_many_times(n, reviewer, adjudicator, curator)
    if persona == "reviewer":
        undo_verdict(
            prediction=prediction, by=adjudicator, reason="Once more.", today=TODAY, now=NOW
        )  # a round under way
    client.force_login(request.getfixturevalue(persona))
    client.get(_change_url(prediction))  # warm the per-process caches (content types)
    with django_assert_num_queries(queries):
        response = client.get(_change_url(prediction))
    assert response.status_code == 200
    assert f"Round {n}." in response.content.decode() and f"Clarification {n}." in response.content.decode()


@pytest.mark.parametrize("n", [2, 5])
def test_the_change_page_of_a_split_prediction_runs_a_fixed_number_of_queries(
    client, curator, django_assert_num_queries, n
):
    prediction = _reviewable(status=Status.OPEN)
    split_prediction(
        face=Face.API,
        prediction=prediction,
        parts=[PartInput(f"部分{i}", f"Part {i}.") for i in range(n)],
        by=curator,
        now=NOW,
    )
    client.force_login(curator)
    client.get(_change_url(prediction))
    # As a reviewed prediction's page for a curator (18), without evidence to load (no review
    # record), and the parts listed in one query whatever their number.
    with django_assert_num_queries(17):
        response = client.get(_change_url(prediction))
    assert response.status_code == 200
    assert f"部分{n - 1}" in response.content.decode()


def test_an_adjudicated_verdict_can_be_undone_but_not_by_one_of_its_voters(client, reviewer, adjudicator):
    """As on the dashboard (claims.actions): the undo is offered for an adjudicated verdict, to
    an adjudicator who did not vote in its round."""
    both = user_in("bo-both", REVIEWERS, ADJUDICATORS, is_staff=True)
    prediction = _reviewable(reviewers_required=2)
    _vote(prediction, both, "came_true")
    _vote(prediction, reviewer, "came_false")
    client.force_login(both)
    assert _action_url("adjudicate", prediction) not in client.get(_change_url(prediction)).content.decode()
    client.force_login(adjudicator)
    client.post(
        _action_url("adjudicate", prediction),
        {"verdict": "came_false", "known_on": "2025-07-17", "reasoning": "It did not launch."}
        | evidence_rows(),
    )
    prediction.refresh_from_db()
    assert prediction.verdict_adjudicated
    assert _action_url("undo", prediction) in client.get(_change_url(prediction)).content.decode()

    client.force_login(both)
    assert _action_url("undo", prediction) not in client.get(_change_url(prediction)).content.decode()
    refused = client.post(_action_url("undo", prediction), {"reason": "I was right."})
    assert refused.status_code == 200
    assert "You reviewed it in round 1, whose verdict this is: another adjudicator must undo it." in (
        refused.content.decode()
    )
    assert Outcome.objects.filter(kind="undo").count() == 0


def test_the_review_desk_shows_the_quote_in_its_source_context(client, reviewer):
    span = SpanFactory(prediction=PredictionFactory(status="due", resolution_criteria=CRITERIA))
    client.force_login(reviewer)
    page = client.get(reverse("admin:claims_prediction_review", args=[span.prediction_id]))
    assert page.status_code == 200
    html = page.content.decode()
    text = span.source.text
    before = text[max(0, span.start - 6) : span.start].strip()
    assert "hindsight-span-context" in html
    assert f"{span.quote}</mark>" in html  # the quote, marked
    assert before and before in html  # with the words around it
    assert reverse("dashboard:source", args=[span.source_id]) + f"#span-{span.pk}" in html
