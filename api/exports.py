"""The prediction list as CSV or JSON Lines, streamed row by row.

On PostgreSQL the same bytes come from one COPY instead (api.exports_copy): the server formats
every cell. Elsewhere (SQLite), rows come from a server-side cursor (QuerySet.iterator) in chunks of EXPORT_CHUNK_SIZE, each
chunk with its speakers, topics and spans prefetched, and leave as soon as they are encoded:
exporting 1,000,000 predictions holds one chunk in memory, never the whole list.

The CSV is meant to be opened in spreadsheets, so a text cell that a spreadsheet would read as
a formula is written with a leading apostrophe (OWASP's advice against CSV injection), and
`bom=True` starts it with a UTF-8 byte order mark, without which Excel reads UTF-8 as the
local code page and garbles Chinese.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from api.relations import attach_relations
from api.serializers.predictions import PredictionSerializer
from claims.services.record import record_head

EXPORT_CHUNK_SIZE = 2000
# Rows encoded together before being handed to the server: fewer, larger writes.
_ROWS_PER_WRITE = 100

# One column per field of the API's prediction representation, in the same order.
CSV_COLUMNS = list(PredictionSerializer.Meta.fields)

BOM = "\ufeff"
# What a spreadsheet takes for the start of a formula (or, tab and CR, for a cell boundary
# that hides one): "=1+1", "+1", "-1", "@SUM(...)" would be computed, not shown.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)

# One encoder for every row: json.dumps with any option builds a new JSONEncoder per call.
_JSON_ENCODE = json.JSONEncoder(ensure_ascii=False).encode

Row = dict[str, Any]


def stream_rows(predictions: QuerySet, represent: Callable[[Any], Row]) -> Iterator[Row]:
    """Each prediction as the API represents it, read chunk by chunk from a server-side cursor,
    each chunk's topics, spans, clarifications (and parts) loaded by api.relations."""
    chunk: list[Any] = []
    for prediction in predictions.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        chunk.append(prediction)
        if len(chunk) >= EXPORT_CHUNK_SIZE:
            yield from _represent(chunk, represent)
            chunk = []
    yield from _represent(chunk, represent)


def _represent(chunk: list[Any], represent: Callable[[Any], Row]) -> Iterator[Row]:
    attach_relations(chunk)
    for prediction in chunk:
        yield represent(prediction)


def csv_lines(rows: Iterable[Row], *, bom: bool = False) -> Iterator[str]:
    """A header, then one CSV record per row: topics and parts joined with ';'; spans,
    clarifications, corrections and verdict_summary as JSON; null as an empty field; text that would start
    a formula prefixed with '. With `bom`, the first line starts with a byte order mark."""
    buffer = _LineBuffer()
    writer = csv.writer(buffer)
    yield (BOM if bom else "") + _csv_header()
    for row in rows:
        writer.writerow(_csv_record(row))
        if buffer.count >= _ROWS_PER_WRITE:
            yield buffer.take()
    yield buffer.take()


def _csv_header() -> str:
    """The CSV's first line: the column names (api.exports_copy writes the same)."""
    buffer = _LineBuffer()
    csv.writer(buffer).writerow(CSV_COLUMNS)
    return buffer.take()


def jsonl_lines(rows: Iterable[Row]) -> Iterator[str]:
    """One JSON object per line, exactly as the API's list shows it (https://jsonlines.org)."""
    batch: list[str] = []
    for row in rows:
        batch.append(_JSON_ENCODE(row) + "\n")
        if len(batch) >= _ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


# The public record's head as it stood when the export began (claims.services.record): whoever
# keeps the file can later check that nothing recorded up to then has changed.
RECORD_ENTRIES_HEADER = "X-Record-Entries"
RECORD_HEAD_HEADER = "X-Record-Head"


def streaming_response(
    lines: Iterator[str] | Iterator[bytes], *, content_type: str, filename: str
) -> StreamingHttpResponse:
    head = record_head()
    response = StreamingHttpResponse(lines, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response[RECORD_ENTRIES_HEADER] = str(head.entries)
    response[RECORD_HEAD_HEADER] = head.hash
    # Nginx and similar proxies would otherwise buffer the whole export before sending it on.
    response["X-Accel-Buffering"] = "no"
    return response


# Lists of plain values are joined with ';'; objects and lists of objects are JSON.
_JOINED = {"topics", "parts"}
_JSON = {"spans", "clarifications", "corrections", "verdict_summary"}


def _csv_record(row: Row) -> list[Any]:
    # The export's inner loop (once per cell of every row): each column's handling is decided
    # once in _CSV_PLAN, and the formula check is one set lookup on the first character.
    record = []
    for column, handling in _CSV_PLAN:
        value = row[column]
        if handling is _JOINED_CELL:
            value = ";".join(map(str, value))
        elif value is None:
            value = ""
        elif handling is _JSON_CELL:
            value = _JSON_ENCODE(value)
        if isinstance(value, str) and value[:1] in _FORMULA_FIRST:
            value = "'" + value
        record.append(value)
    return record


_JOINED_CELL, _JSON_CELL, _PLAIN_CELL = "joined", "json", "plain"
_CSV_PLAN = [
    (column, _JOINED_CELL if column in _JOINED else _JSON_CELL if column in _JSON else _PLAIN_CELL)
    for column in CSV_COLUMNS
]


class _LineBuffer:
    """A write()-able sink for csv.writer that hands back what was written so far."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.count = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.count += 1

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts, self.count = [], 0
        return text
