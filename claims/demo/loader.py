"""Load the demo corpus: the five seed articles and the curated predictions of predictions.toml.

Idempotent: sources are matched by text hash, speakers by name, topics by slug,
predictions by key, and an outcome is only recorded for a prediction that has none.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction

from claims.groups import CURATORS, REVIEWERS
from claims.models import Outcome, Prediction, Source, Speaker, Topic
from claims.services.due import flag_due_predictions
from claims.services.reviews import record_outcome
from claims.services.predictions import SpanInput, create_prediction
from claims.services.sources import import_source

DEMO_DIR = Path(__file__).resolve().parent
SEEDS_DIR = DEMO_DIR / "seeds"
PREDICTIONS_FILE = DEMO_DIR / "predictions.toml"

DEMO_USERS = {
    # username: (password, group)
    "curator": ("hindsight-curator", CURATORS),
    "reviewer": ("hindsight-reviewer", REVIEWERS),
}


@dataclass
class DemoSummary:
    sources_created: int = 0
    predictions_created: int = 0
    outcomes_created: int = 0
    flagged: int = 0


def read_demo_file(path: Path = PREDICTIONS_FILE) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _date(value: str | dt.date | None) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


@transaction.atomic
def load_demo(*, today: dt.date, path: Path = PREDICTIONS_FILE) -> DemoSummary:
    """Load everything in one transaction: a demo that fails halfway leaves nothing behind."""
    data = read_demo_file(path)
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
        speaker, _ = Speaker.objects.get_or_create(
            name=entry["name"],
            defaults={"aliases": entry.get("aliases", []), "role": entry.get("role", "")},
        )
        speakers[entry["key"]] = speaker

    reviewer = _demo_users()[REVIEWERS]
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
            kind=entry.get("kind", "prediction"),
            horizon_text=entry.get("horizon_text", ""),
            confidence=entry.get("confidence", ""),
            topics=[topics[slug] for slug in entry.get("topics", [])],
            spans=[
                SpanInput(
                    source=sources[span.get("source", entry["source"])],
                    quote=span["quote"],
                    prefix=span.get("prefix"),
                    suffix=span.get("suffix"),
                    role=span.get("role", "statement"),
                )
                for span in entry["spans"]
            ],
            said_on=_date(entry.get("said_on")) or main_source.effective_said_on,
            window_overridden=entry.get("event_relative", False),
        )
        summary.predictions_created += 1
        outcome = entry.get("outcome")
        if outcome and not Outcome.objects.filter(prediction=prediction).exists():
            record_outcome(
                prediction=prediction,
                verdict=outcome["verdict"],
                known_on=_date(outcome["known_on"]),
                evidence=outcome.get("evidence_urls", []),
                note=outcome.get("note", ""),
                reviewer=reviewer,
            )
            summary.outcomes_created += 1

    summary.flagged = flag_due_predictions(today).flagged
    return summary


def _demo_users() -> dict[str, User]:
    users: dict[str, User] = {}
    for username, (password, group_name) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "email": f"{username}@example.org"}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group_name))
        users[group_name] = user
    return users
