from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group, User

from claims.models import (
    Clarification,
    Evidence,
    Outcome,
    Prediction,
    PredictionLink,
    Relation,
    Source,
    Span,
    SpanRole,
    Speaker,
    Status,
    Topic,
    Verdict,
)
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
    status = Status.OPEN


class SpanFactory(factory.django.DjangoModelFactory):
    """A span on the first occurrence of `quote` in the source's text."""

    class Meta:
        model = Span

    prediction = factory.SubFactory(PredictionFactory)
    source = factory.SubFactory(SourceFactory)
    quote = "我认为2025年将是代理大规模使用的一年。"
    start = factory.LazyAttribute(lambda o: o.source.text.index(o.quote))
    end = factory.LazyAttribute(lambda o: o.start + len(o.quote))
    role = SpanRole.STATEMENT


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    prediction = factory.SubFactory(
        PredictionFactory,
        status=Status.RESOLVED,
        verdict=Verdict.CAME_TRUE,
        verdict_known_on=dt.date(2025, 7, 17),
        verdict_reviewers=1,
    )
    verdict = Verdict.CAME_TRUE
    known_on = dt.date(2025, 7, 17)
    note = "ChatGPT agent launched."


class EvidenceFactory(factory.django.DjangoModelFactory):
    """Evidence archived as the reviewer saw it: the page's passage and the day it was read."""

    class Meta:
        model = Evidence

    outcome = factory.SubFactory(OutcomeFactory)
    url = "https://openai.com/index/introducing-chatgpt-agent/"
    title = "Introducing ChatGPT agent"
    passage = "ChatGPT now thinks and acts, proactively choosing from a toolbox of agentic skills."
    retrieved_on = dt.date(2025, 7, 18)


class ClarificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clarification

    prediction = factory.SubFactory(PredictionFactory)
    text = "Agents in everyday use: a product millions use weekly, not a demo."


class PredictionLinkFactory(factory.django.DjangoModelFactory):
    """`prediction` restates, revises or retracts `earlier`; both by one speaker."""

    class Meta:
        model = PredictionLink

    earlier = factory.SubFactory(PredictionFactory)
    prediction = factory.SubFactory(
        PredictionFactory,
        speaker=factory.SelfAttribute("..earlier.speaker"),
        said_on=dt.date(2025, 1, 15),
        horizon_text="2026年",
    )
    relation = Relation.REVISION


def user_in(username: str, *groups: str, **extra) -> User:
    """A user with the given roles (group names), e.g. user_in("ada", ADJUDICATORS, is_staff=True)."""
    user = User.objects.create_user(
        username=username, password="pw", email=f"{username}@example.org", **extra
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user
