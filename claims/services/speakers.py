"""Speakers: created by curators, often from a transcript's label the tracker did not know."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from claims.models import Face, Speaker
from claims.models.history import EditRecord
from claims.models.sources import speaker_key
from claims.services.history import save_recorded

__all__ = ["SpeakerDirectory", "create_speaker", "update_speaker"]

# Fields update_speaker may change.
SPEAKER_EDITABLE_FIELDS = frozenset({"name", "aliases", "role"})


def create_speaker(*, name: str, aliases: Iterable[str] = (), role: str = "") -> Speaker:
    """A new speaker, validated: a name or alias that already names someone is refused with the
    speaker it names (Speaker.clean)."""
    speaker = Speaker(name=" ".join(name.split()), aliases=list(aliases), role=role)
    with transaction.atomic():
        speaker.full_clean()
        speaker.save()
    return speaker


def update_speaker(
    *, speaker: Speaker, by: User | None, face: Face, now: dt.datetime, **changes: object
) -> EditRecord | None:
    """Change a speaker's name, aliases or role, validated as create_speaker validates, and keep
    the change in the edit history. The passed instance gets the new values; returns the history
    row (None when nothing changed)."""
    unknown = sorted(set(changes) - SPEAKER_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: gettext("This field cannot be changed here.") for name in unknown})
    for name, value in changes.items():
        setattr(speaker, name, value)
    speaker.full_clean()
    return save_recorded(obj=speaker, fields=list(changes), by=by, face=face, now=now)


class SpeakerDirectory:
    """Every speaker by the keys of their name and aliases, read in one query, for matching many
    labels at once (a page of the review queue, a bulk accept)."""

    def __init__(self, speakers: Iterable[Speaker] | None = None) -> None:
        if speakers is None:
            speakers = Speaker.objects.only("id", "name", "aliases")
        self._by_key: dict[str, list[Speaker]] = {}
        for speaker in speakers:
            for key in speaker.name_keys():
                self._by_key.setdefault(key, []).append(speaker)

    def find(self, label: str) -> Speaker | None:
        """The one speaker `label` names; None when it names nobody or more than one."""
        matches = self._by_key.get(speaker_key(label), []) if label else []
        distinct = {s.pk: s for s in matches}
        return next(iter(distinct.values())) if len(distinct) == 1 else None
