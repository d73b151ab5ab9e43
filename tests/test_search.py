"""The `q` search: substrings of the statement, paraphrase and quotes, best matches first, served
by the indexes of migration 0013 on PostgreSQL (bigrams for 2 characters, trigrams beyond)."""

from __future__ import annotations

import pytest
from django.db import connection

from claims.models import Prediction
from tests.api_helpers import api, ids
from tests.factories import PredictionFactory, SourceFactory, SpanFactory

pytestmark = pytest.mark.django_db

LIST = "/api/predictions/"


@pytest.fixture
def found():
    """Predictions that match 代理 / agents in different places, and one that matches nothing."""
    quoted_text = "主持人：谈谈代理。嘉宾：明年会更好。"
    return {
        "paraphrase": PredictionFactory(statement="软件将被改写。", statement_en="Agents rewrite software."),
        "statement_long": PredictionFactory(
            statement="我认为代理会在很多很多年以后改变一切。", statement_en="Something else."
        ),
        "both": PredictionFactory(statement="代理之年。", statement_en="The year of agents."),
        "statement_short": PredictionFactory(statement="代理来了。", statement_en="Something else."),
        "quote_only": SpanFactory(
            prediction=PredictionFactory(statement="明年会更好。", statement_en="Next year is better."),
            source=SourceFactory(text=quoted_text),
            quote="谈谈代理",
        ).prediction,
        "none": PredictionFactory(statement="别的话题。", statement_en="Another topic (100%_sure)."),
    }


def _names(found, response) -> list[str]:
    by_id = {p.pk: name for name, p in found.items()}
    return [by_id[pk] for pk in ids(response)]


def test_it_lists_best_matches_first_without_an_ordering(found):
    # Statement and paraphrase (4 + 2) beat the statement alone (shorter first), then the
    # paraphrase, then a quote only.
    assert _names(found, api().get(LIST, {"q": "代理"})) == [
        "both",
        "statement_short",
        "statement_long",
        "quote_only",
    ]
    assert _names(found, api().get(LIST, {"q": "AGENTS"})) == ["both", "paraphrase"]


def test_it_keeps_the_requested_ordering_over_relevance(found):
    assert _names(found, api().get(LIST, {"q": "代理", "ordering": "-id"})) == [
        "quote_only",
        "statement_short",
        "both",
        "statement_long",
    ]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("理", {"both", "statement_short", "statement_long", "quote_only"}),  # 1 character
        ("代理", {"both", "statement_short", "statement_long", "quote_only"}),  # 2: bigrams
        ("谈谈代", {"quote_only"}),  # 3: trigrams, in a quote
        ("代理之年", {"both"}),
        ("ag", {"both", "paraphrase"}),  # 2 Latin characters, any case
        ("Agents Rewrite", {"paraphrase"}),
        ("理很", set()),  # both characters occur, never next to each other
        ("%_", {"none"}),  # LIKE's wildcards are plain characters
        ("0%", {"none"}),
        ("_s", {"none"}),
    ],
)
def test_it_finds_substrings_of_every_length(found, q, expected):
    assert set(_names(found, api().get(LIST, {"q": q}))) == expected


def test_the_dashboard_lists_the_same_best_matches_first(client, found):
    html = client.get("/predictions/", {"q": "代理"}).content.decode()
    positions = [html.index(found[name].statement) for name in ("both", "statement_short", "statement_long")]
    assert positions == sorted(positions)


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A few rows make a scan cheapest; forbid it to see which index serves the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("q", "kind"),
    [("代理", "bigram"), ("代理之年", "trgm"), ("agents", "trgm")],
)
def test_each_searched_column_has_an_index_on_postgresql(found, q, kind):
    plan = _plan(Prediction.objects.search(q).values("id"))
    for name in ("prediction_statement", "prediction_statement_en", "span_quote"):
        assert f"{name}_{kind}_idx" in plan, plan
    assert "Seq Scan" not in plan, plan
