"""Bringing documents in: canonical text, header metadata, one source per distinct text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.language import guess_language
from claims.models import Face, Source
from claims.services.history import changed, record_edits, snapshot
from claims.text import SourceTextError, canonicalize_bytes, is_binary, text_sha256

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
    lines = text.split("\n")[:_HEADER_SCAN_LINES]
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


class SourceImportError(ValueError):
    """A file that cannot become a source; str() names the file and the reason."""


def source_files(paths: list[str]) -> list[Path]:
    """The files named, folders expanded to the files under them (sorted, hidden ones left out).
    Raises SourceImportError naming a path that does not exist."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            files.append(path)
        else:
            raise SourceImportError(f"{raw}: no such file or folder")
    return files


def import_source(data: bytes, *, name: str, **overrides: object) -> ImportResult:
    """Store `data` as a source unless the same canonical text is already stored.

    Metadata comes from the text's header, falling back to the file name for the title;
    `overrides` (title, said_on, language...) win over both. Nothing is written on error.
    """
    if not data.strip():
        raise SourceImportError(f"{name}: the file is empty")
    if is_binary(data):
        raise SourceImportError(f"{name}: looks like a binary file (it contains NUL bytes)")
    try:
        text = canonicalize_bytes(data, name=name)
    except SourceTextError as exc:
        raise SourceImportError(str(exc)) from exc

    existing = Source.objects.filter(sha256=text_sha256(text)).first()
    if existing is not None:
        return ImportResult(existing, created=False)

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
    try:
        source.full_clean()
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise SourceImportError(f"{name}: {problems}") from exc
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        # Another process stored the same text between our check and our insert.
        return ImportResult(Source.objects.get(sha256=source.sha256), created=False)
    return ImportResult(source, created=True)


# Fields update_source may change; sha256 follows the text.
SOURCE_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "url",
        "publisher",
        "author",
        "language",
        "published_on",
        "said_on",
        "said_on_inferred",
        "file_name",
        "text",
    }
)


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
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
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
