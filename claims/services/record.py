"""The tamper-evident public record: a hash chain over every append-only record.

Each row of a recorded model gets one RecordEntry, appended in the transaction that writes the
row: its canonical content (the model label, the id and the fields in RECORDED's order, ids as
text, dates in ISO 8601, moments in UTC) and entry_hash = SHA-256(prev_hash + content).
verify_record() recomputes the chain and compares every entry with the row as it is now.

Adding a model to the record is one line in RECORDED (its fields, in their canonical order) and
one append_to_record(...) call where its rows are written. The canonical form of an existing
model never changes: it would change every hash after its first row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from claims.models import Clarification, Correction, EditRecord, Evidence, Outcome, RecordEntry
from claims.models.record import GENESIS, RecordHead

# Any constant other locks do not use; claims.services.due has its own.
_ADVISORY_LOCK_KEY = 0x48735263  # "HsRc"
VERIFY_CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Recorded:
    """A model in the record and the fields its canonical content holds, in that order."""

    model: type[models.Model]
    fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def columns(self) -> list[str]:
        return [self.model._meta.get_field(name).attname for name in self.fields]  # type: ignore[union-attr]

    def content_of(self, row: models.Model) -> str:
        """The canonical content of a row just saved, from its attributes as the database will
        return them (to_python: a date given as text is a date once stored)."""
        values = []
        for name in self.fields:
            model_field = self.model._meta.get_field(name)
            values.append(model_field.to_python(getattr(row, model_field.attname)))  # type: ignore[union-attr]
        return self.content(row.pk, values)

    def contents(self, pks: Iterable[object] | None = None) -> Iterator[tuple[str, str]]:
        """(id, canonical content) of the rows as they are stored now: all of them, or `pks`."""
        rows = self.model._default_manager.order_by("pk")
        if pks is not None:
            rows = rows.filter(pk__in=list(pks))
        for pk, *values in rows.values_list("pk", *self.columns).iterator(chunk_size=VERIFY_CHUNK_SIZE):
            yield str(pk), self.content(pk, values)

    def content(self, pk: object, values: Iterable[object]) -> str:
        fields = {}
        for name, value in zip(self.fields, values, strict=True):
            relation = self.model._meta.get_field(name).is_relation
            fields[name] = None if value is None else str(value) if relation else _canonical(value)
        return canonical_json({"model": self.label, "id": str(pk), "fields": fields})


# The record: every append-only model and its canonical fields. One line per model.
RECORDED: tuple[Recorded, ...] = (
    Recorded(
        Outcome,
        (
            "prediction",
            "kind",
            "round",
            "verdict",
            "known_on",
            "next_look_on",
            "note",
            "reviewer",
            "recorded_at",
        ),
    ),
    Recorded(Evidence, ("outcome", "url", "title", "passage", "retrieved_on")),
    Recorded(Clarification, ("prediction", "text", "author", "added_at")),
    Recorded(
        Correction,
        ("prediction", "number", "what_was_wrong", "changes", "reopened_review", "author", "face", "made_at"),
    ),
    Recorded(
        EditRecord,
        ("object_type", "object_id", "prediction_pk", "action", "actor", "face", "at", "changes"),
    ),
)


def canonical_json(content: dict[str, Any]) -> str:
    """Keys in the order given, no spaces, text as itself (not \\u escapes)."""
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def _canonical(value: object) -> object:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError(f"{value!r} has no time zone: the record keeps moments in UTC")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        # A JSON column: its keys sorted, as PostgreSQL's jsonb and SQLite return them differently.
        return json.loads(json.dumps(value, sort_keys=True))
    raise TypeError(f"{type(value).__name__} has no canonical form in the record: add one in _canonical")


def _recorded(row: models.Model) -> Recorded:
    for recorded in RECORDED:
        if isinstance(row, recorded.model):
            return recorded
    raise ValueError(
        f"{row._meta.label_lower} is not part of the public record: add it to "
        "claims.services.record.RECORDED first."
    )


def append_to_record(*rows: models.Model, using: str = "default") -> list[RecordEntry]:
    """Append saved rows of recorded models to the chain, in the order given. Call it in the
    transaction that wrote them, after their last change, so the row and its entry commit or
    roll back together.

    1. Take the chain lock: on PostgreSQL a transaction-scoped advisory lock, so concurrent
       writers append one after the other; SQLite serializes writers by itself (the caller's
       insert already holds the database's write lock). Taken after the caller's row locks
       and released at commit, so the lock order is always the same: no deadlock.
    2. Read the head, the latest committed entry (READ COMMITTED: each statement sees what
       was committed before it).
    3. Insert one entry per row, each chained to the one before. Should two writers ever read
       the same head, the unique prev_hash makes the second insert fail: the chain never forks.
    """
    if not rows:
        return []
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        raise RuntimeError(
            "append_to_record must run inside the transaction that writes the rows "
            "(wrap the writes and the call in transaction.atomic())."
        )
    contents = []
    for row in rows:
        if row.pk is None:
            raise ValueError(f"Save the {row._meta.label_lower} before appending it to the record.")
        recorded = _recorded(row)
        contents.append((recorded.label, str(row.pk), recorded.content_of(row)))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
    head = RecordEntry.objects.using(using).head()
    entries = [RecordEntry(**values) for values in chained(contents, after=head)]
    RecordEntry.objects.using(using).bulk_create(entries)
    return entries


def chained(contents: Iterable[tuple[str, str, str]], *, after: RecordHead) -> Iterator[dict[str, Any]]:
    """The entries' fields for (model label, object id, content) items, chained after `after`."""
    seq, prev = after.entries, after.hash
    for label, object_id, content in contents:
        seq += 1
        this = entry_hash(prev, content)
        yield {
            "seq": seq,
            "model": label,
            "object_id": object_id,
            "content": content,
            "prev_hash": prev,
            "entry_hash": this,
        }
        prev = this


def record_head() -> RecordHead:
    """What the API, the overview and the exports publish."""
    return RecordEntry.objects.head()


@dataclass(frozen=True)
class Mismatch:
    """One place where the record and the rows disagree. seq is None for a row with no entry."""

    seq: int | None
    model: str
    object_id: str
    problem: str

    def __str__(self) -> str:
        where = f"entry {self.seq}" if self.seq is not None else "no entry"
        return f"{where} ({self.model} #{self.object_id}): {self.problem}"


@dataclass
class RecordCheck:
    entries: int = 0
    head: RecordHead = field(default_factory=lambda: RecordHead(0, GENESIS))
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def verify_record(*, expected: RecordHead | None = None) -> RecordCheck:
    """Recompute the chain from the entries and compare each entry with its row as stored now.

    Finds, first by seq: missing entries (a gap in seq), an entry that does not follow the one
    before (deleted, moved or rewritten), an entry whose content does not give its hash, a row
    deleted or altered since its entry was written (naming the fields); then rows that have no
    entry (written around append_to_record). `expected`, a head published earlier: its entry
    must still carry its hash. Reads the entries in chunks, never all at once."""
    check = RecordCheck()
    seen: dict[str, set[str]] = defaultdict(set)
    by_label = {recorded.label: recorded for recorded in RECORDED}
    state = _Walk()
    chunk: list[RecordEntry] = []
    for entry in RecordEntry.objects.order_by("seq").iterator(chunk_size=VERIFY_CHUNK_SIZE):
        chunk.append(entry)
        if len(chunk) >= VERIFY_CHUNK_SIZE:
            _check_chunk(chunk, by_label, state, seen, check, expected)
            chunk = []
    _check_chunk(chunk, by_label, state, seen, check, expected)
    check.head = RecordHead(state.seq, state.hash)
    if expected is not None and expected.entries > state.seq:
        check.mismatches.append(
            Mismatch(
                expected.entries,
                "",
                "",
                f"the published head had {expected.entries} entries, the record now has {state.seq}: "
                "entries were deleted from its end",
            )
        )
    for recorded in RECORDED:
        mine = seen[recorded.label]
        for pk in recorded.model._default_manager.order_by("pk").values_list("pk", flat=True).iterator():
            if str(pk) not in mine:
                check.mismatches.append(
                    Mismatch(
                        None,
                        recorded.label,
                        str(pk),
                        "the row is not in the record (written without append_to_record)",
                    )
                )
    return check


@dataclass
class _Walk:
    """Where verification has got to: the last entry checked and its hash."""

    seq: int = 0
    hash: str = GENESIS


def _check_chunk(
    chunk: list[RecordEntry],
    by_label: dict[str, Recorded],
    state: _Walk,
    seen: dict[str, set[str]],
    check: RecordCheck,
    expected: RecordHead | None,
) -> None:
    ids: dict[str, list[str]] = defaultdict(list)
    for entry in chunk:
        ids[entry.model].append(entry.object_id)
    stored: dict[tuple[str, str], str] = {}
    for label, pks in ids.items():
        if label in by_label:
            stored.update(((label, pk), content) for pk, content in by_label[label].contents(pks))
    for entry in chunk:
        check.entries += 1
        problem = _chain_problem(entry, state)
        if problem:
            check.mismatches.append(Mismatch(entry.seq, entry.model, entry.object_id, problem))
        if expected is not None and entry.seq == expected.entries and entry.entry_hash != expected.hash:
            check.mismatches.append(
                Mismatch(
                    entry.seq,
                    entry.model,
                    entry.object_id,
                    f"the published head said entry {entry.seq} has hash {expected.hash}, it now has "
                    f"{entry.entry_hash}: the record up to it was rewritten",
                )
            )
        seen[entry.model].add(entry.object_id)
        problem = _row_problem(entry, by_label, stored)
        if problem:
            check.mismatches.append(Mismatch(entry.seq, entry.model, entry.object_id, problem))
        # Carry on from this entry, so one break is reported once and what follows is still checked.
        state.seq, state.hash = entry.seq, entry.entry_hash


def _chain_problem(entry: RecordEntry, state: _Walk) -> str:
    if entry.seq != state.seq + 1:
        first, last = state.seq + 1, entry.seq - 1
        missing = f"entry {first}" if first == last else f"entries {first} to {last}"
        return f"{missing} missing before it: deleted from the record"
    if entry.prev_hash != state.hash:
        return (
            f"it does not follow entry {state.seq} (prev_hash {entry.prev_hash[:12]}…, entry "
            f"{state.seq} hashes to {state.hash[:12]}…): an entry was rewritten or moved"
        )
    if entry_hash(entry.prev_hash, entry.content) != entry.entry_hash:
        return "its content does not give its hash: the entry was altered"
    return ""


def _row_problem(
    entry: RecordEntry, by_label: dict[str, Recorded], stored: dict[tuple[str, str], str]
) -> str:
    if entry.model not in by_label:
        return f"{entry.model} is not a recorded model (claims.services.record.RECORDED)"
    now = stored.get((entry.model, entry.object_id))
    if now is None:
        return "the row was deleted"
    if now == entry.content:
        return ""
    return "the row was altered: " + _differences(entry.content, now)


def _differences(then: str, now: str) -> str:
    before = json.loads(then).get("fields", {})
    after = json.loads(now).get("fields", {})
    changed = [
        f"{name} was {_short(before.get(name))}, now {_short(after.get(name))}"
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    ]
    return "; ".join(changed) or "its canonical form changed"


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"
