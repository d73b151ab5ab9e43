"""CSV and JSON Lines exports: same filters as the list, streamed in bounded memory."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tracemalloc

import pytest
from django.db.models import QuerySet

from api import exports, exports_copy
from claims.models import Face, Prediction, Source, Span, Speaker
from claims.services.criteria import add_clarification
from claims.services.parts import PartInput, split_prediction
from claims.services.reviews import record_outcome
from tests.api_helpers import CRITERIA, TEXT, anchored, api, assert_error, results
from tests.clock import NOW, TODAY
from tests.factories import SourceFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db

CSV_URL = "/api/predictions/export.csv"
JSONL_URL = "/api/predictions/export.jsonl"


def _body(response) -> str:
    assert response.status_code == 200, response.content
    assert response.streaming, "exports must stream, not build the whole body in memory"
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def two_speakers():
    source = SourceFactory(text=TEXT, said_on=dt.date(2024, 10, 1))
    jensen = SpeakerFactory(name="黃仁勳")
    agents = anchored(
        source=source, topics=(TopicFactory(slug="agents"), TopicFactory(slug="ai")), confidence="likely"
    )
    memory = anchored(
        "未來十年，記憶體需求會增長十倍。", source=source, speaker=jensen, horizon_text="未來十年"
    )
    return agents, memory


def test_the_csv_export_has_a_header_and_one_record_per_prediction(two_speakers):
    agents, memory = two_speakers
    response = api().get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="predictions.csv"'
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert [int(r["id"]) for r in rows] == [agents.pk, memory.pk]
    first = rows[0]
    assert list(first) == exports.CSV_COLUMNS
    assert (first["statement"], first["topics"], first["confidence"]) == (
        "我认为2025年将是代理之年。",
        "agents;ai",
        "likely",
    )
    assert (first["due_latest"], rows[1]["verdict"]) == ("2025-12-31", "")
    spans = json.loads(first["spans"])
    assert TEXT[spans[0]["start"] : spans[0]["end"]] == spans[0]["quote"]


def test_the_review_fields_are_exported(two_speakers, reviewer, curator):
    agents, memory = two_speakers
    record_outcome(
        prediction=agents,
        reviewer=reviewer,
        verdict="came_true",
        known_on=dt.date(2025, 7, 17),
        evidence=["https://openai.com/index/introducing-chatgpt-agent/"],
        today=TODAY,
        now=NOW,
    )
    add_clarification(prediction=agents, author=curator, text="Millions: weekly users.", now=NOW)
    parts = split_prediction(
        face=Face.API,
        prediction=memory,
        parts=[
            PartInput("記憶體需求增長。", "Came true if memory demand grew."),
            PartInput("十倍。", "Tenfold."),
        ],
        by=curator,
        now=NOW,
    )
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(_body(api().get(CSV_URL))))}
    first = rows[agents.pk]
    assert (first["resolution_criteria"], first["criteria_frozen"], first["reviewers_required"]) == (
        CRITERIA,
        "True",
        "1",
    )
    assert [c["text"] for c in json.loads(first["clarifications"])] == ["Millions: weekly users."]
    assert json.loads(first["verdict_summary"])["text"] == "1/1 reviewer · known 2025-07-17"
    assert (rows[memory.pk]["status"], rows[memory.pk]["parts"]) == ("split", f"{parts[0].pk};{parts[1].pk}")
    assert (rows[memory.pk]["verdict_summary"], rows[parts[0].pk]["parent"]) == ("", str(memory.pk))
    lines = {row["id"]: row for row in map(json.loads, _body(api().get(JSONL_URL)).splitlines())}
    assert lines[memory.pk]["parts"] == [parts[0].pk, parts[1].pk]
    assert lines[agents.pk]["verdict_summary"]["reviewers"] == 1


def test_the_exports_take_the_same_filters_as_the_list(two_speakers):
    agents, memory = two_speakers
    query = f"?speaker={memory.speaker_id}"
    csv_rows = list(csv.DictReader(io.StringIO(_body(api().get(CSV_URL + query)))))
    assert [int(r["id"]) for r in csv_rows] == [memory.pk]
    lines = _body(api().get(JSONL_URL + "?q=記憶體")).splitlines()
    assert [json.loads(line)["id"] for line in lines] == [memory.pk]
    assert _body(api().get(JSONL_URL + "?ordering=-id")).splitlines()[0].startswith(f'{{"id": {memory.pk},')


def test_a_jsonl_line_is_exactly_what_the_list_shows(two_speakers):
    response = api().get(JSONL_URL)
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    lines = [json.loads(line) for line in _body(response).splitlines()]
    assert lines == results(api().get("/api/predictions/"))


def test_an_invalid_filter_is_a_json_error_even_when_csv_is_accepted(two_speakers):
    response = api().get(CSV_URL + "?status=nonsense", HTTP_ACCEPT="text/csv")
    assert response["Content-Type"] == "application/json"
    assert_error(response, 400, field="status")


def test_exports_read_a_server_side_cursor_in_chunks(two_speakers, monkeypatch):
    monkeypatch.setattr(exports_copy, "copy_available", lambda: False)  # the Python path, even on PostgreSQL
    calls = []
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        calls.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    assert len(_body(api().get(JSONL_URL)).splitlines()) == 2
    assert calls == [exports.EXPORT_CHUNK_SIZE]


def _bulk_predictions(n: int) -> None:
    """n predictions with one span each, inserted in bulk (the constraints still check them)."""
    speaker = Speaker.objects.create(name=f"Bulk {n}")
    source = Source.objects.create(title=f"Bulk {n}", text=TEXT + f"#{n}", said_on=dt.date(2024, 10, 1))
    quote = "我认为2025年将是代理之年。"
    start = TEXT.index(quote)
    batch = 2000
    for offset in range(0, n, batch):
        made = Prediction.objects.bulk_create(
            Prediction(
                statement=f"{quote}{i}",
                speaker=speaker,
                said_on=dt.date(2024, 10, 1),
                due_latest=dt.date(2025, 12, 31),
                resolution_criteria=CRITERIA,
            )
            for i in range(offset, min(n, offset + batch))
        )
        Span.objects.bulk_create(
            Span(prediction=p, source=source, start=start, end=start + len(quote), quote=quote) for p in made
        )


def _peak_while_streaming(url: str) -> tuple[int, int]:
    """(rows, peak traced bytes) while the export is consumed chunk by chunk and thrown away."""
    response = api().get(url)
    assert response.streaming
    tracemalloc.start()
    try:
        rows = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return rows, peak


def test_memory_does_not_grow_with_the_number_of_rows(monkeypatch):
    # Small chunks so that both exports span many of them: the peak is then a chunk or two of
    # rows, whatever the total. Holding every row would make the second peak ~10x the first.
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 250)
    _bulk_predictions(2_000)
    small_rows, small_peak = _peak_while_streaming(JSONL_URL)
    _bulk_predictions(18_000)
    large_rows, large_peak = _peak_while_streaming(JSONL_URL)
    assert (small_rows, large_rows) == (2_000, 20_000)
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
    csv_rows, csv_peak = _peak_while_streaming(CSV_URL)
    assert csv_rows == 20_001  # and a header
    assert csv_peak < 1.5 * small_peak, (small_peak, csv_peak)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_that_would_start_a_formula_is_written_as_text(start):
    source = SourceFactory(text=TEXT, said_on=dt.date(2024, 10, 1))
    formula = f'{start}HYPERLINK("https://evil.example","click")'
    anchored(source=source, statement_en=formula, horizon_text="2025年")
    row = next(csv.DictReader(io.StringIO(_body(api().get(CSV_URL)))))
    assert row["statement_en"] == "'" + formula
    assert row["horizon_text"] == "2025年"  # text that starts no formula is left alone
    # JSON Lines are data, not cells: the value is exactly what the list shows.
    line = json.loads(_body(api().get(JSONL_URL)).splitlines()[0])
    assert line["statement_en"] == formula


def test_bom_gives_a_csv_that_excel_reads_as_utf8(two_speakers):
    plain = b"".join(api().get(CSV_URL).streaming_content)
    assert not plain.startswith(b"\xef\xbb\xbf")
    response = api().get(CSV_URL + "?bom=1")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf") and body.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r["statement"] for r in rows] == [
        "我认为2025年将是代理之年。",
        "未來十年，記憶體需求會增長十倍。",
    ]
    assert list(rows[0]) == exports.CSV_COLUMNS  # the mark does not stick to the first column's name
    assert not b"".join(api().get(CSV_URL + "?bom=0").streaming_content).startswith(b"\xef\xbb\xbf")


def test_a_bom_that_is_not_a_boolean_is_refused_by_name(two_speakers):
    assert_error(api().get(CSV_URL + "?bom=maybe"), 400, field="bom", contains="'maybe'")
    # Empty is not a boolean either: the schema says boolean, and "bom=" may be a client's bug.
    assert_error(api().get(CSV_URL + "?bom="), 400, field="bom", contains="''")
