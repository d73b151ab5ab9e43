"""Load the demo corpus: the five seed articles and the curated predictions of predictions.toml.

Idempotent: sources are matched by text hash, speakers by name, topics by slug,
predictions by key, links by their pair, and reviews are only recorded for a prediction that
has none. Reviews go through the same services as the dashboard's, so the demo's verdicts obey
the review rules (two reviewers, adjudication after a disagreement, "too early").
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction

from claims.groups import ADJUDICATORS, CURATORS, REVIEWERS
from claims.models import Face, Kind, Outcome, Prediction, PredictionLink, Source, SpanRole, Speaker, Topic
from claims.services.due import flag_due_predictions
from claims.services.lineage import link_predictions
from claims.services.predictions import SpanInput, create_prediction
from claims.services.reviews import EvidenceInput, adjudicate, record_outcome, record_too_early
from claims.services.sources import import_source
from claims.services.speakers import update_speaker

DEMO_DIR = Path(__file__).resolve().parent
SEEDS_DIR = DEMO_DIR / "seeds"
PREDICTIONS_FILE = DEMO_DIR / "predictions.toml"

DEMO_USERS = {
    # username: (password, group)
    "curator": ("hindsight-curator", CURATORS),
    "reviewer": ("hindsight-reviewer", REVIEWERS),
    "reviewer2": ("hindsight-reviewer2", REVIEWERS),
    "editor": ("hindsight-editor", ADJUDICATORS),
}


@dataclass
class DemoSummary:
    sources_created: int = 0
    predictions_created: int = 0
    outcomes_created: int = 0
    links_created: int = 0
    flagged: int = 0


def read_demo_file(path: Path = PREDICTIONS_FILE) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _date(value: str | dt.date | None) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _day(value: str | dt.date) -> dt.date:
    """A date the file must give."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


@transaction.atomic
def load_demo(*, today: dt.date, now: dt.datetime, path: Path = PREDICTIONS_FILE) -> DemoSummary:
    """Load everything in one transaction: a demo that fails halfway leaves nothing behind.

    The reviews are recorded as given on the file's reviewed_on (a "too early" next look was
    after that day, not necessarily after `today`), written at `now`; the due job then runs as
    of `today`."""
    data = read_demo_file(path)
    reviewed_on = _day(data["reviewed_on"])
    summary = DemoSummary()

    sources: dict[str, Source] = {}
    for entry in data["source"]:
        file_name = entry["file"]
        overrides: dict[str, Any] = {
            "said_on": _date(entry.get("said_on")),
            "said_on_inferred": entry.get("said_on_inferred", False),
        }
        for name in ("title", "language", "publisher"):
            if entry.get(name):
                overrides[name] = entry[name]
        result = import_source((SEEDS_DIR / file_name).read_bytes(), name=file_name, **overrides)
        sources[file_name] = result.source
        summary.sources_created += result.created

    speakers: dict[str, Speaker] = {}
    for entry in data["speaker"]:
        speaker, created = Speaker.objects.get_or_create(
            name=entry["name"],
            defaults={"aliases": entry.get("aliases", []), "role": entry.get("role", "")},
        )
        missing = [a for a in entry.get("aliases", []) if a not in speaker.aliases]
        if not created and missing:
            # A demo loaded before the file gained aliases gets them too; a curator's stay.
            update_speaker(
                speaker=speaker, aliases=[*speaker.aliases, *missing], by=None, face=Face.COMMAND, now=now
            )
        speakers[entry["key"]] = speaker

    users = _demo_users()
    existing = set(Prediction.objects.filter(key__isnull=False).values_list("key", flat=True))
    topics: dict[str, Topic] = {}
    for entry in data["prediction"]:
        if entry["key"] in existing:
            continue
        for slug in entry.get("topics", []):
            if slug not in topics:
                topics[slug], _ = Topic.objects.get_or_create(
                    slug=slug, defaults={"name": slug.replace("-", " ").capitalize()}
                )
        main_source = sources[entry["source"]]
        prediction = create_prediction(
            key=entry["key"],
            speaker=speakers[entry["speaker"]],
            statement=entry["statement"],
            statement_en=entry.get("statement_en", ""),
            kind=entry.get("kind", Kind.PREDICTION),
            horizon_text=entry.get("horizon_text", ""),
            confidence=entry.get("confidence", ""),
            topics=[topics[slug] for slug in entry.get("topics", [])],
            spans=[
                SpanInput(
                    source=sources[span.get("source", entry["source"])],
                    quote=span["quote"],
                    prefix=span.get("prefix"),
                    suffix=span.get("suffix"),
                    role=span.get("role", SpanRole.STATEMENT),
                )
                for span in entry["spans"]
            ],
            said_on=_date(entry.get("said_on")) or main_source.effective_said_on,
            window_overridden=entry.get("event_relative", False),
            resolution_criteria=entry.get("resolution_criteria", ""),
            reviewers_required=data.get("reviewers_required"),
        )
        summary.predictions_created += 1
        if not Outcome.objects.filter(prediction=prediction).exists():
            summary.outcomes_created += _record_reviews(prediction, entry, users, reviewed_on, now)

    predictions = {p.key: p for p in Prediction.objects.filter(key__isnull=False)}
    linked = set(PredictionLink.objects.values_list("prediction__key", "earlier__key"))
    for entry in data.get("link", []):
        if (entry["later"], entry["earlier"]) in linked:
            continue
        link_predictions(
            prediction=predictions[entry["later"]],
            earlier=predictions[entry["earlier"]],
            relation=entry["relation"],
            note=entry.get("note", ""),
            by=users["curator"],
            face=Face.COMMAND,
            now=now,
        )
        summary.links_created += 1

    summary.flagged = flag_due_predictions(today, now=now).flagged
    return summary


def _record_reviews(
    prediction: Prediction,
    entry: dict[str, Any],
    users: dict[str, User],
    reviewed_on: dt.date,
    now: dt.datetime,
) -> int:
    """The entry's reviews in file order, then its adjudication, given on `reviewed_on`; returns
    the events recorded."""
    recorded = 0
    for review in entry.get("review", []):
        reviewer = users[review["reviewer"]]
        if review.get("too_early"):
            record_too_early(
                prediction=prediction,
                reviewer=reviewer,
                next_look_on=_day(review["next_look_on"]),
                today=reviewed_on,
                now=now,
                note=review.get("note", ""),
            )
        else:
            record_outcome(
                prediction=prediction,
                reviewer=reviewer,
                verdict=review["verdict"],
                known_on=_day(review["known_on"]),
                evidence=_evidence(review),
                note=review.get("note", ""),
                today=reviewed_on,
                now=now,
            )
        recorded += 1
    decision = entry.get("adjudication")
    if decision:
        adjudicate(
            prediction=prediction,
            adjudicator=users[decision["adjudicator"]],
            reasoning=decision["reasoning"],
            today=reviewed_on,
            now=now,
            verdict=decision.get("verdict", ""),
            known_on=_date(decision.get("known_on")),
            next_look_on=_date(decision.get("next_look_on")),
            evidence=_evidence(decision),
        )
        recorded += 1
    return recorded


def _evidence(entry: dict[str, Any]) -> list[EvidenceInput]:
    return [
        EvidenceInput(
            url=item["url"],
            title=item.get("title", ""),
            passage=item.get("passage", ""),
            retrieved_on=_date(item.get("retrieved_on")),
        )
        for item in entry.get("evidence", [])
    ]


def _demo_users() -> dict[str, User]:
    """username -> user, each in its role's group."""
    users: dict[str, User] = {}
    for username, (password, group_name) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "email": f"{username}@example.org"}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group_name))
        users[username] = user
    return users
