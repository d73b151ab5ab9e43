"""The public record's hash chain: one entry per row of every append-only record.

Written only by claims.services.record.append_to_record, in the transaction that writes the
rows; checked by `manage.py verify_record`. Each entry keeps the row's canonical content as it
was written and entry_hash = SHA-256(prev_hash + content), so changing, deleting or reordering
anything before the published head changes every hash after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

# The prev_hash of the first entry: there is nothing before it.
GENESIS = "0" * 64


@dataclass(frozen=True)
class RecordHead:
    """What is published of the chain: how many entries, and the last one's hash (GENESIS when
    the record is empty). Anyone holding it can later check that entry `entries` still has this
    hash, so nothing up to it has changed since."""

    entries: int
    hash: str


class RecordEntryQuerySet(models.QuerySet["RecordEntry"]):
    def head(self) -> RecordHead:
        """The last entry's seq and hash: one index probe on the primary key."""
        last = self.order_by("-seq").values_list("seq", "entry_hash").first()
        return RecordHead(*last) if last else RecordHead(0, GENESIS)


class RecordEntry(models.Model):
    seq = models.PositiveBigIntegerField(
        _("seq"), primary_key=True, help_text=_("1, 2, 3, ... in the order written.")
    )
    model = models.CharField(
        _("model"), max_length=100, help_text=_("The row's model label, e.g. claims.outcome.")
    )
    object_id = models.CharField(
        _("object id"), max_length=40, help_text=_("The row's primary key, as text.")
    )
    content = models.TextField(_("content"), help_text=_("The row's canonical JSON as it was written."))
    prev_hash = models.CharField(_("prev hash"), max_length=64)
    entry_hash = models.CharField(_("entry hash"), max_length=64)

    objects = RecordEntryQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("record entry")
        verbose_name_plural = _("record entries")
        constraints = [
            # Each row enters the record once (verify_record looks entries up by row).
            models.UniqueConstraint(fields=["model", "object_id"], name="recordentry_row_once"),
            # One successor per entry: two writers that both read the same head cannot fork the
            # chain, the second insert fails instead.
            models.UniqueConstraint(fields=["prev_hash"], name="recordentry_one_successor"),
            models.UniqueConstraint(fields=["entry_hash"], name="recordentry_hash_unique"),
            models.CheckConstraint(
                condition=Q(seq=1, prev_hash=GENESIS) | Q(seq__gt=1) & ~Q(prev_hash=GENESIS),
                name="recordentry_genesis_first",
            ),
            models.CheckConstraint(
                condition=Q(Exact(Length("prev_hash"), 64), Exact(Length("entry_hash"), 64)),
                name="recordentry_sha256_length",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.model} {self.object_id}"
