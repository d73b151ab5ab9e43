"""The project's URLs plus /bench/baseline/predictions/, mounted only by bench/api_settings.py.

The baseline produces the same page as GET /api/predictions/?page_size=50 (same rows, same
JSON) with raw SQL and json.dumps: no ORM, no DRF, no filters, no permissions, no throttling.
bench/api.py checks the two bodies are equal before timing them.
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from tracker.urls import urlpatterns as project_urlpatterns

PAGE = """
SELECT p.id, p.statement, p.statement_en, p.kind, p.speaker_id, s.name, p.said_on, p.horizon_text,
       p.due_earliest, p.due_latest, p.window_overridden, p.vague, p.boundary_ambiguous,
       p.rules_version, p.status, p.verdict, p.confidence, p.key, p.version, p.created_at, p.updated_at
  FROM claims_prediction p JOIN claims_speaker s ON s.id = p.speaker_id
 WHERE p.status <> 'draft'
 ORDER BY p.id LIMIT %s OFFSET %s
"""
COUNT = "SELECT count(*) FROM claims_prediction WHERE status <> 'draft'"
TOPICS = """
SELECT pt.prediction_id, t.slug FROM claims_prediction_topics pt JOIN claims_topic t ON t.id = pt.topic_id
 WHERE pt.prediction_id = ANY(%s) ORDER BY t.slug
"""
SPANS = """
SELECT prediction_id, source_id, start, "end", quote, prefix, suffix, role FROM claims_span
 WHERE prediction_id = ANY(%s) ORDER BY source_id, start, "end"
"""
PROBABILITY = {"certain": 0.95, "expects": 0.8, "likely": 0.65, "maybe": 0.5}


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def _iso_utc(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def baseline_predictions(request: HttpRequest) -> HttpResponse:
    page_size = min(int(request.GET.get("page_size", 50)), 200)
    base = request.build_absolute_uri("/api/predictions/")
    with connection.cursor() as cursor:
        cursor.execute(COUNT)
        (count,) = cursor.fetchone()
        cursor.execute(PAGE, [page_size, 0])
        rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        topics, spans = defaultdict(list), defaultdict(list)
        cursor.execute(TOPICS, [ids])
        for prediction_id, slug in cursor.fetchall():
            topics[prediction_id].append(slug)
        cursor.execute(SPANS, [ids])
        for prediction_id, source, start, end, quote, prefix, suffix, role in cursor.fetchall():
            spans[prediction_id].append(
                {
                    "source": source,
                    "start": start,
                    "end": end,
                    "quote": quote,
                    "prefix": prefix,
                    "suffix": suffix,
                    "role": role,
                }
            )
    results = [
        {
            "id": r[0],
            "url": f"{base}{r[0]}/",
            "statement": r[1],
            "statement_en": r[2],
            "kind": r[3],
            "speaker": r[4],
            "speaker_name": r[5],
            "said_on": _iso(r[6]),
            "horizon_text": r[7],
            "due_earliest": _iso(r[8]),
            "due_latest": _iso(r[9]),
            "window_overridden": r[10],
            "vague": r[11],
            "boundary_ambiguous": r[12],
            "rules_version": r[13],
            "status": r[14],
            "verdict": r[15] or None,
            "confidence": r[16] or None,
            "probability": PROBABILITY.get(r[16]),
            "topics": topics[r[0]],
            "spans": spans[r[0]],
            "key": r[17],
            "version": r[18],
            "created_at": _iso_utc(r[19]),
            "updated_at": _iso_utc(r[20]),
        }
        for r in rows
    ]
    next_url = f"{base}?page=2&page_size={page_size}" if count > page_size else None
    body = {"count": count, "next": next_url, "previous": None, "results": results}
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")


urlpatterns = [
    path("bench/baseline/predictions/", baseline_predictions),
    *project_urlpatterns,
]
