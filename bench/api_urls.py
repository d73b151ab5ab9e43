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
       p.rules_version, p.status, p.verdict, p.confidence, p.key, p.version, p.created_at, p.updated_at,
       p.resolution_criteria, EXISTS (SELECT 1 FROM claims_outcome o WHERE o.prediction_id = p.id),
       p.reviewers_required, p.review_round, p.next_look_on, p.parent_id, p.verdict_known_on,
       p.verdict_reviewers, p.verdict_adjudicated, p.verdict_evidence_archived
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
CLARIFICATIONS = """
SELECT c.prediction_id, c.text, u.username, c.added_at
  FROM claims_clarification c LEFT JOIN auth_user u ON u.id = c.author_id
 WHERE c.prediction_id = ANY(%s) ORDER BY c.added_at, c.id
"""
PARTS = "SELECT parent_id, id FROM claims_prediction WHERE parent_id = ANY(%s) ORDER BY id"
PROBABILITY = {"certain": 0.95, "expects": 0.8, "likely": 0.65, "maybe": 0.5}


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def _iso_utc(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _verdict_summary(row) -> dict | None:
    """The agreement behind a standing verdict, from the row's denormalized columns."""
    status, verdict, required = row[14], row[15], row[23]
    known_on, agreed, adjudicated, archived = row[27], row[28], row[29], row[30]
    if status != "resolved" or not verdict:
        return None
    if adjudicated:
        parts = [f"adjudicated ({agreed}/{required} reviewers agreed)"]
    else:
        parts = [f"{agreed}/{required} reviewer{'' if required == 1 else 's'}"]
    if archived:
        parts.append("evidence archived")
    if known_on:
        parts.append(f"known {known_on:%Y-%m-%d}")
    return {
        "verdict": verdict,
        "reviewers": agreed,
        "required": required,
        "adjudicated": adjudicated,
        "evidence_archived": archived,
        "known_on": _iso(known_on),
        "text": " · ".join(parts),
    }


def baseline_predictions(request: HttpRequest) -> HttpResponse:
    page_size = min(int(request.GET.get("page_size", 50)), 200)
    base = request.build_absolute_uri("/api/predictions/")
    with connection.cursor() as cursor:
        cursor.execute(COUNT)
        (count,) = cursor.fetchone()
        cursor.execute(PAGE, [page_size, 0])
        rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        topics, spans, clarifications, parts = (
            defaultdict(list),
            defaultdict(list),
            defaultdict(list),
            defaultdict(list),
        )
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
        cursor.execute(CLARIFICATIONS, [ids])
        for prediction_id, text, author, added_at in cursor.fetchall():
            clarifications[prediction_id].append(
                {"text": text, "author": author, "added_at": _iso_utc(added_at)}
            )
        split = [row[0] for row in rows if row[14] == "split"]
        if split:  # only a split prediction has parts
            cursor.execute(PARTS, [split])
            for parent_id, part_id in cursor.fetchall():
                parts[parent_id].append(part_id)
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
            "resolution_criteria": r[21],
            "clarifications": clarifications[r[0]],
            "criteria_frozen": r[22],
            "status": r[14],
            "verdict": r[15] or None,
            "verdict_summary": _verdict_summary(r),
            "reviewers_required": r[23],
            "review_round": r[24],
            "next_look_on": _iso(r[25]),
            "confidence": r[16] or None,
            "probability": PROBABILITY.get(r[16]),
            "topics": topics[r[0]],
            "spans": spans[r[0]],
            "parent": r[26],
            "parts": parts[r[0]],
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
