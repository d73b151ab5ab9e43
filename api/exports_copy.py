"""api.exports on PostgreSQL: one `COPY (SELECT …) TO STDOUT`, whose rows are already the bytes
the Python path (api.exports.csv_lines, jsonl_lines) writes, streamed as the server sends them.

Building a dict per row and encoding it in Python was 4.6x to 15.8x slower than COPY of the same
rows (bench/export.py); here the server formats every cell and Python only forwards blocks, which
keeps the export within the bench's 2x target, in constant memory (libpq hands over one row at a
time, and a block leaves once EXPORT_BLOCK_BYTES are gathered).

The SELECT is the view's own filtered, ordered queryset (values_list of RawSQL annotations), so
the filters and the ordering are the list's. Each cell repeats a rule of the Python path; where
one changes, change the other: tests/test_api_exports_copy.py compares the two byte for byte.

- JSON is written as json.JSONEncoder(ensure_ascii=False) writes it: keys in the serializer's
  order, ", " and ": " between items, strings through to_json (which escapes exactly what Python
  escapes: quote, backslash and the control characters), corrections' `changes` as jsonb prints
  them (the same separators; Django's JSONField keeps the order jsonb stored).
- Times as DRF writes them: ISO 8601 in the current time zone, microseconds only when there are
  some, UTC as Z.
- CSV: PostgreSQL's CSV quotes a field for the same characters as Python's csv module (delimiter,
  quote, CR, LF), but quotes an empty string, which Python leaves bare: empty cells are NULL here.
  Records end in CRLF, as Python's do (PostgreSQL ends them in LF; each row's last byte is swapped).
- JSON Lines go through COPY's CSV format with a delimiter and a quote character that JSON text
  never holds raw (to_json escapes every control character): the text format would double every
  backslash of the JSON's escapes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db import connection, models
from django.db.models import F, Func, QuerySet
from django.db.models.expressions import RawSQL

from api.exports import BOM, CSV_COLUMNS, FORMULA_STARTS, _csv_header
from claims.models import Confidence, Kind, Status, Verdict
from claims.models.predictions import CONFIDENCE_PROBABILITY
from claims.models.reviewers import FALLBACK_PREFIX

# Bytes gathered before a block is handed to the server: fewer, larger writes.
EXPORT_BLOCK_BYTES = 64 * 1024

P = '"claims_prediction"'  # the queryset's own table: the annotations read its row
# The speaker's name, joined by the ORM (a subquery per row cost more than the join): a
# cell that reads it becomes a Func over F("speaker__name") with this placeholder.
SPEAKER_NAME = "%(expressions)s"


def copy_available() -> bool:
    """Whether the database can run the COPY path (SQLite keeps the Python path)."""
    return connection.vendor == "postgresql"


def csv_chunks(predictions: QuerySet, *, base_url: str, tz: dt.tzinfo, bom: bool = False) -> Iterator[bytes]:
    """api.exports.csv_lines of these predictions, byte for byte, from one COPY."""
    cells = _cells(base_url, tz)
    names = [f"export_{column}" for column in CSV_COLUMNS]
    rows = predictions.annotate(
        **{name: _expression(cells[column].csv) for name, column in zip(names, CSV_COLUMNS, strict=True)}
    ).values_list(*names)
    sql, params = rows.query.sql_with_params()
    yield ((BOM if bom else "") + _csv_header()).encode("utf-8")
    yield from _copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params, crlf=True)


def jsonl_chunks(predictions: QuerySet, *, base_url: str, tz: dt.tzinfo) -> Iterator[bytes]:
    """api.exports.jsonl_lines of these predictions, byte for byte, from one COPY."""
    cells = _cells(base_url, tz)
    line = _object((column, cells[column].json) for column in CSV_COLUMNS)
    sql, params = (
        predictions.annotate(export_line=_expression(line)).values_list("export_line").query.sql_with_params()
    )
    yield from _copy(
        f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')", params, crlf=False
    )


def _expression(sql: str) -> RawSQL | Func:
    if SPEAKER_NAME in sql:
        return Func(F("speaker__name"), template=sql, output_field=models.TextField())
    return RawSQL(sql, ())


def _copy(sql: str, params: tuple, *, crlf: bool) -> Iterator[bytes]:
    blocks: list[bytes] = []
    size = 0
    with connection.cursor() as cursor:
        # The planner's cost of ~80 cell expressions over every row is far above jit_above_cost:
        # compiling them took 4 s, longer than the whole export of 20,000 rows (bench/export.py),
        # and saved nothing. Off for this statement only; the session's own setting comes back.
        cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', false)")
        jit = cursor.fetchone()[0]
        try:
            # psycopg's own cursor under Django's wrapper; it merges the filters' parameters
            # client-side. Left early (the client went away), it cancels the COPY and drains
            # what was sent: the connection is usable again.
            with cursor.cursor.copy(sql, tuple(params)) as copy:
                for row in copy:  # libpq returns COPY data one row at a time
                    data = bytes(row)
                    if crlf:
                        data = data[:-1] + b"\r\n"
                    blocks.append(data)
                    size += len(data)
                    if size >= EXPORT_BLOCK_BYTES:
                        yield b"".join(blocks)
                        blocks, size = [], 0
        finally:
            cursor.execute("SELECT set_config('jit', %s, false)", [jit])
    if blocks:
        yield b"".join(blocks)


class _Cell:
    """One column as SQL: `json`, its JSON text (never NULL); `csv`, its CSV cell (NULL for empty)."""

    def __init__(self, json: str, csv: str) -> None:
        self.json, self.csv = json, csv


def _literal(text: str) -> str:
    # No '%' in the statement: psycopg (merging the filters' parameters) and Django's Func
    # templates would each read it as a placeholder.
    return "'" + text.replace("'", "''").replace("%", "' || chr(37) || '") + "'"


def _json_text(sql: str) -> str:
    return f"coalesce(to_json({sql})::text, 'null')"


def _object(items) -> str:
    """A JSON object's text from (key, JSON text SQL) pairs, in their order."""
    parts = []
    for i, (key, value) in enumerate(items):
        parts.append(_literal(("{" if i == 0 else ", ") + f'"{key}": '))
        parts.append(f"({value})")
    return " || ".join(parts) + " || '}'"


def _array(element: str, source: str, order: str) -> str:
    """A JSON array's text of `element` over the rows of `source` (FROM … WHERE …), '[]' for none."""
    return f"coalesce((SELECT '[' || string_agg({element}, ', ' ORDER BY {order}) || ']' {source}), '[]')"


# FORMULA_STARTS as SQL; chr() for the tab and the CR, which a literal would hide.
_FORMULA_STARTS_SQL = ", ".join(f"chr({ord(start)})" for start in FORMULA_STARTS)


def _guarded(sql: str) -> str:
    """A text cell for the CSV: empty as NULL, a formula start prefixed with ' (api.exports).
    `sql` is written three times: give a column or a constant, not a subquery."""
    return (
        f"CASE WHEN left({sql}, 1) IN ({_FORMULA_STARTS_SQL}) THEN '''' || {sql} ELSE nullif({sql}, '') END"
    )


def _text(sql: str) -> _Cell:
    return _Cell(_json_text(sql), _guarded(sql))


def _choice(sql: str, choices: type[models.TextChoices]) -> _Cell:
    """A text column holding one of `choices`: guarded only if a choice could start a formula."""
    if any(str(value)[:1] in FORMULA_STARTS for value in choices.values):
        return _text(sql)
    return _Cell(_json_text(sql), f"nullif({sql}, '')")


def _int(sql: str) -> _Cell:
    return _Cell(f"coalesce(({sql})::text, 'null')", f"({sql})::text")


def _bool(sql: str) -> _Cell:
    return _Cell(f"({sql})::text", f"CASE WHEN {sql} THEN 'True' ELSE 'False' END")


def _date(sql: str) -> _Cell:
    return _Cell(_json_text(sql), f"to_char({sql}, 'YYYY-MM-DD')")


def _iso_datetime(sql: str, tz: dt.tzinfo) -> str:
    """api.serializers.fields.iso_datetime in SQL: NULL for NULL."""
    name = getattr(tz, "key", None) or str(tz)
    local = f"({sql} AT TIME ZONE {_literal(name)})"
    text = (
        f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS') "
        f"|| CASE WHEN date_trunc('second', {sql}) = {sql} THEN '' ELSE to_char({local}, '.US') END"
    )
    if name == "UTC":
        return f"{text} || 'Z'"
    seconds = f"extract(epoch FROM {local} - ({sql} AT TIME ZONE 'UTC'))::int"
    offset = (
        f"(SELECT CASE WHEN s = 0 THEN 'Z' ELSE CASE WHEN s < 0 THEN '-' ELSE '+' END "
        f"|| lpad((abs(s) / 3600)::text, 2, '0') || ':' || lpad((mod(abs(s), 3600) / 60)::text, 2, '0') "
        f"|| CASE WHEN mod(abs(s), 60) = 0 THEN '' ELSE ':' || lpad(mod(abs(s), 60)::text, 2, '0') END END "
        f"FROM (SELECT {seconds} AS s) AS offset_seconds)"
    )
    return f"{text} || {offset}"


def _datetime(sql: str, tz: dt.tzinfo) -> _Cell:
    text = _iso_datetime(sql, tz)
    return _Cell(f"coalesce('\"' || {text} || '\"', 'null')", text)


def _json(sql: str) -> _Cell:
    return _Cell(f"coalesce({sql}, 'null')", sql)


def _public_name(author: str, alias: str) -> str:
    """claims.models.reviewers.public_name_from: NULL for no author, else the display name or the fallback."""
    return (
        f"CASE WHEN {author} IS NULL THEN NULL ELSE coalesce(nullif((SELECT {alias}.display_name "
        f"FROM claims_reviewerprofile AS {alias} WHERE {alias}.user_id = {author}), ''), "
        f"{_literal(FALLBACK_PREFIX)} || {author}) END"
    )


def _cells(base_url: str, tz: dt.tzinfo) -> dict[str, _Cell]:
    """Every column of PredictionSerializer.to_representation as SQL over the prediction row."""
    url = f"{_literal(base_url)} || {P}.id || '/'"
    # The base is the same for every row: guard the cell only if it could start a formula.
    url_cell = _text(url) if base_url[:1] in FORMULA_STARTS else _Cell(_json_text(url), url)
    span = _object(
        [
            ("source", "s.source_id::text"),
            ("start", "s.start::text"),
            ("end", 's."end"::text'),
            ("quote", _json_text("s.quote")),
            ("prefix", _json_text("s.prefix")),
            ("suffix", _json_text("s.suffix")),
            ("role", _json_text("s.role")),
        ]
    )
    # Span.Meta.ordering, then id so that two equal selections come in one order.
    spans = _array(
        span, f"FROM claims_span AS s WHERE s.prediction_id = {P}.id", 's.source_id, s.start, s."end", s.id'
    )
    clarification = _object(
        [
            ("text", _json_text("c.text")),
            ("author", _json_text(_public_name("c.author_id", "cp"))),
            ("added_at", _datetime("c.added_at", tz).json),
        ]
    )
    clarifications = _array(
        clarification, f"FROM claims_clarification AS c WHERE c.prediction_id = {P}.id", "c.added_at, c.id"
    )
    correction = _object(
        [
            ("number", "k.number::text"),
            ("what_was_wrong", _json_text("k.what_was_wrong")),
            ("changes", "k.changes::text"),
            ("reopened_review", "k.reopened_review::text"),
            ("author", _json_text(_public_name("k.author_id", "kp"))),
            ("made_at", _datetime("k.made_at", tz).json),
        ]
    )
    # Only a corrected prediction has corrections (its correction_count says so), as in api.relations.
    corrections = (
        f"CASE WHEN {P}.correction_count > 0 THEN "
        + _array(correction, f"FROM claims_correction AS k WHERE k.prediction_id = {P}.id", "k.number")
        + " ELSE '[]' END"
    )
    agreed, required = f"{P}.verdict_reviewers", f"{P}.reviewers_required"
    noun = f"CASE WHEN {required} = 1 THEN 'reviewer' ELSE 'reviewers' END"
    # Prediction.verdict_agreement
    agreement = (
        f"CASE WHEN {P}.verdict_adjudicated THEN 'adjudicated (' || {agreed} || '/' || {required} || ' ' "
        f"|| {noun} || ' agreed)' ELSE {agreed} || '/' || {required} || ' ' || {noun} END "
        f"|| CASE WHEN {P}.verdict_evidence_archived THEN ' · evidence archived' ELSE '' END "
        f"|| CASE WHEN {P}.verdict_known_on IS NULL THEN '' ELSE ' · known ' "
        f"|| to_char({P}.verdict_known_on, 'YYYY-MM-DD') END"
    )
    summary = _object(
        [
            ("verdict", _json_text(f"{P}.verdict")),
            ("reviewers", f"{agreed}::text"),
            ("required", f"{required}::text"),
            ("adjudicated", f"{P}.verdict_adjudicated::text"),
            ("evidence_archived", f"{P}.verdict_evidence_archived::text"),
            ("known_on", _json_text(f"{P}.verdict_known_on")),
            ("text", _json_text(agreement)),
        ]
    )
    verdict_summary = (
        f"CASE WHEN {P}.status = {_literal(Status.RESOLVED)} AND {P}.verdict <> '' THEN {summary} END"
    )
    probability = (
        f"CASE {P}.confidence "
        + " ".join(f"WHEN {_literal(c)} THEN {_literal(repr(p))}" for c, p in CONFIDENCE_PROBABILITY.items())
        + " END"
    )
    topics_from = (
        f"FROM claims_prediction_topics AS pt JOIN claims_topic AS t ON t.id = pt.topic_id "
        f"WHERE pt.prediction_id = {P}.id"
    )
    parts_from = f"FROM claims_prediction AS part WHERE part.parent_id = {P}.id"
    split = f"{P}.status = {_literal(Status.SPLIT)}"
    cells = {
        "id": _int(f"{P}.id"),
        "url": url_cell,
        "statement": _text(f"{P}.statement"),
        "statement_en": _text(f"{P}.statement_en"),
        "kind": _choice(f"{P}.kind", Kind),
        "speaker": _int(f"{P}.speaker_id"),
        "speaker_name": _text(SPEAKER_NAME),
        "said_on": _date(f"{P}.said_on"),
        "horizon_text": _text(f"{P}.horizon_text"),
        "due_earliest": _date(f"{P}.due_earliest"),
        "due_latest": _date(f"{P}.due_latest"),
        "window_overridden": _bool(f"{P}.window_overridden"),
        "vague": _bool(f"{P}.vague"),
        "boundary_ambiguous": _bool(f"{P}.boundary_ambiguous"),
        "rules_version": _text(f"{P}.rules_version"),
        "resolution_criteria": _text(f"{P}.resolution_criteria"),
        "clarifications": _json(clarifications),
        # api.relations.with_criteria_frozen: the criteria freeze with the first review.
        "criteria_frozen": _bool(
            f"EXISTS (SELECT 1 FROM claims_outcome AS o WHERE o.prediction_id = {P}.id)"
        ),
        "correction_count": _int(f"{P}.correction_count"),
        "corrections": _json(corrections),
        "status": _choice(f"{P}.status", Status),
        "verdict": _choice(f"nullif({P}.verdict, '')", Verdict),
        "verdict_summary": _json(verdict_summary),
        "reviewers_required": _int(required),
        "review_round": _int(f"{P}.review_round"),
        "next_look_on": _date(f"{P}.next_look_on"),
        "confidence": _choice(f"nullif({P}.confidence, '')", Confidence),
        "probability": _Cell(f"coalesce({probability}, 'null')", probability),
        "topics": _Cell(
            _array("to_json(t.slug)::text", topics_from, "t.slug"),
            f"(SELECT {_guarded('joined.slugs')} FROM "
            f"(SELECT string_agg(t.slug, ';' ORDER BY t.slug) AS slugs {topics_from}) AS joined)",
        ),
        "spans": _json(spans),
        "parent": _int(f"{P}.parent_id"),
        "parts": _Cell(
            f"CASE WHEN {split} THEN {_array('part.id::text', parts_from, 'part.id')} ELSE '[]' END",
            f"CASE WHEN {split} THEN (SELECT string_agg(part.id::text, ';' ORDER BY part.id) {parts_from}) END",
        ),
        "key": _text(f"{P}.key"),
        "version": _int(f"{P}.version"),
        "created_at": _datetime(f"{P}.created_at", tz),
        "updated_at": _datetime(f"{P}.updated_at", tz),
    }
    missing = set(CSV_COLUMNS) - set(cells)
    assert not missing, f"api.exports_copy has no SQL for {sorted(missing)}: add it to _cells"
    return cells
