from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims import horizons
from claims.models import Prediction, Span
from claims.services.predictions import SpanInput, create_prediction
from tests.factories import PredictionFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def _create(source, **kwargs) -> Prediction:
    defaults = {
        "speaker": SpeakerFactory(name="Sam Altman"),
        "statement": "我认为2025年将是代理大规模使用的一年。",
        "horizon_text": "2025年",
        "resolution_criteria": "Came true if AI agents were in everyday use by millions by 2025-12-31.",
        "spans": [SpanInput(source=source, quote="我认为2025年将是代理大规模使用的一年。")],
    }
    return create_prediction(**{**defaults, **kwargs})


def test_it_anchors_a_prediction_by_quote_and_computes_its_window():
    source = SourceFactory(said_on=dt.date(2024, 10, 1))
    prediction = _create(source)
    span = prediction.spans.get()
    assert source.text[span.start : span.end] == span.quote
    assert span.prefix == source.text[max(0, span.start - 32) : span.start]
    assert prediction.said_on == dt.date(2024, 10, 1)
    assert (prediction.due_earliest, prediction.due_latest) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert prediction.rules_version == horizons.RULES_VERSION
    assert prediction.vague is False


def test_it_defaults_said_on_to_the_publication_date_when_the_event_date_is_unknown():
    source = SourceFactory(said_on=None, published_on=dt.date(2024, 10, 7))
    assert _create(source).said_on == dt.date(2024, 10, 7)


def test_it_computes_vague_windows_from_said_on():
    source = SourceFactory(said_on=dt.date(2024, 8, 31))
    prediction = _create(
        source,
        statement="我们会在几个月内实现1000万token的上下文。",
        horizon_text="几个月内",
        spans=[SpanInput(source=source, quote="我们会在几个月内实现1000万token的上下文。")],
    )
    assert prediction.due_latest == dt.date(2025, 2, 28)  # Aug 31 + 6 months, clamped
    assert prediction.vague is True


def test_it_leaves_a_prediction_without_horizon_undated():
    source = SourceFactory()
    prediction = _create(source, horizon_text="")
    assert prediction.due_latest is None
    assert Prediction.objects.undated().get() == prediction


def test_it_keeps_a_window_set_by_hand():
    source = SourceFactory()
    prediction = _create(source, due_latest=dt.date(2026, 6, 30))
    assert prediction.window_overridden
    prediction.horizon_text = "明年"
    prediction.save()
    prediction.refresh_from_db()
    assert prediction.due_latest == dt.date(2026, 6, 30)


def test_it_recomputes_the_window_when_the_horizon_words_change():
    prediction = PredictionFactory(horizon_text="2025年", said_on=dt.date(2024, 10, 1))
    prediction.horizon_text = "十年内"
    prediction.save()
    assert prediction.due_latest == dt.date(2034, 10, 1)


def test_it_refuses_an_ambiguous_quote_and_saves_nothing():
    source = SourceFactory(text="明年会更好。他说：明年会更好。\n")
    with pytest.raises(ValidationError) as caught:
        _create(source, statement="明年会更好。", spans=[SpanInput(source=source, quote="明年会更好。")])
    message = " ".join(caught.value.message_dict["spans"])
    assert "span 1, quote" in message
    assert "0–6" in message and "9–15" in message
    assert Prediction.objects.count() == 0 and Span.objects.count() == 0


def test_it_picks_an_occurrence_by_prefix():
    source = SourceFactory(text="明年会更好。他说：明年会更好。\n")
    prediction = _create(
        source,
        statement="明年会更好。",
        spans=[SpanInput(source=source, quote="明年会更好。", prefix="他说：")],
    )
    assert (prediction.spans.get().start, prediction.spans.get().end) == (9, 15)


def test_it_rolls_back_when_a_later_span_is_wrong():
    source = SourceFactory()
    with pytest.raises(ValidationError) as caught:
        _create(
            source,
            spans=[
                SpanInput(source=source, quote="我认为2025年将是代理大规模使用的一年。"),
                SpanInput(source=source, start=5, end=10_000, role="horizon"),
            ],
        )
    assert "span 2, end" in " ".join(caught.value.message_dict["spans"])
    assert Prediction.objects.count() == 0


def test_it_anchors_one_prediction_in_several_sources():
    interview, summary = SourceFactory(), SourceFactory()
    prediction = _create(
        interview,
        spans=[
            SpanInput(source=interview, quote="我认为2025年将是代理大规模使用的一年。"),
            SpanInput(source=summary, quote="明年会更好。", role="context"),
        ],
    )
    assert sorted(prediction.spans.values_list("source_id", flat=True)) == sorted([interview.pk, summary.pk])


def test_it_refuses_a_window_that_ends_before_it_starts():
    prediction = PredictionFactory(window_overridden=True)
    prediction.due_earliest, prediction.due_latest = dt.date(2026, 1, 2), dt.date(2026, 1, 1)
    with pytest.raises(ValidationError, match="make due_earliest on or before due_latest"):
        prediction.full_clean()


def test_the_database_refuses_an_inverted_window():
    prediction = PredictionFactory(window_overridden=True, due_latest=dt.date(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Prediction.objects.filter(pk=prediction.pk).update(due_earliest=dt.date(2027, 1, 1))


def test_the_database_refuses_a_span_whose_quote_does_not_fit_its_offsets():
    source = SourceFactory()
    prediction = _create(source)
    with pytest.raises(IntegrityError), transaction.atomic():
        Span.objects.filter(prediction=prediction).update(end=prediction.spans.get().end + 1)


def test_the_database_refuses_an_empty_or_reversed_span():
    source = SourceFactory()
    prediction = _create(source)
    span = prediction.spans.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Span.objects.filter(pk=span.pk).update(start=span.end, quote="")


def test_the_probability_follows_the_expressed_confidence():
    assert PredictionFactory.build(confidence="certain").probability == 0.95
    assert PredictionFactory.build(confidence="").probability is None
