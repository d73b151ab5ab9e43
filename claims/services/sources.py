"""Bringing documents in: canonical text, header metadata, one source per distinct text."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from claims.language import guess_language
from claims.models import Face, Source
from claims.services.history import TRACKED, changed, record_edits, snapshot
from claims.text import SourceTextError, canonicalize_bytes, is_binary, text_sha256

# import_sources stores new sources BATCH_FILES at a time (or fewer, once their texts add up to
# BATCH_CHARS), one COPY (an INSERT on SQLite) and one transaction a batch: 7 queries per file
# took 10x what the inserts alone take. A file larger than BATCH_CHARS is a batch of its own, so memory is
# bounded by the larger of BATCH_CHARS and the largest file. 2,000 and 8M characters (about 32 MB
# of text at most): each batch is one commit and its fsync; at 500 and 2M, 2,000 small files made
# four, and the import took 1.9x plain psycopg's one transaction instead of 1.6x.
BATCH_FILES = 2000
BATCH_CHARS = 8_000_000

# The seeds' header: a '# ' title line, then 'key: value' lines before the body.
_HEADER_KEYS = {
    "文章作者": "author",
    "作者": "author",
    "发布时间": "published",
    "發佈時間": "published",
    "发布地": "place",
    "原文链接": "url",
    "原文鏈接": "url",
}
_HEADER_LINE = re.compile(r"^\s*(?P<key>[^:：]{1,12})\s*[:：]\s*(?P<value>.*?)\s*$")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_HEADER_SCAN_LINES = 15


@dataclass
class SourceMetadata:
    title: str = ""
    author: str = ""
    url: str = ""
    published_on: dt.date | None = None
    extra: dict[str, str] = field(default_factory=dict)


def parse_header(text: str) -> SourceMetadata:
    """Read the title from a leading '# ' line and metadata from the lines after it."""
    meta = SourceMetadata()
    lines = text.split("\n", _HEADER_SCAN_LINES)[:_HEADER_SCAN_LINES]
    for number, line in enumerate(lines):
        if number == 0 and line.startswith("# "):
            meta.title = line[2:].strip()
            continue
        match = _HEADER_LINE.match(line)
        if not match or match["key"].strip() not in _HEADER_KEYS:
            continue
        name, value = _HEADER_KEYS[match["key"].strip()], match["value"]
        if name == "published":
            date_match = _DATE.search(value)
            if date_match:
                meta.published_on = dt.date(*map(int, date_match.groups()))
        elif name == "author":
            meta.author = value
        elif name == "url":
            meta.url = value
        else:
            meta.extra[name] = value
    return meta


@dataclass
class ImportResult:
    source: Source
    created: bool


# SourceImportError stays English: it reaches only the API (English by contract), the import
# commands' operators, and a corpus file's stored error, written by a worker for any reader.
class SourceImportError(ValueError):
    """A file that cannot become a source; str() names the file and the reason."""


def source_files(paths: list[str], *, follow_symlinks: bool = False) -> list[Path]:
    """The files named, folders expanded to the files under them (sorted, hidden ones left out).

    Without `follow_symlinks`, symbolic links are listed but not entered (a link to a folder is
    listed as itself), so that read_source_file refuses each by name rather than letting a
    link to /etc/passwd in silently. Raises SourceImportError naming a path that does not exist.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_symlink() and not follow_symlinks:
            files.append(path)
        elif path.is_dir():
            found = []
            for folder, dirs, names in os.walk(path, followlinks=follow_symlinks):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                here = Path(folder)
                if not follow_symlinks:
                    names = [*names, *(d for d in dirs if (here / d).is_symlink())]
                found += [here / name for name in names if not name.startswith(".")]
            files += sorted(p for p in found if p.is_file() or p.is_symlink())
        elif path.is_file():
            files.append(path)
        else:
            raise SourceImportError(f"{raw}: no such file or folder")
    return files


def read_source_file(path: Path, *, follow_symlinks: bool = False) -> bytes:
    """The bytes of `path`, refused (SourceImportError naming it) when it is a symbolic link and
    `follow_symlinks` is off, or when it is too large to hold MAX_SOURCE_CHARS characters
    (checked on its size, before reading it)."""
    if path.is_symlink() and not follow_symlinks:
        target = os.readlink(path)
        raise SourceImportError(
            f"{path}: is a symbolic link (to {target}); not followed. Import the file it points "
            "to by its own path, or pass --follow-symlinks."
        )
    try:
        size = path.stat().st_size
        # No character takes more than 4 bytes in UTF-8, UTF-16 or UTF-32.
        if size > 4 * settings.MAX_SOURCE_CHARS + 4:
            raise SourceImportError(
                f"{path}: {size:,} bytes, more than MAX_SOURCE_CHARS={settings.MAX_SOURCE_CHARS:,} "
                "characters can take; split it into smaller files or raise MAX_SOURCE_CHARS."
            )
        return path.read_bytes()
    except OSError as exc:
        raise SourceImportError(f"{path}: {exc.strerror}") from exc


def prepare_source(data: bytes, *, name: str, **overrides: object) -> Source:
    """The unsaved source `data` would become, with its sha256, checked in Python alone (no
    query): SourceImportError naming the file when it is empty, binary, not decodable, longer
    than MAX_SOURCE_CHARS or invalid for the model's fields.

    Metadata comes from the text's header, falling back to the file name for the title;
    `overrides` (title, said_on, language...) win over both.
    """
    if not data.strip():
        raise SourceImportError(f"{name}: the file is empty")
    if is_binary(data):
        raise SourceImportError(f"{name}: looks like a binary file (it contains NUL bytes)")
    try:
        text = canonicalize_bytes(data, name=name)
    except SourceTextError as exc:
        raise SourceImportError(str(exc)) from exc
    if len(text) > settings.MAX_SOURCE_CHARS:
        raise SourceImportError(
            f"{name}: {len(text):,} characters, over the limit of MAX_SOURCE_CHARS="
            f"{settings.MAX_SOURCE_CHARS:,}; split it into smaller files or raise MAX_SOURCE_CHARS."
        )
    meta = parse_header(text)
    fields: dict[str, object] = {
        "title": meta.title or Path(name).stem,
        "author": meta.author,
        "url": meta.url,
        "published_on": meta.published_on,
        "language": guess_language(text),
        "file_name": Path(name).name,
        "text": text,
    }
    fields.update(overrides)
    source = Source(**fields)
    # The fields only, and only those the file or the caller supplied: the text is canonical,
    # not empty and within MAX_SOURCE_CHARS already, the guessed language and the header's date
    # are valid by construction; the one rule that needs the database (one source per text) is
    # the caller's lookup by sha256 plus the unique index behind it.
    checked_already = {"text", "language", "published_on"} - overrides.keys()
    try:
        source.clean_fields(exclude=checked_already)
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise SourceImportError(f"{name}: {problems}") from exc
    source.sha256 = text_sha256(source.text)
    return source


def import_source(data: bytes, *, name: str, **overrides: object) -> ImportResult:
    """Store `data` as a source unless the same canonical text is already stored.

    Metadata comes from the text's header, falling back to the file name for the title;
    `overrides` (title, said_on, language...) win over both. Nothing is written on error.
    """
    return _save_unless_stored(prepare_source(data, name=name, **overrides))


@dataclass
class FileImport:
    """What import_source_files did with one file: `result`, or `error` naming the file."""

    path: Path
    result: ImportResult | None = None
    error: str = ""


def import_source_files(files: Iterable[Path], *, follow_symlinks: bool = False) -> Iterator[FileImport]:
    """Import each file as import_source would, in file order, yielding what became of each.

    A bad file (see read_source_file and prepare_source) is reported and imports nothing; the
    others are stored in batches (BATCH_FILES, BATCH_CHARS), one transaction each, so a failure
    of the database leaves no batch half-stored.
    """
    batch: list[tuple[Path, Source]] = []
    chars = 0
    for path in files:
        try:
            source = prepare_source(read_source_file(path, follow_symlinks=follow_symlinks), name=str(path))
        except SourceImportError as exc:
            yield from _store_batch(batch)
            batch, chars = [], 0
            yield FileImport(path, error=str(exc))
            continue
        if batch and chars + len(source.text) > BATCH_CHARS:
            yield from _store_batch(batch)
            batch, chars = [], 0
        batch.append((path, source))
        chars += len(source.text)
        if len(batch) >= BATCH_FILES:
            yield from _store_batch(batch)
            batch, chars = [], 0
    yield from _store_batch(batch)


def _store_batch(batch: list[tuple[Path, Source]]) -> Iterator[FileImport]:
    """1. Look up which texts are stored already, in one query (metadata only).
    2. Insert the new ones (a text twice in the batch once) in one transaction.
    3. If another process stored one of them in between, the unique index refuses the insert
       and the transaction rolls back whole: import the batch file by file instead."""
    if not batch:
        return
    digests = {source.sha256 for _, source in batch}
    stored = Source.objects.without_text().in_bulk(digests, field_name="sha256")
    new: dict[str, Source] = {}
    for _, source in batch:
        if source.sha256 not in stored:
            new.setdefault(source.sha256, source)
    try:
        with transaction.atomic():
            _insert_sources(list(new.values()))
    except IntegrityError:
        for path, source in batch:
            source.pk = None
            yield FileImport(path, result=_save_unless_stored(source))
        return
    for path, source in batch:
        if source.sha256 in stored:
            yield FileImport(path, result=ImportResult(stored[source.sha256], created=False))
        else:
            first = new[source.sha256]
            yield FileImport(path, result=ImportResult(first, created=first is source))


def _insert_sources(sources: list[Source]) -> None:
    """Insert `sources` (new, unsaved), setting their pks. On PostgreSQL through COPY, then one
    query for the pks by sha256: bulk_create's INSERT ... UNNEST has psycopg quote every text
    into the query in Python, which took as long as the server's whole insert."""
    if connection.vendor != "postgresql" or not sources:
        Source.objects.bulk_create(sources, batch_size=BATCH_FILES)
        return
    fields = [f for f in Source._meta.concrete_fields if not f.primary_key]
    now = timezone.now()  # created_at (auto_now_add): one moment for the batch, as one INSERT has
    for source in sources:
        source.created_at = now
    readers = [_copy_value(f) for f in fields]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(Source._meta.db_table)
    # COPY runs on psycopg's own cursor, outside Django's error wrapping: a text another process
    # stored meanwhile must still reach the caller as Django's IntegrityError.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for source in sources:
            copy.write_row([read(source) for read in readers])
    pks = dict(Source.objects.filter(sha256__in=[s.sha256 for s in sources]).values_list("sha256", "pk"))
    for source in sources:
        source.pk = pks[source.sha256]
        source._state.adding, source._state.db = False, connection.alias


def _copy_value(field: models.Field) -> Callable[[Source], object]:
    """How COPY reads `field` of a new source. Text, flags, dates and created_at (set for the
    batch) go as they are, psycopg adapting them (Django's per-row preparation of 12 fields was
    a sixth of the import; of the three date fields, still a tenth); any other field through
    its own pre_save and preparation."""
    if type(field) in (
        models.CharField,
        models.TextField,
        models.BooleanField,
        models.URLField,
        models.DateField,
    ):
        return attrgetter(field.attname)
    if type(field) is models.DateTimeField and field.attname == "created_at":
        return attrgetter(field.attname)
    return lambda source: field.get_db_prep_save(field.pre_save(source, True), connection)


def _save_unless_stored(source: Source) -> ImportResult:
    """Save a prepared source unless its text is stored already (then that one is the result)."""
    existing = Source.objects.filter(sha256=source.sha256).first()
    if existing is not None:
        return ImportResult(existing, created=False)
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        # Another process stored the same text between our check and our insert.
        return ImportResult(Source.objects.get(sha256=source.sha256), created=False)
    return ImportResult(source, created=True)


# Fields update_source may change, the ones whose edits are kept (sha256 follows the text).
SOURCE_EDITABLE_FIELDS = frozenset(TRACKED[Source][1])


def update_source(
    *, source: Source, by: User | None, face: Face, now: dt.datetime, **changes: object
) -> Source:
    """Change a source's metadata, or its text while no span points into it.

    1. Lock the row: inserting a span takes a key-share lock on its source, so no span can be
       anchored between the check below and the commit.
    2. full_clean() canonicalizes a new text and refuses a duplicate text, or any text change
       once spans point into the source, with the model's messages.
    3. Save only the changed fields (with sha256 when the text changed), and record the fields
       whose value changed in the edit history (by `by`, from `face`, at `now`).
    The passed instance gets the new values.
    """
    unknown = sorted(set(changes) - SOURCE_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: gettext("This field cannot be changed here.") for name in unknown})
    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source.pk)
        before = snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean()
        fields = [*changes, "sha256"] if "text" in changes else list(changes)
        if fields:
            locked.save(update_fields=fields)
        record_edits([changed(locked, before, snapshot(locked))], by=by, face=face, now=now)
    for name in changes:
        setattr(source, name, getattr(locked, name))
    source.sha256 = locked.sha256
    return source
