"""The review workflow on the dashboard: blind reviews, "too early", adjudication, undo, frozen
criteria with clarifications, lineage, parts, the review backlog and the agreement behind verdicts.

Personas: rui-reviewer and ria-reviewer (reviewers), ada-adjudicator (staff who decides disputes
and undoes verdicts), carla-curator, rita-reader (logged in, no role) and anonymous visitors.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.groups import ADJUDICATORS, REVIEWERS
from claims.models import Clarification, Face, Outcome, Prediction, PredictionLink, Status
from claims.services.backlog import review_backlog
from claims.services.criteria import add_clarification
from claims.services.lineage import link_predictions
from claims.services.parts import PartInput, split_prediction
from claims.services.reviews import EvidenceInput, record_outcome
from claims.templatetags.dashboard import link_summary
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SpanFactory, SpeakerFactory
from tests.test_dashboard_prediction import evidence_rows, valid_outcome

# The pages read the clock: stopped on tests.clock.TODAY, the day these tests review on.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

KNOWN = dt.date(2025, 4, 5)
ARCHIVED = EvidenceInput(
    url="https://example.org/launch",
    title="The launch",
    passage="Available to everyone from today.",
    retrieved_on=dt.date(2025, 4, 6),
)


def today() -> dt.date:
    return TODAY


def member(username: str, *groups: str, **extra) -> User:
    user = User.objects.create_user(username=username, password="pw", **extra)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def second_reviewer(db) -> User:
    return member("ria-reviewer", REVIEWERS, is_staff=True)


@pytest.fixture
def adjudicator(db) -> User:
    return member("ada-adjudicator", ADJUDICATORS, is_staff=True)


def due(days_ago: int = 10, **fields) -> Prediction:
    """A prediction whose window (set by hand) closed `days_ago` days ago, flagged due."""
    fields.setdefault("status", Status.DUE)
    fields.setdefault("reviewers_required", 2)
    return PredictionFactory(
        window_overridden=True, due_earliest=None, due_latest=today() - dt.timedelta(days=days_ago), **fields
    )


def vote(prediction: Prediction, reviewer: User, verdict: str, note: str = "Checked.", **fields) -> Outcome:
    fields.setdefault("evidence", [ARCHIVED])
    return record_outcome(
        prediction=prediction,
        reviewer=reviewer,
        verdict=verdict,
        known_on=KNOWN,
        note=note,
        **fields,
        today=TODAY,
        now=NOW,
    )


def page(prediction: Prediction) -> str:
    return reverse("dashboard:prediction", args=[prediction.pk])


def url(name: str, prediction: Prediction) -> str:
    return reverse(f"dashboard:{name}", args=[prediction.pk])


def section(html: str, element_id: str) -> str:
    """One <section> of the page, found by its id."""
    match = re.search(rf'<section [^>]*id="{element_id}".*?</section>', html, re.S)
    assert match, f"no section with id {element_id}"
    return match.group(0)


def get(client, prediction: Prediction, user: User | None = None) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(page(prediction))
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """The words of some HTML, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# Blind review


def test_it_hides_a_vote_until_the_viewer_gives_theirs(client, reviewer, second_reviewer, reader):
    prediction = due()
    vote(prediction, reviewer, "came_true", note="Rui: launched to everyone.")

    waiting = get(client, prediction, second_reviewer)
    record = section(waiting, "reviews")
    assert "1 of 2 reviews in, hidden until you give yours." in text(record)
    assert "Rui: launched to everyone." not in waiting
    assert "Came true" not in record and "rui-reviewer" not in record
    assert "Your review" in waiting  # the form to give theirs

    for visitor in (None, reader):
        html = get(client, prediction, visitor)
        assert "1 of 2 reviews in, hidden until the round concludes." in text(section(html, "reviews"))
        assert "Rui: launched to everyone." not in html
        assert "Came true" not in section(html, "reviews")

    own = get(client, prediction, reviewer)
    assert "1 of 2 reviews in, yours among them." in text(section(own, "reviews"))
    assert "Rui: launched to everyone." in own
    assert "You reviewed it in round 1; 1 of 2 reviews are in." in text(own)
    assert f'action="{url("record-outcome", prediction)}"' not in own

    # The second reviewer gives theirs through the form: the round concludes for everyone.
    client.force_login(second_reviewer)
    response = client.post(url("record-outcome", prediction), valid_outcome(note="Ria: agreed."))
    assert response.status_code == 302
    public = get(client, prediction)
    record = section(public, "reviews")
    assert "Rui: launched to everyone." in record and "Ria: agreed." in record
    assert "reviews in" not in record  # no round note once it concluded


def test_it_hides_a_disputed_round_from_readers_but_not_from_its_voters_or_adjudicators(
    client, reviewer, second_reviewer, adjudicator
):
    prediction = due()
    vote(prediction, reviewer, "came_true", note="Rui says true.")
    vote(prediction, second_reviewer, "came_false", note="Ria says false.")
    prediction.refresh_from_db()
    assert prediction.status == Status.DISPUTED

    public = get(client, prediction)
    assert (
        "2 of 2 reviews in: the reviewers disagreed, and an adjudicator decides. Their reviews are hidden until then."
        in text(section(public, "reviews"))
    )
    assert "Rui says true." not in public and "Ria says false." not in public
    assert "Reviewers disagreed, awaiting adjudication" in public  # the badge

    for insider in (reviewer, adjudicator):
        html = get(client, prediction, insider)
        assert "Rui says true." in html and "Ria says false." in html
        assert "hidden until then" not in html


# Adjudication


def test_it_lets_an_adjudicator_decide_a_disputed_round_with_reasoning(
    client, reviewer, second_reviewer, adjudicator
):
    prediction = due()
    vote(prediction, reviewer, "came_true")
    vote(prediction, second_reviewer, "partly_true")
    assert f'action="{url("adjudicate", prediction)}"' not in get(client, prediction, reviewer)
    assert f'action="{url("adjudicate", prediction)}"' in get(client, prediction, adjudicator)

    decision = {
        "verdict": "partly_true",
        "known_on": "2025-07-17",
        "reasoning": "Launched, but only to paying users: partly.",
        **evidence_rows({"url": "https://example.org/pricing", "title": "Pricing"}),
    }
    response = client.post(url("adjudicate", prediction), decision)
    assert response.status_code == 302
    assert response["Location"] == page(prediction) + "#reviews"
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.verdict_adjudicated) == (
        Status.RESOLVED,
        "partly_true",
        True,
    )
    html = get(client, prediction)
    assert "adjudicated (1/2 reviewers agreed) · known 2025-07-17" in html
    record = section(html, "reviews")
    assert "Adjudication" in record and "Launched, but only to paying users: partly." in record
    # By her public name; her username is not for the public.
    assert f"by Reviewer #{adjudicator.pk}" in record and "Pricing</a>" in record


def test_it_refuses_adjudication_from_reviewers_and_visitors(client, reviewer, second_reviewer, reader):
    prediction = due()
    vote(prediction, reviewer, "came_true")
    vote(prediction, second_reviewer, "came_false")
    decision = {"verdict": "came_true", "known_on": "2025-07-17", "reasoning": "Mine.", **evidence_rows()}
    client.logout()
    assert client.post(url("adjudicate", prediction), decision).status_code == 403
    for user in (reviewer, reader):
        client.force_login(user)
        response = client.post(url("adjudicate", prediction), decision)
        assert response.status_code == 403
        assert "Only adjudicators decide disputed reviews." in response.content.decode()
    assert Outcome.objects.filter(prediction=prediction).count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reasoning": ""}, "This field is required."),
        ({"verdict": "too_early", "known_on": ""}, "Give the day to look again."),
        ({"known_on": ""}, "Give the day the outcome became known."),
    ],
)
def test_it_shows_what_to_fix_in_an_adjudication_and_records_nothing(
    client, reviewer, second_reviewer, adjudicator, fields, message
):
    prediction = due()
    vote(prediction, reviewer, "came_true")
    vote(prediction, second_reviewer, "came_false")
    client.force_login(adjudicator)
    decision = {"verdict": "came_true", "known_on": "2025-07-17", "reasoning": "Because.", **evidence_rows()}
    response = client.post(url("adjudicate", prediction), {**decision, **fields})
    assert response.status_code == 400
    assert message in section(response.content.decode(), "adjudicate")
    assert Outcome.objects.filter(prediction=prediction).count() == 2
    prediction.refresh_from_db()
    assert prediction.status == Status.DISPUTED


def test_it_shows_the_rules_refusal_when_a_voter_would_adjudicate_or_nothing_is_disputed(
    client, reviewer, adjudicator
):
    both = member("bo-both", REVIEWERS, ADJUDICATORS)
    prediction = due()
    vote(prediction, reviewer, "came_true")
    vote(prediction, both, "came_false")
    html = get(client, prediction, both)
    assert "You reviewed it in this round, so another adjudicator must decide." in html
    decision = {"verdict": "came_true", "known_on": "2025-07-17", "reasoning": "Mine.", **evidence_rows()}
    response = client.post(url("adjudicate", prediction), decision)
    assert response.status_code == 400
    assert "An adjudicator must not be one of the reviewers who disagreed." in response.content.decode()

    undisputed = due()
    client.force_login(adjudicator)
    response = client.post(url("adjudicate", undisputed), decision)
    assert response.status_code == 400
    assert "Only a prediction whose reviewers disagreed can be adjudicated." in response.content.decode()
    assert not Outcome.objects.filter(prediction=undisputed).exists()


# Too early


def test_it_records_too_early_and_shows_the_next_look(client, reviewer):
    prediction = due(reviewers_required=1)
    next_look = today() + dt.timedelta(days=60)
    client.force_login(reviewer)
    response = client.post(
        url("too-early", prediction), {"next_look_on": next_look.isoformat(), "note": "Not announced yet."}
    )
    assert response.status_code == 302
    prediction.refresh_from_db()
    assert (prediction.status, prediction.next_look_on, prediction.review_round) == (
        Status.OPEN,
        next_look,
        2,
    )
    html = get(client, prediction)
    assert f"Too early, next look {next_look:%Y-%m-%d}" in html  # the badge
    assert f"<dt>Next look</dt><dd>{next_look:%Y-%m-%d}" in html
    record = section(html, "reviews")
    assert f"too early: look again on <strong>{next_look:%Y-%m-%d}</strong>" in record
    assert "Not announced yet." in record


@pytest.mark.parametrize("days", [0, -1])
def test_it_refuses_a_next_look_that_is_not_in_the_future(client, reviewer, days):
    prediction = due(reviewers_required=1)
    client.force_login(reviewer)
    day = today() + dt.timedelta(days=days)
    response = client.post(url("too-early", prediction), {"next_look_on": day.isoformat()})
    assert response.status_code == 400
    assert f"The next look must be after today ({today()})." in response.content.decode()
    assert not Outcome.objects.exists()


def test_it_refuses_too_early_from_anyone_but_reviewers(client, reader, curator, adjudicator):
    prediction = due()
    data = {"next_look_on": (today() + dt.timedelta(days=30)).isoformat()}
    client.logout()
    assert client.post(url("too-early", prediction), data).status_code == 403
    for user in (reader, curator, adjudicator):
        client.force_login(user)
        assert client.post(url("too-early", prediction), data).status_code == 403
    assert not Outcome.objects.exists()


# Undo


def test_it_lets_an_adjudicator_undo_a_verdict_with_a_reason_and_keeps_the_record(
    client, reviewer, adjudicator
):
    prediction = due(reviewers_required=1)
    vote(prediction, reviewer, "came_true", note="First look.")
    html = get(client, prediction, adjudicator)
    assert f'action="{url("undo", prediction)}"' in html

    response = client.post(url("undo", prediction), {"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in section(response.content.decode(), "undo")

    response = client.post(url("undo", prediction), {"reason": "The source was a parody."})
    assert response.status_code == 302
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict, prediction.review_round) == (Status.DUE, "", 2)
    assert list(prediction.outcomes.order_by("id").values_list("kind", flat=True)) == ["review", "undo"]
    record = section(get(client, prediction), "reviews")
    assert "Reason:</span> The source was a parody." in record
    assert "First look." in record  # nothing deleted
    # A new round: the reviewer may review it again.
    assert f'action="{url("record-outcome", prediction)}"' in get(client, prediction, reviewer)


def test_it_refuses_an_undo_from_reviewers_and_when_nothing_stands(client, reviewer, adjudicator):
    prediction = due(reviewers_required=1)
    vote(prediction, reviewer, "came_true")
    client.force_login(reviewer)
    assert client.post(url("undo", prediction), {"reason": "Mine."}).status_code == 403
    assert f'action="{url("undo", prediction)}"' not in get(client, prediction, reviewer)

    unresolved = due()
    client.force_login(adjudicator)
    response = client.post(url("undo", unresolved), {"reason": "Why not."})
    assert response.status_code == 400
    assert "There is no verdict to undo: it is not resolved." in response.content.decode()
    assert Outcome.objects.count() == 1


# Criteria and clarifications


def test_it_shows_criteria_editable_until_the_first_review_then_frozen_with_clarifications(
    client, reviewer, curator
):
    prediction = due(resolution_criteria="Came true if agents were in everyday use by 2025-12-31.")
    html = section(get(client, prediction), "criteria")
    assert "Came true if agents were in everyday use by 2025-12-31." in html
    assert "Curators may still edit them until the first review" in html

    vote(prediction, reviewer, "came_true")
    add_clarification(prediction=prediction, author=curator, text="“Everyday use” means weekly.", now=NOW)
    criteria = section(get(client, prediction), "criteria")
    frozen_on = prediction.outcomes.get().recorded_at.astimezone(timezone.get_current_timezone()).date()
    assert f"Frozen since {frozen_on:%Y-%m-%d}" in criteria
    # Clarifications beneath the criteria, with author and date; the criteria unchanged.
    assert criteria.index("everyday use by 2025-12-31") < criteria.index("“Everyday use” means weekly.")
    added = Clarification.objects.get().added_at.astimezone(timezone.get_current_timezone()).date()
    assert f"Added {added:%Y-%m-%d} by Reviewer #{curator.pk}" in criteria


def test_it_lets_curators_add_a_clarification_and_nobody_else(client, curator, reviewer, reader):
    prediction = due()
    assert 'name="text"' not in get(client, prediction, reviewer)
    assert f'action="{url("add-clarification", prediction)}"' in get(client, prediction, curator)

    response = client.post(url("add-clarification", prediction), {"text": ""})
    assert response.status_code == 400
    assert "This field is required." in section(response.content.decode(), "criteria")
    response = client.post(url("add-clarification", prediction), {"text": "Weekly use counts."})
    assert response.status_code == 302
    assert response["Location"] == page(prediction) + "#criteria"
    assert "Weekly use counts." in section(get(client, prediction), "criteria")

    client.logout()
    assert client.post(url("add-clarification", prediction), {"text": "Anon."}).status_code == 403
    for user in (reviewer, reader):
        client.force_login(user)
        assert client.post(url("add-clarification", prediction), {"text": "Mine."}).status_code == 403
    assert list(Clarification.objects.values_list("text", flat=True)) == ["Weekly use counts."]


# Lineage and parts


def lineage_of_three() -> tuple[Prediction, Prediction, Prediction]:
    """Said in 2024 for 2024, revised in 2025 for 2025 (slipped), said again later in 2025."""
    speaker = SpeakerFactory(name="Elon Musk")

    def said(on: dt.date, due_latest: dt.date, statement: str) -> Prediction:
        return PredictionFactory(
            speaker=speaker, said_on=on, window_overridden=True, due_latest=due_latest, statement=statement
        )

    first = said(dt.date(2024, 1, 5), dt.date(2024, 12, 31), "今年实现完全自动驾驶。")
    second = said(dt.date(2025, 1, 10), dt.date(2025, 12, 31), "明年实现完全自动驾驶。")
    third = said(dt.date(2025, 6, 1), dt.date(2025, 12, 31), "今年年底实现完全自动驾驶。")
    link_predictions(
        face=Face.API,
        now=NOW,
        by=None,
        prediction=second,
        earlier=first,
        relation="revision",
        note="Next year, again.",
    )
    link_predictions(
        face=Face.API, now=NOW, by=None, prediction=third, earlier=second, relation="restatement"
    )
    return first, second, third


def test_it_shows_the_lineage_oldest_first_with_a_slipped_deadline(client):
    first, second, third = lineage_of_three()
    html = get(client, first)
    lineage = section(html, "lineage")
    assert lineage.index("今年实现完全自动驾驶。") < lineage.index("明年实现完全自动驾驶。")
    assert lineage.index("明年实现完全自动驾驶。") < lineage.index("今年年底实现完全自动驾驶。")
    assert "Revised: deadline moved from 2024-12-31 to 2025-12-31" in lineage
    assert "Next year, again." in lineage
    assert ">slipped deadline</span>" in lineage
    assert "Said again" in lineage
    assert "said 2024-01-05" in lineage and "said 2025-06-01" in lineage
    assert "due by 2024-12-31" in lineage and "due by 2025-12-31" in lineage
    assert f'href="/predictions/{second.pk}/"' in lineage and 'aria-current="true"' in lineage
    # A prediction with no links has no lineage section.
    assert 'id="lineage"' not in get(client, PredictionFactory())


def test_it_counts_slipped_deadlines_in_track_records(client):
    first, _, _ = lineage_of_three()
    overview = client.get(reverse("dashboard:overview")).content.decode()
    row = re.search(r'<th scope="row"><a href="/speakers/\d+/">Elon Musk</a>.*?</tr>', overview, re.S).group(
        0
    )
    header = re.search(r"<thead>.*?</thead>", overview, re.S).group(0)
    columns = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", header, re.S)
    ]
    cells = dict(zip(columns[1:], re.findall(r"<td[^>]*>(.*?)</td>", row, re.S), strict=True))
    # The slipped deadline, with the original's miss.
    assert cells["Slipped"] == '1 <span class="hint">(1 missed)</span>'
    speaker = client.get(reverse("dashboard:speaker", args=[first.speaker_id])).content.decode()
    assert '<span class="n">1</span> slipped deadline' in speaker
    assert "1 counted as a miss" in speaker


def test_it_lists_the_parts_of_a_split_prediction_and_links_a_part_to_it(client, curator):
    compound = PredictionFactory(statement="我认为2025年将是代理大规模使用的一年。")
    SpanFactory(prediction=compound)
    parts = split_prediction(
        face=Face.API,
        prediction=compound,
        parts=[
            PartInput(statement="代理被大规模使用。", resolution_criteria="Millions use agents weekly."),
            PartInput(statement="在2025年。", resolution_criteria="By 2025-12-31."),
        ],
        by=curator,
        now=NOW,
    )
    html = get(client, compound)
    assert "Split into parts" in html
    for part in parts:
        assert f'href="/predictions/{part.pk}/"' in html
    part_page = get(client, parts[0])
    assert f'<dt>Part of</dt><dd><a href="/predictions/{compound.pk}/"' in part_page
    assert "Millions use agents weekly." in section(part_page, "criteria")
    listed = client.get(reverse("dashboard:prediction-list") + "?status=split").content.decode()
    assert (
        f'href="/predictions/{compound.pk}/"' in listed
        and f'href="/predictions/{parts[0].pk}/"' not in listed
    )


# Splitting and linking (curators)


def part_rows(*rows: dict[str, str], total: int = 3) -> dict[str, str]:
    """The POST data of the split form: its part rows (a formset prefixed "parts")."""
    data = {
        "parts-TOTAL_FORMS": str(total),
        "parts-INITIAL_FORMS": "0",
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "10",
    }
    for number, row in enumerate(rows):
        data.update({f"parts-{number}-{name}": value for name, value in row.items()})
    return data


AGENTS = {
    "statement": "代理被大规模使用。",
    "statement_en": "Agents are used at scale.",
    "resolution_criteria": "Millions of people use AI agents weekly.",
}
IN_2025 = {"statement": "在2025年。", "resolution_criteria": "By 2025-12-31.", "horizon_text": "2025年底"}


def compound(**fields) -> Prediction:
    """An open compound prediction anchored to a span (the parts keep its spans)."""
    prediction = PredictionFactory(statement="我认为2025年将是代理大规模使用的一年。", **fields)
    SpanFactory(prediction=prediction)
    return prediction


def test_it_lets_a_curator_split_a_compound_prediction_into_parts(client, curator):
    prediction = compound()
    html = get(client, prediction, curator)
    assert f'action="{url("split", prediction)}"' in section(html, "split")
    assert "Horizon words left empty stay" in section(html, "split")

    response = client.post(url("split", prediction), part_rows(AGENTS, IN_2025))
    assert response.status_code == 302
    assert response["Location"] == page(prediction) + "#parts"
    prediction.refresh_from_db()
    assert prediction.status == Status.SPLIT
    first, second = prediction.parts.order_by("id")
    assert (first.statement, first.statement_en, first.resolution_criteria, first.horizon_text) == (
        "代理被大规模使用。",
        "Agents are used at scale.",
        "Millions of people use AI agents weekly.",
        "2025年",  # left empty: the compound prediction's words
    )
    assert (second.horizon_text, second.created_by) == ("2025年底", curator)
    assert first.spans.get().quote == prediction.spans.get().quote

    after = client.get(page(prediction)).content.decode()
    assert (
        f"Split into 2 parts, each reviewed on its own: #{first.pk} 代理被大规模使用。; #{second.pk} 在2025年。"
        in (after)
    )
    assert f'href="/predictions/{first.pk}/"' in after and f'href="/predictions/{second.pk}/"' in after
    assert 'id="split"' not in after  # split once: its form is gone


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ((AGENTS,), "Fill in at least two parts: a split makes two predictions or more."),
        # The service's rule: the parts of an open prediction are open, so they need criteria.
        ((AGENTS, {**IN_2025, "resolution_criteria": ""}), "Write the resolution criteria"),
        ((AGENTS, {**IN_2025, "horizon_text": "年" * 201}), "at most 200 characters"),
    ],
)
def test_it_shows_what_to_fix_in_a_split_and_writes_nothing(client, curator, rows, message):
    prediction = compound()
    client.force_login(curator)
    response = client.post(url("split", prediction), part_rows(*rows))
    assert response.status_code == 400
    form = section(response.content.decode(), "split")
    assert message in form
    assert "代理被大规模使用。" in form  # what was typed stays
    prediction.refresh_from_db()
    assert prediction.status == Status.OPEN
    assert Prediction.objects.count() == 1


def test_it_shows_the_services_refusal_of_a_split_on_the_form(client, curator, reviewer):
    unanchored = PredictionFactory()  # no span for its parts to keep
    client.force_login(curator)
    response = client.post(url("split", unanchored), part_rows(AGENTS, IN_2025))
    assert response.status_code == 400
    assert "Anchor the prediction to at least one span of a source." in section(
        response.content.decode(), "split"
    )

    reviewed = compound(reviewers_required=2)
    vote(reviewed, reviewer, "came_true")
    assert 'id="split"' not in get(client, reviewed, curator)  # no form once reviewed
    response = client.post(url("split", reviewed), part_rows(AGENTS, IN_2025))
    assert response.status_code == 400
    assert "has been reviewed already: split predictions before their first review." in section(
        response.content.decode(), "split"
    )
    assert Prediction.objects.count() == 2
    assert Prediction.objects.filter(status=Status.SPLIT).count() == 0


def test_it_refuses_a_split_from_anyone_but_curators(client, reviewer, reader, adjudicator):
    prediction = compound()
    client.logout()
    assert client.post(url("split", prediction), part_rows(AGENTS, IN_2025)).status_code == 403
    for user in (reviewer, reader, adjudicator):
        assert 'id="split"' not in get(client, prediction, user)
        response = client.post(url("split", prediction), part_rows(AGENTS, IN_2025))
        assert response.status_code == 403
        assert "Only curators split predictions." in response.content.decode()
    assert Prediction.objects.count() == 1
    prediction.refresh_from_db()
    assert prediction.status == Status.OPEN


def test_it_lets_a_curator_link_a_prediction_to_an_earlier_one_of_its_speaker(client, curator):
    speaker = SpeakerFactory(name="Elon Musk")

    def said(on: dt.date, statement: str, **fields) -> Prediction:
        return PredictionFactory(
            speaker=speaker,
            said_on=on,
            statement=statement,
            window_overridden=True,
            due_latest=dt.date(on.year, 12, 31),
            **fields,
        )

    first = said(dt.date(2024, 1, 5), "今年实现完全自动驾驶。")
    draft = said(dt.date(2024, 3, 1), "草稿。", status=Status.DRAFT)
    later = said(dt.date(2025, 1, 10), "明年实现完全自动驾驶。")
    after = said(dt.date(2025, 6, 1), "之后说的。")
    other = PredictionFactory(said_on=dt.date(2023, 1, 1), statement="别人说的。")

    choices = section(get(client, later, curator), "link")
    assert (
        f'<option value="{first.pk}">#{first.pk} · said 2024-01-05 · 今年实现完全自动驾驶。</option>'
        in choices
    )
    for hidden in (draft, after, other, later):  # a draft, said after, another speaker's, itself
        assert f'<option value="{hidden.pk}"' not in choices

    data = {"earlier": str(first.pk), "relation": "revision", "note": "Next year, again."}
    response = client.post(url("link", later), data)
    assert response.status_code == 302
    assert response["Location"] == page(later) + "#lineage"
    link = later.links.get()
    assert (link.earlier, link.relation, link.note, link.created_by) == (
        first,
        "revision",
        "Next year, again.",
        curator,
    )
    html = client.get(page(later)).content.decode()
    assert f"Linked to #{first.pk}: Revised: deadline moved from 2024-12-31 to 2025-12-31." in html
    lineage = section(html, "lineage")
    assert "Next year, again." in lineage and ">slipped deadline</span>" in lineage
    # Linked once: it is no longer offered, and nothing earlier is left.
    assert "No earlier prediction by Elon Musk is left to link this one to." in section(html, "link")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"earlier": "other"}, "Select a valid choice."),
        ({"earlier": "later"}, "Select a valid choice."),
        ({"earlier": ""}, "This field is required."),
        ({"relation": "contradiction"}, "Select a valid choice. contradiction is not one of the available"),
    ],
)
def test_it_shows_what_to_fix_in_a_link_and_writes_nothing(client, curator, fields, message):
    speaker = SpeakerFactory()
    earlier = PredictionFactory(speaker=speaker, said_on=dt.date(2024, 1, 5))
    prediction = PredictionFactory(speaker=speaker, said_on=dt.date(2025, 1, 10))
    named = {
        "other": PredictionFactory(said_on=dt.date(2023, 1, 1)),
        "later": PredictionFactory(speaker=speaker, said_on=dt.date(2025, 6, 1)),
    }
    data = {"earlier": str(earlier.pk), "relation": "restatement", "note": "Again."}
    data.update({name: str(named[value].pk) if value in named else value for name, value in fields.items()})
    client.force_login(curator)
    response = client.post(url("link", prediction), data)
    assert response.status_code == 400
    form = section(response.content.decode(), "link")
    assert message in form
    assert f'<option value="{earlier.pk}"' in form  # the choices are still there
    assert not PredictionLink.objects.exists()


def test_it_refuses_a_link_from_anyone_but_curators(client, reviewer, reader, adjudicator):
    speaker = SpeakerFactory()
    earlier = PredictionFactory(speaker=speaker, said_on=dt.date(2024, 1, 5))
    prediction = PredictionFactory(speaker=speaker, said_on=dt.date(2025, 1, 10))
    data = {"earlier": str(earlier.pk), "relation": "restatement"}
    client.logout()
    assert client.post(url("link", prediction), data).status_code == 403
    for user in (reviewer, reader, adjudicator):
        assert 'id="link"' not in get(client, prediction, user)
        response = client.post(url("link", prediction), data)
        assert response.status_code == 403
        assert "Only curators link predictions." in response.content.decode()
    assert not PredictionLink.objects.exists()


# Backlog and agreement


def test_it_shows_the_review_backlog_matching_the_data(client, reviewer, second_reviewer, staff):
    oldest = due(40)
    due(5)
    PredictionFactory(
        window_overridden=True, due_latest=today() - dt.timedelta(days=3)
    )  # open, not flagged yet
    disputed = due(20)
    PredictionFactory(window_overridden=True, due_latest=today() + dt.timedelta(days=3))  # not due
    vote(due(8, reviewers_required=1), reviewer, "came_true")  # resolved: not waiting
    vote(oldest, reviewer, "came_true")  # one of two votes: still waiting, not on Rui
    vote(disputed, reviewer, "came_true")
    vote(disputed, second_reviewer, "came_false")

    public = section(client.get(reverse("dashboard:overview")).content.decode(), "backlog")
    assert "4 due without a verdict" in text(public) and "reviewer" not in public
    client.force_login(staff)  # staff see who is waited on
    backlog = section(client.get(reverse("dashboard:overview")).content.decode(), "backlog")
    words = text(backlog)
    # Waiting: the two flagged, the one whose window closed, the disputed one.
    assert "4 due without a verdict" in words
    assert "1 awaiting adjudication" in words
    assert f"39 days the oldest has waited (due {today() - dt.timedelta(days=39):%Y-%m-%d})" in words
    row = (
        r'<th scope="row">Reviewer #\d+ <span class="hint">\(([^)]+)\)</span></th><td class="num">(\d+)</td>'
    )
    rows = dict(re.findall(row, backlog))
    # Three need votes; Rui voted on one of them, Ria on none (her vote is in the disputed one).
    assert rows == {"ria-reviewer": "3", "rui-reviewer": "2"}
    expected = review_backlog(today())
    assert (expected.waiting, expected.disputed, expected.oldest_waiting_days) == (4, 1, 39)
    assert {load.username: load.waiting for load in expected.reviewers} == {
        "ria-reviewer": 3,
        "rui-reviewer": 2,
    }


def test_it_says_when_nothing_waits_for_review(client):
    backlog = text(section(client.get(reverse("dashboard:overview")).content.decode(), "backlog"))
    assert "0 due without a verdict" in backlog and "— nothing is waiting" in backlog


def test_it_shows_the_agreement_behind_a_verdict_wherever_the_verdict_shows(
    client, reviewer, second_reviewer
):
    prediction = due(statement="两位评审一致的预测。")
    vote(prediction, reviewer, "came_true")
    vote(prediction, second_reviewer, "came_true")
    line = "2/2 reviewers · evidence archived · known 2025-04-05"
    assert line in get(client, prediction)
    overview = client.get(reverse("dashboard:overview")).content.decode()
    assert line in re.search(r'<section aria-labelledby="resolved-h".*?</section>', overview, re.S).group(0)
    assert line in client.get(reverse("dashboard:prediction-list") + "?status=resolved").content.decode()
    assert line in client.get(reverse("dashboard:speaker", args=[prediction.speaker_id])).content.decode()


def test_it_says_when_the_evidence_is_not_archived(client, reviewer):
    prediction = due(reviewers_required=1)
    vote(prediction, reviewer, "came_false", evidence=["https://example.org/plain-link"])
    assert "1/1 reviewer · known 2025-04-05" in get(client, prediction)


def test_it_filters_the_list_by_the_new_statuses(client, reviewer, second_reviewer):
    disputed = due(statement="有争议的预测。")
    vote(disputed, reviewer, "came_true")
    vote(disputed, second_reviewer, "came_false")
    due(statement="等待评审的预测。")
    response = client.get(reverse("dashboard:prediction-list") + "?status=disputed")
    assert response.status_code == 200
    html = response.content.decode()
    assert "有争议的预测。" in html and "等待评审的预测。" not in html
    assert '<option value="disputed" selected>Awaiting adjudication</option>' in html
    assert '<option value="split">Split into parts</option>' in html


# Query counts


def reviewed_with_history(size: int, reviewer: User, second_reviewer: User, curator: User) -> Prediction:
    """A resolved prediction with `size` clarifications, earlier lineage steps and evidence rows."""
    first, second, _ = lineage_of_three()
    evidence = [
        EvidenceInput(url=f"https://example.org/{n}", passage="p", retrieved_on=KNOWN) for n in range(size)
    ]
    earlier = second
    for number in range(size):
        later = PredictionFactory(
            speaker=first.speaker,
            said_on=dt.date(2025, 7, 1) + dt.timedelta(days=number),
            statement=f"又说了{number}",
        )
        link_predictions(
            face=Face.API, now=NOW, by=None, prediction=later, earlier=earlier, relation="restatement"
        )
        earlier = later
    prediction = earlier if size else second
    Prediction.objects.filter(pk=prediction.pk).update(reviewers_required=2)
    vote(prediction, reviewer, "came_true", evidence=evidence)
    vote(prediction, second_reviewer, "came_true", evidence=evidence)
    for number in range(size):
        add_clarification(prediction=prediction, author=curator, text=f"Clarification {number}.", now=NOW)
    return prediction


@pytest.mark.parametrize("size", [1, 5])
def test_it_renders_a_reviewed_prediction_in_a_fixed_number_of_queries(
    client, reviewer, second_reviewer, curator, adjudicator, size, django_assert_num_queries
):
    prediction = reviewed_with_history(size, reviewer, second_reviewer, curator)
    # 1 the prediction with speaker and parent, 2 its visible review record, 3 the evidence,
    # 4-5 the lineage, 6 topics, 7 spans, 8 when the criteria froze, 9 clarifications, 10 the
    # edit history with its editors.
    with django_assert_num_queries(10):
        client.get(page(prediction))
    client.force_login(adjudicator)
    # Logged in: 1 session, 2 user, 3 the user's permissions (read once: the offered actions and
    # the blind review filter ask them of the user object), then the same 10.
    with django_assert_num_queries(13):
        assert "Undo the verdict" in client.get(page(prediction)).content.decode()


@pytest.mark.parametrize("size", [1, 5])
def test_it_renders_the_curators_forms_in_a_fixed_number_of_queries(
    client, reviewer, second_reviewer, curator, size, django_assert_num_queries
):
    prediction = reviewed_with_history(size, reviewer, second_reviewer, curator)
    client.force_login(curator)
    # The adjudicator's 13 (1 session, 2 user, 3 permissions, then the 10 of a reader) and, for
    # curators only, 14 the earlier predictions the link form offers (as many as `size`) and 15
    # the speakers the correction form offers (it is reviewed). The split form needs none: a
    # reviewed prediction cannot be split.
    with django_assert_num_queries(15):
        html = client.get(page(prediction)).content.decode()
    # The speaker's earlier predictions but the one it is linked to: size + 1 of them, after
    # "choose one"; then the three relations.
    assert section(html, "link").count("<option value=") == 1 + (size + 1) + 3
    open_one = compound(speaker=prediction.speaker, said_on=dt.date(2026, 1, 1))
    # Open and unreviewed: 1-3 as above, 4 the prediction, 5 its (empty) visible record, 6 the
    # votes in its round, 7-8 lineage, 9 topics, 10 spans, 11 when the criteria froze (never:
    # the split form shows), 12 clarifications, 13 the edit history, 14 the earlier predictions
    # to link to.
    with django_assert_num_queries(14):
        html = client.get(page(open_one)).content.decode()
    assert 'id="split"' in html and 'id="link"' in html


@pytest.mark.parametrize("voters", [1, 3])
def test_it_renders_a_round_under_way_in_a_fixed_number_of_queries(client, voters, django_assert_num_queries):
    prediction = due(reviewers_required=voters + 1)
    for number in range(voters):
        vote(prediction, member(f"voter-{number}", REVIEWERS), "came_true")
    late = member("late-reviewer", REVIEWERS)
    client.force_login(late)
    # 1 session, 2 user, 3 permissions, 4 the prediction, 5 the visible record (empty: the
    # votes are hidden, so no evidence query), 6 the votes in the round, 7-8 lineage, 9 topics,
    # 10 spans, 11 when the criteria froze, 12 clarifications, 13 the edit history.
    with django_assert_num_queries(13):
        html = client.get(page(prediction)).content.decode()
    assert f"{voters} of {voters + 1} reviews in, hidden until you give yours." in text(html)


@pytest.mark.parametrize(
    "name", ["record-outcome", "too-early", "adjudicate", "undo", "add-clarification", "split", "link"]
)
def test_it_only_accepts_posts_with_the_csrf_token(name, staff):
    prediction = due()
    earlier = PredictionFactory(speaker=prediction.speaker, said_on=prediction.said_on - dt.timedelta(days=1))
    SpanFactory(prediction=prediction)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)  # a superuser holds every role
    data = {"reason": "r", "text": "t", "earlier": str(earlier.pk), "relation": "restatement"}
    data.update(part_rows(AGENTS, IN_2025))
    assert client.get(url(name, prediction)).status_code == 405
    assert client.post(url(name, prediction), data).status_code == 403
    assert not Outcome.objects.exists() and not Clarification.objects.exists()
    assert not PredictionLink.objects.exists() and Prediction.objects.count() == 2


def test_it_says_how_a_revision_changed_the_deadline():
    speaker = SpeakerFactory()
    dated = PredictionFactory(speaker=speaker, window_overridden=True, due_latest=dt.date(2025, 12, 31))
    undated = PredictionFactory(speaker=speaker, horizon_text="", said_on=dt.date(2025, 3, 1))
    earlier = PredictionFactory(
        speaker=speaker, window_overridden=True, due_latest=dt.date(2026, 6, 30), said_on=dt.date(2025, 5, 1)
    )
    later = PredictionFactory(
        speaker=speaker, window_overridden=True, due_latest=dt.date(2026, 6, 30), said_on=dt.date(2025, 6, 1)
    )
    assert link_summary(
        link_predictions(
            face=Face.API, now=NOW, by=None, prediction=undated, earlier=dated, relation="revision"
        )
    ) == ("Revised: the 2025-12-31 deadline dropped, now undated")
    assert (
        link_summary(
            link_predictions(
                face=Face.API, now=NOW, by=None, prediction=later, earlier=earlier, relation="revision"
            )
        )
        == "Revised"
    )
    assert (
        link_summary(
            link_predictions(
                face=Face.API, now=NOW, by=None, prediction=later, earlier=dated, relation="retraction"
            )
        )
        == "Retracted"
    )


def test_it_tells_a_voter_with_every_role_that_another_adjudicator_must_undo_their_verdict(
    client, staff, adjudicator
):
    prediction = due(reviewers_required=1)
    vote(prediction, staff, "came_true")  # a superuser holds every role
    html = get(client, prediction, staff)
    assert f'action="{url("undo", prediction)}"' not in html
    assert (
        "You reviewed it in the round that gave this verdict, so another adjudicator must undo it."
        in text(section(html, "undo"))
    )
    assert "It is resolved. An adjudicator can undo the verdict" in text(section(html, "review"))
    response = client.post(url("undo", prediction), {"reason": "Mine was wrong."})
    assert response.status_code == 400
    assert "another adjudicator must undo it." in section(response.content.decode(), "undo")
    assert prediction.outcomes.count() == 1
    # An adjudicator who did not vote may: an adjudicated verdict too, as an agreed one.
    assert f'action="{url("undo", prediction)}"' in get(client, prediction, adjudicator)


def test_the_review_form_leaves_known_on_for_the_reviewer_to_give(client, reviewer):
    # Pre-filling today would record the day of review as the day the outcome became known.
    html = get(client, due(), reviewer)
    field = re.search(r"<input[^>]*name=\"known_on\"[^>]*>", html)
    assert field, "the review form asks when the outcome became known"
    assert "value=" not in field.group(0)
    assert "not the day you review it" in html
