"""Spans stored and reloaded through the database, on the edge cases of SPANS.md."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Span
from claims.services.predictions import SpanInput, create_prediction
from claims.services.sources import import_source
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

EDGE_TEXT = (
    "😀 开头。𠮷野家说：明年会更好。\n"
    "家庭👨\u200d👩\u200d👧 与 🇨🇳 和 👍🏽。\r\n"
    "拼音 ni\u030c hǎo。\u00a0NBSP\u3000全角空格\u200b零宽。\t制表。\r"
    "我認(rèn)為DeepSeek確實是個很棒的團(tuán)隊。\u2028行分隔符后：明年会更好。𨋢"
)


@pytest.fixture
def source():
    return import_source(EDGE_TEXT.encode(), name="edge.txt", said_on=None, published_on=None).source


def _anchor(source, **span) -> Span:
    import datetime as dt

    prediction = create_prediction(
        speaker=SpeakerFactory(),
        statement=span.get("quote") or "x",
        said_on=dt.date(2024, 10, 1),
        resolution_criteria="Came true if the quoted words turn out right.",
        spans=[SpanInput(source=source, **span)],
    )
    stored = Span.objects.get(prediction=prediction)
    assert source.text[stored.start : stored.end] == stored.quote
    assert not Span.objects.mismatched().exists()
    return stored


def test_the_stored_text_is_canonical(source):
    assert "\r" not in source.text
    assert "ni\u030c" not in source.text and "nǐ hǎo" in source.text  # NFC
    assert "\u2028" in source.text and "\u00a0" in source.text and "\u3000" in source.text
    assert "認(rèn)為" in source.text  # Traditional and its annotations kept


@pytest.mark.parametrize(
    "quote",
    [
        "𠮷野家说",
        "👨\u200d👩\u200d👧",
        "🇨🇳",
        "👍🏽",
        "\u00a0NBSP\u3000全角空格\u200b零宽",
        "我認(rèn)為DeepSeek確實是個很棒的團(tuán)隊。",
        "\t制表。\n",
    ],
)
def test_it_anchors_astral_and_special_characters_by_quote(source, quote):
    span = _anchor(source, quote=quote)
    assert span.quote == quote
    assert span.end - span.start == len(quote)  # code points, not UTF-16 units or bytes


def test_decomposed_pinyin_matches_the_precomposed_text(source):
    from claims.spans import canonicalize_quote

    span = _anchor(source, quote=canonicalize_quote("ni\u030c hǎo"))
    assert span.quote == "nǐ hǎo"


def test_a_quote_occurring_twice_is_refused_then_picked_by_prefix(source):
    with pytest.raises(ValidationError) as caught:
        _anchor(source, quote="明年会更好。")
    assert "occurs 2 times" in str(caught.value)
    span = _anchor(source, quote="明年会更好。", prefix="行分隔符后：")
    assert source.text[span.start - 6 : span.start] == "行分隔符后："


def test_spans_at_the_first_and_last_character_and_over_everything(source):
    first = _anchor(source, start=0, end=1)
    assert first.quote == "😀" and first.prefix == ""
    last = _anchor(source, start=len(source.text) - 1, end=len(source.text))
    assert last.quote == "𨋢" and last.suffix == ""
    everything = _anchor(source, start=0, end=len(source.text))
    assert everything.quote == source.text


def test_offsets_that_split_a_flag_are_refused(source):
    flag = source.text.index("🇨🇳")
    with pytest.raises(ValidationError, match="splits"):
        _anchor(source, start=flag + 1, end=flag + 2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40),
    data=st.data(),
)
def test_quotes_survive_a_save_and_load(text, data):
    from django.db import transaction

    from claims.spans import SpanError, resolve_span

    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    with transaction.atomic():
        source = import_source(("x" + text).encode(), name="prop.txt").source
        canonical = source.text
        try:
            resolve_span(canonical, start=min(start, len(canonical) - 1), end=min(end, len(canonical)))
        except SpanError:
            transaction.set_rollback(True)
            return
        span = _anchor(source, start=min(start, len(canonical) - 1), end=min(end, len(canonical)))
        reloaded = Span.objects.get(pk=span.pk)
        assert reloaded.quote == canonical[reloaded.start : reloaded.end]
        transaction.set_rollback(True)


@pytest.mark.postgres
def test_astral_text_round_trips_through_postgresql_with_sql_offsets(source):
    from django.db import connection

    span = _anchor(source, quote="𠮷野家说")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT substring(s.text from sp.start + 1 for sp.end - sp.start) "
            "FROM claims_span sp JOIN claims_source s ON s.id = sp.source_id WHERE sp.id = %s",
            [span.pk],
        )
        assert cursor.fetchone()[0] == "𠮷野家说"
    source.refresh_from_db()
    assert source.text == EDGE_TEXT.replace("\r\n", "\n").replace("\r", "\n").replace("ni\u030c", "nǐ")
