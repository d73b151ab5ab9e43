"""Lineage: a prediction said again, revised (deadline moved) or retracted by the same speaker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from claims.models import Face, Prediction, PredictionLink, Relation
from claims.services.history import created, delete_recorded, record_edits


@dataclass(frozen=True)
class LineageStep:
    """One prediction in a lineage, oldest first, with the links that tie it to earlier ones."""

    prediction: Prediction
    links: list[PredictionLink]

    @property
    def slipped(self) -> bool:
        return any(is_slipped(link) for link in self.links)


def link_predictions(
    *,
    prediction: Prediction,
    earlier: Prediction,
    relation: str,
    note: str = "",
    by: User | None,
    face: Face,
    now: dt.datetime,
) -> PredictionLink:
    """Record that `prediction` restates, revises or retracts `earlier`, said before it by the
    same speaker. Links always point back in time, so a lineage can have no cycle. The new link
    is in the later prediction's edit history (by `by`, from `face`, at `now`)."""
    if relation not in Relation.values:
        raise ValidationError(
            {
                "relation": gettext("«%(relation)s» is not one of %(relations)s.")
                % {"relation": relation, "relations": ", ".join(Relation.values)}
            }
        )
    if prediction.pk == earlier.pk:
        raise ValidationError({"earlier": gettext("A prediction cannot be linked to itself.")})
    if prediction.speaker_id != earlier.speaker_id:
        raise ValidationError(
            {
                "earlier": gettext(
                    "Prediction #%(id)s is by another speaker: lineage links one speaker's predictions."
                )
                % {"id": earlier.pk}
            }
        )
    if (earlier.said_on, earlier.pk) > (prediction.said_on, prediction.pk):
        raise ValidationError(
            {
                "earlier": gettext(
                    "Prediction #%(earlier)s was said on %(earlier_said)s, after #%(id)s (%(said)s): link the "
                    "later one to the earlier one."
                )
                % {
                    "earlier": earlier.pk,
                    "earlier_said": earlier.said_on,
                    "id": prediction.pk,
                    "said": prediction.said_on,
                }
            }
        )
    link = PredictionLink(prediction=prediction, earlier=earlier, relation=relation, note=note, created_by=by)
    try:
        with transaction.atomic():
            link.save()
            record_edits([created(link)], by=by, face=face, now=now)
    except IntegrityError:
        raise ValidationError(
            {
                "earlier": gettext("#%(id)s is already linked to #%(earlier)s.")
                % {"id": prediction.pk, "earlier": earlier.pk}
            }
        ) from None
    return link


def unlink_predictions(
    *, links: Iterable[PredictionLink], by: User | None, face: Face, now: dt.datetime
) -> int:
    """Remove links a curator entered by mistake. Links are curation, not part of the review
    record, so nothing else changes; each removal is in the later prediction's edit history.
    Returns how many were removed."""
    stored = PredictionLink.objects.filter(pk__in=[link.pk for link in links]).select_related("earlier")
    return delete_recorded(objects=stored, by=by, face=face, now=now)


def is_slipped(link: PredictionLink) -> bool:
    """A revision that moved the deadline later: "next year, again"."""
    later, earlier = link.prediction.due_latest, link.earlier.due_latest
    return link.relation == Relation.REVISION and bool(later and earlier and later > earlier)


def lineage(prediction: Prediction) -> list[LineageStep]:
    """Every prediction linked to this one, directly or through others, oldest first.

    Two queries whatever the length: the speaker's links, then the predictions in the lineage.
    A prediction with no links has a lineage of one step.
    """
    links = list(
        PredictionLink.objects.filter(prediction__speaker_id=prediction.speaker_id).select_related(
            "prediction", "earlier"
        )
    )
    neighbours: dict[int, set[int]] = {}
    for link in links:
        neighbours.setdefault(link.prediction_id, set()).add(link.earlier_id)
        neighbours.setdefault(link.earlier_id, set()).add(link.prediction_id)
    seen, frontier = {prediction.pk}, [prediction.pk]
    while frontier:
        current = frontier.pop()
        for other in neighbours.get(current, ()):
            if other not in seen:
                seen.add(other)
                frontier.append(other)
    members = Prediction.objects.filter(pk__in=seen).select_related("speaker").order_by("said_on", "id")
    return [
        LineageStep(member, [link for link in links if link.prediction_id == member.pk]) for member in members
    ]
