from __future__ import annotations

import datetime as dt

import factory

from claims.models import Outcome, Prediction, Source, Span, Speaker, Topic
from claims.text import text_sha256

SAMPLE_TEXT = (
    "# 访谈\n\n主持人：你怎么看代理？\n\n"
    "Sam Altman：我认为2025年将是代理大规模使用的一年。明年会更好。\n"
    "我们会在几个月内实现1000万token的上下文。\n"
)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Speaker {n}")
    role = "CEO"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.title())


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Interview {n}")
    language = "zh-Hans"
    published_on = dt.date(2024, 10, 7)
    said_on = dt.date(2024, 10, 1)
    # Distinct texts per source: the sha256 is unique.
    text = factory.Sequence(lambda n: SAMPLE_TEXT + f"\n第{n}篇。\n")
    sha256 = factory.LazyAttribute(lambda o: text_sha256(o.text))


class PredictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prediction
        skip_postgeneration_save = True

    statement = "我认为2025年将是代理大规模使用的一年。"
    statement_en = "2025 will be the year agents are used at scale."
    speaker = factory.SubFactory(SpeakerFactory)
    said_on = dt.date(2024, 10, 1)
    horizon_text = "2025年"
    resolution_criteria = "Came true if AI agents were in everyday use by millions of people by 2025-12-31."
    status = "open"


class SpanFactory(factory.django.DjangoModelFactory):
    """A span on the first occurrence of `quote` in the source's text."""

    class Meta:
        model = Span

    prediction = factory.SubFactory(PredictionFactory)
    source = factory.SubFactory(SourceFactory)
    quote = "我认为2025年将是代理大规模使用的一年。"
    start = factory.LazyAttribute(lambda o: o.source.text.index(o.quote))
    end = factory.LazyAttribute(lambda o: o.start + len(o.quote))
    role = "statement"


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    prediction = factory.SubFactory(
        PredictionFactory, status="resolved", verdict="came_true", verdict_known_on=dt.date(2025, 7, 17), verdict_reviewers=1
    )
    verdict = "came_true"
    known_on = dt.date(2025, 7, 17)
    note = "ChatGPT agent launched."
