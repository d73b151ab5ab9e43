"""The list `/predictions/`: the API's filters, sorting and pages, all kept in the URL."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from claims.services.reviews import record_outcome
from tests.clock import NOW, TODAY
from tests.factories import PredictionFactory, SourceFactory, SpanFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = reverse("dashboard:prediction-list")


def make(statement: str, *, due: dt.date | None = dt.date(2025, 12, 31), **fields):
    """A prediction with its window set by hand (None = undated)."""
    fields.setdefault("said_on", dt.date(2024, 10, 1))
    if due is None:
        return PredictionFactory(statement=statement, horizon_text="", **fields)
    return PredictionFactory(statement=statement, window_overridden=True, due_latest=due, **fields)


def listed(client, query: str = "") -> list[str]:
    """The statements on the page, in order."""
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200, response.content.decode()[:500]
    return re.findall(
        r'<a class="statement" href="/predictions/\d+/" lang="[^"]*">([^<]*)</a>', response.content.decode()
    )


def resolve(prediction, verdict: str) -> None:
    judge, _ = User.objects.get_or_create(username="judge")
    record_outcome(
        prediction=prediction,
        verdict=verdict,
        known_on=dt.date(2026, 1, 5),
        reviewer=judge,
        note="n",
        today=TODAY,
        now=NOW,
    )


def test_it_lists_public_predictions_soonest_due_first_and_undated_last(client):
    make("二〇三〇", due=dt.date(2030, 12, 31))
    make("无期限", due=None)
    make("二〇二五", due=dt.date(2025, 12, 31))
    make("草稿", status="draft")
    assert listed(client) == ["二〇二五", "二〇三〇", "无期限"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("due_latest", ["A", "B", "C"]),
        ("-due_latest", ["B", "A", "C"]),  # undated last both ways
        ("said_on", ["C", "B", "A"]),
        ("-said_on", ["A", "B", "C"]),
        ("id", ["A", "B", "C"]),
        ("-id", ["C", "B", "A"]),
    ],
)
def test_it_sorts_by_the_ordering_in_the_url(client, ordering, expected):
    make("A", due=dt.date(2025, 1, 1), said_on=dt.date(2024, 12, 1))
    make("B", due=dt.date(2026, 1, 1), said_on=dt.date(2024, 6, 1))
    make("C", due=None, said_on=dt.date(2024, 1, 1))
    assert listed(client, f"ordering={ordering}") == expected


def test_it_filters_by_status_and_verdict(client):
    make("open")
    make("due", status="due")
    resolve(make("true"), "came_true")
    resolve(make("false"), "came_false")
    assert listed(client, "status=due") == ["due"]
    assert sorted(listed(client, "status=resolved")) == ["false", "true"]
    assert listed(client, "verdict=came_false") == ["false"]
    assert listed(client, "status=resolved&verdict=came_true") == ["true"]


def test_it_filters_by_kind_speaker_topic_and_source(client):
    sam, ben = SpeakerFactory(name="Sam"), SpeakerFactory(name="Ben")
    agents = TopicFactory(slug="agents", name="Agents")
    by_sam = make("萨姆说的", speaker=sam)
    by_ben = make("本说的", speaker=ben, kind="claim")
    by_sam.topics.add(agents)
    source = SourceFactory()
    # Two spans in one source: the prediction is still listed once.
    SpanFactory(prediction=by_ben, source=source)
    SpanFactory(prediction=by_ben, source=source, quote="明年会更好。")
    SpanFactory(prediction=by_sam, source=SourceFactory())
    assert listed(client, f"speaker={sam.pk}") == ["萨姆说的"]
    assert listed(client, "kind=claim") == ["本说的"]
    assert listed(client, "topic=agents") == ["萨姆说的"]
    assert listed(client, f"source={source.pk}") == ["本说的"]


def test_it_filters_dated_or_undated(client):
    make("有期限")
    make("无期限", due=None)
    assert listed(client, "dated=true") == ["有期限"]
    assert listed(client, "dated=false") == ["无期限"]


def test_it_filters_by_due_and_said_ranges_both_ends_included(client):
    make("end-2025", due=dt.date(2025, 12, 31), said_on=dt.date(2024, 5, 13))
    make("start-2026", due=dt.date(2026, 1, 1), said_on=dt.date(2024, 5, 14))
    assert listed(client, "due_before=2025-12-31") == ["end-2025"]
    assert listed(client, "due_after=2026-01-01") == ["start-2026"]
    assert listed(client, "due_after=2025-12-31&due_before=2026-01-01") == ["end-2025", "start-2026"]
    assert listed(client, "said_after=2024-05-14") == ["start-2026"]
    assert listed(client, "said_before=2024-05-13") == ["end-2025"]


def test_it_searches_chinese_substrings_in_statements_paraphrases_and_quotes(client):
    in_statement = make("我认为2025年将是代理大规模使用的一年。", statement_en="Agents at scale in 2025.")
    make("别的话题。", statement_en="Something else.")
    quoted = make("另一个说法。")
    SpanFactory(prediction=quoted, source=SourceFactory(), quote="明年会更好。")
    assert listed(client, "q=代理") == [in_statement.statement]
    assert listed(client, "q=agents+at") == [in_statement.statement]
    assert listed(client, "q=明年会") == ["另一个说法。"]


def test_it_pages_25_at_a_time_keeping_the_filters_in_the_links(client):
    for number in range(30):
        make(f"p{number:02d}", due=dt.date(2025, 1, 1) + dt.timedelta(days=number))
    make("other", status="due")
    html = client.get(f"{LIST}?status=open").content.decode()
    assert html.count('class="statement"') == 25
    assert "30 predictions match" in html
    assert 'href="?status=open&amp;page=2"' in html
    assert listed(client, "status=open&page=2") == [f"p{number:02d}" for number in range(25, 30)]
    # The sort links keep the filters and go back to page 1.
    page2 = client.get(f"{LIST}?status=open&page=2").content.decode()
    assert 'href="?status=open&amp;ordering=-due_latest"' in page2


def test_it_says_404_for_a_page_past_the_end(client):
    make("only")
    assert client.get(f"{LIST}?page=2").status_code == 404
    assert client.get(f"{LIST}?page=zero").status_code == 404


def test_it_keeps_the_filters_in_the_form(client):
    sam = SpeakerFactory(name="Sam")
    html = client.get(f"{LIST}?speaker={sam.pk}&q=代理&due_after=2025-01-01").content.decode()
    assert f'<option value="{sam.pk}" selected>Sam</option>' in html
    assert 'value="代理"' in html
    assert 'name="due_after" value="2025-01-01"' in html
    assert "Clear filters" in html


def test_it_refuses_bad_filter_values_instead_of_listing_everything(client):
    make("any")
    response = client.get(f"{LIST}?speaker=sam&due_after=not-a-date")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="statement"' not in html
    assert "Select a valid choice" in html
    assert "Enter a valid date" in html


def test_an_unknown_speaker_or_topic_lists_nothing_and_the_form_says_so(client):
    # As the API answers for the same URL: an old shared link, not a bad value.
    make("any").topics.add(TopicFactory(slug="agents"))
    response = client.get(f"{LIST}?speaker=999999&topic=chips")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="statement"' not in html
    assert "No prediction matches these filters." in html
    assert '<option value="999999" selected>Unknown speaker #999999</option>' in html
    assert '<option value="chips" selected>Unknown topic «chips»</option>' in html


def test_it_never_lists_drafts_even_when_asked_for(client):
    make("草稿", status="draft")
    response = client.get(f"{LIST}?status=draft")
    assert response.status_code == 400
    assert "草稿" not in response.content.decode()
    assert 'value="draft"' not in response.content.decode()


def test_it_shows_empty_states(client):
    assert "No predictions yet." in client.get(LIST).content.decode()
    make("something")
    html = client.get(f"{LIST}?q=不存在的词").content.decode()
    assert "No prediction matches these filters." in html
    assert "0 predictions match" in html
