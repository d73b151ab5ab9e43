"""Backup and restore: the whole dataset as JSON Lines files with a manifest, and back.

The format (FORMAT_VERSION 1), one directory:

- One file per table, `<model label>.jsonl` (`claims.prediction.jsonl`; the topics of
  predictions, a many-to-many table, are `claims.prediction_topics.jsonl`), one row a line in
  primary-key order: a JSON object of the row's columns by column name (`speaker_id`, not
  `speaker`), dates as ISO 8601, moments as ISO 8601 in UTC, JSON columns as JSON.
- Users without their password (an imported user's is unusable: they set a new one, or an admin
  does), with their groups by name and their own permissions as [app, model, codename]. Groups
  by name with their permissions the same way; they are matched by name on import, since the
  migrations create the role groups in every database.
- `manifest.json`: the format and its version, when, the horizon rules version
  (claims.horizons.RULES_VERSION), the latest migration of each exported app, the public
  record's head (entries and hash), and per file its model, row count and SHA-256.

Not exported: API tokens, sessions and login-lockout counters (credentials and state of logins,
like passwords), the admin's own action log, content types and permissions (every migrated
database has its own; rows name them by natural key), and the tallies (DERIVED: counts the
triggers keep from the predictions, rebuilt by the import).

Import refuses a manifest that does not match its files or this database's migrations and a
database that already holds data, then inserts every row with its primary key in one
transaction, in TABLES' order, and checks the public record before committing. The order is
what the database's triggers need (claims/migrations/0017): spans are inserted before any
outcome, while no prediction counts as judged yet, so the trigger that lets a span onto a judged
prediction only under its latest correction has nothing to refuse. Every other trigger guards
UPDATE or DELETE, and import only inserts, each row once with its final values; none is
disabled.

Its messages stay English: they reach only the operator of export_dataset / import_dataset
(neither the admin nor the API calls this module), like the rest of the commands' output.

Both directions stream: rows are read with server-side cursors and written line by line, read
back line by line and inserted in batches, so memory does not grow with the dataset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission, User
from django.core.management.color import no_style
from django.db import DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from claims import horizons, tallies
from claims.groups import ROLE_PERMISSIONS
from claims.models import (
    Clarification,
    CorpusFile,
    CorpusRun,
    Correction,
    Digest,
    DigestItem,
    DueFlag,
    EditRecord,
    Evidence,
    ExtractionCandidate,
    Outcome,
    Prediction,
    PredictionLink,
    RecordEntry,
    ReviewerProfile,
    Source,
    Span,
    Speaker,
    Tally,
    Topic,
)
from claims.models.record import RecordHead
from claims.services.record import record_head, verify_record

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "DatasetError",
    "ExportResult",
    "ImportResult",
    "export_dataset",
    "import_dataset",
]

FORMAT = "hindsight-dataset"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Rows read per server-side cursor fetch, and inserted per INSERT (fewer on SQLite, whose
# statements take at most so many parameters).
CHUNK_SIZE = 2000
BATCH_SIZE = 1000
# The apps whose tables are exported: the import needs their schema to be the export's.
APPS = ("auth", "claims")


class DatasetError(Exception):
    """Why an export or an import was refused, naming the file (and line) and what to do."""


Row = dict[str, Any]


@dataclass
class Loading:
    """What an import's tables share: the database, its permissions by natural key, its groups."""

    using: str
    permissions: dict[tuple[str, str, str], int]
    group_ids: dict[str, int] = field(default_factory=dict)


def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError(f"{value!r} has no time zone: the dataset keeps moments in UTC")
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _line(row: Row) -> bytes:
    return (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class Table:
    """One model's rows: each concrete column by its attname, in primary-key order."""

    def __init__(self, model: type[models.Model], *, exclude: Iterable[str] = ()) -> None:
        self.model = model
        excluded = set(exclude)
        # What is inserted (every column), and what is exported of it.
        self.columns: list[models.Field] = list(model._meta.concrete_fields)
        self.fields: list[models.Field] = [f for f in self.columns if f.attname not in excluded]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def file_name(self) -> str:
        return f"{self.label}.jsonl"

    @property
    def keys(self) -> list[str]:
        return [f.attname for f in self.fields]

    def rows(self, using: str) -> Iterator[Row]:
        names = self.keys
        queryset = self.model._base_manager.using(using).order_by("pk").values_list(*names)
        for values in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield {name: _json_value(value) for name, value in zip(names, values, strict=True)}

    def existing(self, using: str) -> int:
        """Rows this database already holds that an import would collide with."""
        return self.model._base_manager.using(using).count()

    def load(self, lines: Iterator[tuple[int, Row]], loading: Loading) -> int:
        """Insert the rows, in batches; returns how many."""
        loaded = 0
        batch: list[tuple[int, models.Model]] = []
        size = _batch_size(loading.using, self.columns)
        for number, row in lines:
            batch.append((number, self.instance(row, number, loading)))
            if len(batch) >= size:
                loaded += self._insert(batch, loading)
                batch = []
        if batch:
            loaded += self._insert(batch, loading)
        return loaded

    def instance(self, row: Row, number: int, loading: Loading) -> models.Model:
        missing = [key for key in self.keys if key not in row]
        unknown = [key for key in row if key not in self.keys]
        if missing or unknown:
            problems = ([f"no {', '.join(missing)}"] if missing else []) + (
                [f"unknown {', '.join(unknown)}"] if unknown else []
            )
            raise self.error(number, f"{'; '.join(problems)} (a {self.label} row has {', '.join(self.keys)})")
        values = {}
        for model_field in self.fields:
            try:
                values[model_field.attname] = _python_value(model_field, row[model_field.attname])
            except (TypeError, ValueError) as exc:
                raise self.error(number, f"{model_field.attname}: {exc}") from exc
        return self.model(**values)

    def _insert(self, batch: list[tuple[int, models.Model]], loading: Loading) -> int:
        """One INSERT for the batch. On a refusal, each row again alone, to name the line."""
        using = loading.using
        try:
            with transaction.atomic(using=using):
                self.insert([instance for _, instance in batch], loading)
        except DatabaseError as exc:
            for number, instance in batch:
                try:
                    with transaction.atomic(using=using):
                        self.insert([instance], loading)
                except DatabaseError as row_exc:
                    raise self.error(number, f"the database refused the row: {row_exc}") from row_exc
            raise self.error(
                batch[0][0], f"the database refused lines {batch[0][0]}-{batch[-1][0]}: {exc}"
            ) from exc
        return len(batch)

    def insert(self, instances: list[models.Model], loading: Loading) -> None:
        # QuerySet._insert with raw=True, as loaddata saves rows (save_base(raw=True)), but a
        # batch at a time: bulk_create would stamp auto_now and auto_now_add columns
        # (Outcome.recorded_at, Clarification.added_at, ...) with the import's clock, losing the
        # moments the public record hashed.
        self.model._base_manager.using(loading.using)._insert(  # type: ignore[attr-defined]  # private, stable since 1.x
            instances, fields=self.columns, raw=True, using=loading.using
        )

    def error(self, number: int, problem: str) -> DatasetError:
        return DatasetError(f"{self.file_name}, line {number}: {problem}")


def _python_value(model_field: models.Field, value: object) -> object:
    if value is None:
        return None
    if isinstance(model_field, models.DateTimeField):
        if not isinstance(value, str):
            raise TypeError(f"give a moment as ISO 8601 text, not {value!r}")
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(f"{value!r} has no time zone: give moments in UTC, e.g. {value}+00:00")
        return moment
    if isinstance(model_field, models.DateField):
        if not isinstance(value, str):
            raise TypeError(f"give a day as ISO 8601 text, not {value!r}")
        return dt.date.fromisoformat(value)
    return value


def _batch_size(using: str, fields: list[models.Field]) -> int:
    return min(BATCH_SIZE, connections[using].ops.bulk_batch_size(fields, []) or BATCH_SIZE)


def _permission_key(permission: Permission) -> list[str]:
    return [permission.content_type.app_label, permission.content_type.model, permission.codename]


def _permission_ids(keys: object, permissions: dict[tuple[str, str, str], int], what: str) -> list[int]:
    if not isinstance(keys, list):
        raise ValueError(f"{what}: give a list of [app, model, codename]")
    ids = []
    for key in keys:
        if not (isinstance(key, list) and len(key) == 3 and all(isinstance(part, str) for part in key)):
            raise ValueError(f"{what}: {key!r} is not [app, model, codename]")
        app_label, model, codename = key
        try:
            ids.append(permissions[(app_label, model, codename)])
        except KeyError:
            raise ValueError(
                f"{what}: no permission {app_label}.{codename} (of {app_label}.{model}) in this database"
            ) from None
    return ids


class GroupTable(Table):
    """Groups by name with their permissions by natural key. The migrations create the role
    groups in every database: an imported group takes the one of its name, or is created, and
    gets exactly the permissions it had."""

    def __init__(self) -> None:
        super().__init__(Group, exclude=["id"])

    @property
    def keys(self) -> list[str]:
        return ["name", "permissions"]

    def rows(self, using: str) -> Iterator[Row]:
        groups = Group.objects.using(using).order_by("name").prefetch_related("permissions__content_type")
        for group in groups.iterator(chunk_size=CHUNK_SIZE):
            permissions = sorted(_permission_key(p) for p in group.permissions.all())
            yield {"name": group.name, "permissions": permissions}

    def existing(self, using: str) -> int:
        return Group.objects.using(using).exclude(name__in=ROLE_PERMISSIONS).count()

    def load(self, lines: Iterator[tuple[int, Row]], loading: Loading) -> int:
        loaded = 0
        for number, row in lines:
            if set(row) != set(self.keys) or not isinstance(row["name"], str):
                raise self.error(number, f"a group row has exactly {', '.join(self.keys)}")
            try:
                ids = _permission_ids(row["permissions"], loading.permissions, "permissions")
            except ValueError as exc:
                raise self.error(number, str(exc)) from exc
            group, _ = Group.objects.using(loading.using).get_or_create(name=row["name"])
            group.permissions.set(ids)
            loading.group_ids[group.name] = group.pk
            loaded += 1
        return loaded


class UserTable(Table):
    """Users without their password, with their groups by name and their own permissions."""

    def __init__(self) -> None:
        super().__init__(User, exclude=["password"])

    @property
    def keys(self) -> list[str]:
        return [*super().keys, "groups", "user_permissions"]

    def rows(self, using: str) -> Iterator[Row]:
        names = super().keys
        users = (
            User.objects.using(using)
            .order_by("pk")
            .prefetch_related("groups", "user_permissions__content_type")
        )
        for user in users.iterator(chunk_size=CHUNK_SIZE):
            row = {name: _json_value(getattr(user, name)) for name in names}
            row["groups"] = sorted(group.name for group in user.groups.all())
            row["user_permissions"] = sorted(_permission_key(p) for p in user.user_permissions.all())
            yield row

    def instance(self, row: Row, number: int, loading: Loading) -> models.Model:
        user = super().instance(row, number, loading)
        groups = row["groups"]
        if not (isinstance(groups, list) and all(isinstance(name, str) for name in groups)):
            raise self.error(number, "groups: give a list of group names")
        for name in groups:
            if name not in loading.group_ids:
                raise self.error(number, f"groups: {name!r} is not in auth.group.jsonl")
        try:
            granted = _permission_ids(row["user_permissions"], loading.permissions, "user_permissions")
        except ValueError as exc:
            raise self.error(number, str(exc)) from exc
        # Kept for insert(): the rows of the user's groups and own permissions.
        user._dataset_relations = ([loading.group_ids[name] for name in groups], granted)  # type: ignore[attr-defined]
        # Unusable ("!" and random): an imported user sets a new password, or an admin does.
        user.password = make_password(None)  # type: ignore[attr-defined]
        return user

    def insert(self, instances: list[models.Model], loading: Loading) -> None:
        super().insert(instances, loading)
        memberships, grants = [], []
        for user in instances:
            group_ids, permission_ids = user._dataset_relations  # type: ignore[attr-defined]
            memberships += [User.groups.through(user_id=user.pk, group_id=pk) for pk in group_ids]
            grants += [
                User.user_permissions.through(user_id=user.pk, permission_id=pk) for pk in permission_ids
            ]
        User.groups.through.objects.using(loading.using).bulk_create(memberships)
        User.user_permissions.through.objects.using(loading.using).bulk_create(grants)


# Every exported table, in the order rows are inserted: what a row refers to comes first (the
# foreign keys are deferred to the commit anyway), and all spans before any outcome (see the
# module's docstring).
# Tables computed from the others (claims.tallies), rebuilt on import instead of exported.
DERIVED: tuple[type[models.Model], ...] = (Tally,)

TABLES: tuple[Table, ...] = (
    GroupTable(),
    UserTable(),
    Table(ReviewerProfile),
    Table(Speaker),
    Table(Source),
    Table(Topic),
    Table(Prediction),
    Table(Prediction.topics.through),
    Table(Span),
    Table(PredictionLink),
    Table(Correction),
    Table(Outcome),
    Table(Evidence),
    Table(Clarification),
    Table(EditRecord),
    Table(RecordEntry),
    Table(DueFlag),
    Table(Digest),
    Table(DigestItem),
    Table(CorpusRun),
    Table(CorpusFile),
    Table(ExtractionCandidate),
)


def _migrations(using: str) -> dict[str, str]:
    """The latest applied migration of each exported app."""
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return {app: max((name for a, name in applied if a == app), default="") for app in APPS}


@dataclass(frozen=True)
class FileSummary:
    file: str
    model: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class ExportResult:
    path: Path
    files: list[FileSummary]
    head: RecordHead

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)


def export_dataset(*, path: Path, now: dt.datetime, using: str = "default") -> ExportResult:
    """Write every table to `path` (a new or empty directory), then manifest.json.

    Reads in one transaction, so the files are one consistent moment of the database even while
    others write: on PostgreSQL a REPEATABLE READ, READ ONLY one (when not already inside a
    transaction, where the isolation can no longer be chosen); SQLite's read transaction is a
    snapshot already. The manifest is written last: a directory without one is an unfinished
    export, and import refuses it.
    """
    path = Path(path)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise DatasetError(f"{path} exists and is not an empty directory: export into a new one")
    path.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    outermost = not connection.in_atomic_block
    files = []
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        head = RecordEntry.objects.using(using).head()
        migrations = _migrations(using)
        for table in TABLES:
            files.append(_write(table, path / table.file_name, using))
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _json_value(now),
        "rules_version": horizons.RULES_VERSION,
        "migrations": migrations,
        "record": {"entries": head.entries, "head": head.hash},
        "files": {f.file: {"model": f.model, "rows": f.rows, "sha256": f.sha256} for f in files},
    }
    (path / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return ExportResult(path, files, head)


def _write(table: Table, file: Path, using: str) -> FileSummary:
    digest = hashlib.sha256()
    rows = 0
    with file.open("wb") as handle:
        for row in table.rows(using):
            line = _line(row)
            digest.update(line)
            handle.write(line)
            rows += 1
    return FileSummary(file.name, table.label, rows, digest.hexdigest())


@dataclass
class ImportResult:
    rows: dict[str, int] = field(default_factory=dict)
    head: RecordHead = field(default_factory=lambda: RecordHead(0, ""))
    rules_version: str = ""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest, checked against the files it lists: a mismatch names the file and what
    differs. Reads each file once, in chunks."""
    manifest_file = Path(path) / MANIFEST
    if not manifest_file.is_file():
        raise DatasetError(
            f"{manifest_file} does not exist: {path} is not an export, or its export did not finish"
        )
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{MANIFEST}: not JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DatasetError(f'{MANIFEST}: not a Hindsight dataset (no "format": "{FORMAT}")')
    if manifest.get("format_version") != FORMAT_VERSION:
        raise DatasetError(
            f"{MANIFEST}: format version {manifest.get('format_version')!r}; this version of Hindsight "
            f"reads version {FORMAT_VERSION}"
        )
    listed = manifest.get("files")
    record = manifest.get("record")
    if not isinstance(listed, dict) or not isinstance(record, dict):
        raise DatasetError(f'{MANIFEST}: "files" and "record" must be objects')
    expected = {table.file_name for table in TABLES}
    for missing in sorted(expected - set(listed)):
        raise DatasetError(f"{MANIFEST} lists no {missing}: the export is incomplete or of another version")
    for unknown in sorted(set(listed) - expected):
        raise DatasetError(f"{MANIFEST} lists {unknown}, a table this version of Hindsight does not have")
    for name, listing in listed.items():
        file = Path(path) / name
        if not file.is_file():
            raise DatasetError(f"{name}: the manifest lists it but it is missing from {path}")
        rows, checksum = _count_and_hash(file)
        if checksum != listing.get("sha256"):
            raise DatasetError(
                f"{name}: its SHA-256 is {checksum}, the manifest says {listing.get('sha256')}: "
                "the file was changed or damaged since the export"
            )
        if rows != listing.get("rows"):
            raise DatasetError(f"{name}: {rows} rows, the manifest says {listing.get('rows')}")
    return manifest


def _count_and_hash(file: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    rows = 0
    with file.open("rb") as handle:
        for line in handle:
            digest.update(line)
            rows += 1
    return rows, digest.hexdigest()


def _lines(handle: IO[bytes], table: Table) -> Iterator[tuple[int, Row]]:
    for number, raw in enumerate(handle, start=1):
        try:
            row = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise table.error(number, f"not a JSON line ({exc})") from exc
        if not isinstance(row, dict):
            raise table.error(number, "not a JSON object")
        yield number, row


def existing_data(using: str = "default") -> dict[str, int]:
    """What this database holds that an import would collide with, by model label."""
    found = {}
    for table in TABLES:
        count = table.existing(using)
        if count:
            found[table.label] = count
    return found


def import_dataset(*, path: Path, using: str = "default") -> ImportResult:
    """Load an export into this database, which must hold no data, all or nothing.

    1. Read the manifest and check every file against it (rows and SHA-256), and its migrations
       against this database's: the rows must fit the tables.
    2. Refuse a database that holds data (names what, with counts); the role groups the
       migrations create do not count.
    3. In one transaction: insert each table's rows in TABLES' order with their primary keys,
       in batches; a line that cannot be read or that the database refuses stops the import,
       naming the file and line, and nothing stays.
    4. Check the foreign keys, reset the sequences past the highest ids (new rows get fresh
       ones), verify the public record (claims.services.record.verify_record) and compare its
       head with the manifest's; any difference rolls everything back.
    """
    path = Path(path)
    manifest = read_manifest(path)
    here = _migrations(using)
    if manifest.get("migrations") != here:
        raise DatasetError(
            f"{MANIFEST}: the export's database was migrated to {_described(manifest.get('migrations'))}, "
            f"this one to {_described(here)}: import with the version of Hindsight that exported it, "
            "then upgrade"
        )
    found = existing_data(using)
    if found:
        held = ", ".join(f"{count} {label}" for label, count in found.items())
        raise DatasetError(
            f"the database is not empty: it holds {held}. Import into a new database "
            "(createdb, then manage.py migrate), never over data"
        )
    permissions = {
        (app_label, model, codename): pk
        for app_label, model, codename, pk in Permission.objects.using(using).values_list(
            "content_type__app_label", "content_type__model", "codename", "pk"
        )
    }
    loading = Loading(using, permissions)
    result = ImportResult(rules_version=str(manifest.get("rules_version", "")))
    connection = connections[using]
    with transaction.atomic(using=using):
        for table in TABLES:
            with (path / table.file_name).open("rb") as handle:
                result.rows[table.label] = table.load(_lines(handle, table), loading)
        try:
            connection.check_constraints()
        except DatabaseError as exc:
            raise DatasetError(f"a row refers to one the export lacks: {exc}") from exc
        statements = connection.ops.sequence_reset_sql(no_style(), [table.model for table in TABLES])
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            # The tallies are derived from the rows, so they are rebuilt rather than trusted:
            # whatever emptied this database may have left counts behind (flush on SQLite
            # deletes the tallies before the predictions, whose delete triggers then count down).
            tallies.recount(cursor.execute, connection.vendor)
        check = verify_record()
        if not check.ok:
            raise DatasetError(f"the imported record does not verify: {check.mismatches[0]}")
        result.head = record_head()
        published = RecordHead(manifest["record"].get("entries"), manifest["record"].get("head"))
        if result.head != published:
            raise DatasetError(
                f"the imported record's head is {result.head.entries}:{result.head.hash}, the manifest "
                f"says {published.entries}:{published.hash}"
            )
    return result


def _described(migrations: object) -> str:
    if not isinstance(migrations, dict):
        return "an unknown state"
    return ", ".join(f"{app} {name or '(none)'}" for app, name in sorted(migrations.items()))
