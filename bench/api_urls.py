"""The project's URLs plus /bench/baseline/predictions/, mounted only by bench/api_settings.py.

The baseline produces the same page as GET /api/predictions/?page_size=50 (same rows, same
JSON) with raw SQL, the project's own rendering of a prediction (PredictionSerializer's, fed
plain rows) and json.dumps: no ORM queries, no DRF view, no filters, no permissions, no
throttling. bench/api.py checks the two bodies are equal before timing them.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from api.relations import SPAN_COLUMNS
from api.serializers.predictions import PredictionSerializer
from claims.models import Prediction
from claims.models.reviewers import public_name_from
from tracker.urls import urlpatterns as project_urlpatterns

# The prediction columns PredictionSerializer's rendering reads, by the names it reads them.
COLUMNS = {
    "pk": "p.id",
    "statement": "p.statement",
    "statement_en": "p.statement_en",
    "kind": "p.kind",
    "speaker_id": "p.speaker_id",
    "speaker_name": "s.name",
    "said_on": "p.said_on",
    "horizon_text": "p.horizon_text",
    "due_earliest": "p.due_earliest",
    "due_latest": "p.due_latest",
    "window_overridden": "p.window_overridden",
    "vague": "p.vague",
    "boundary_ambiguous": "p.boundary_ambiguous",
    "rules_version": "p.rules_version",
    "resolution_criteria": "p.resolution_criteria",
    "correction_count": "p.correction_count",
    "api_criteria_frozen": "EXISTS (SELECT 1 FROM claims_outcome o WHERE o.prediction_id = p.id)",
    "status": "p.status",
    "verdict": "p.verdict",
    "verdict_known_on": "p.verdict_known_on",
    "verdict_reviewers": "p.verdict_reviewers",
    "verdict_adjudicated": "p.verdict_adjudicated",
    "verdict_evidence_archived": "p.verdict_evidence_archived",
    "reviewers_required": "p.reviewers_required",
    "review_round": "p.review_round",
    "next_look_on": "p.next_look_on",
    "confidence": "p.confidence",
    "parent_id": "p.parent_id",
    "key": "p.key",
    "version": "p.version",
    "created_at": "p.created_at",
    "updated_at": "p.updated_at",
}
PAGE = f"""
SELECT {", ".join(COLUMNS.values())}
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
SELECT c.prediction_id, c.text, c.author_id, r.display_name, c.added_at
  FROM claims_clarification c LEFT JOIN claims_reviewerprofile r ON r.user_id = c.author_id
 WHERE c.prediction_id = ANY(%s) ORDER BY c.added_at, c.id
"""
CORRECTIONS = """
SELECT c.prediction_id, c.number, c.what_was_wrong, c.changes, c.reopened_review, c.author_id,
       r.display_name, c.made_at
  FROM claims_correction c LEFT JOIN claims_reviewerprofile r ON r.user_id = c.author_id
 WHERE c.prediction_id = ANY(%s) ORDER BY c.prediction_id, c.number
"""
PARTS = "SELECT parent_id, id FROM claims_prediction WHERE parent_id = ANY(%s) ORDER BY id"


class Row:
    """A row of PAGE with what api.relations would attach, read as PredictionSerializer reads a
    Prediction. The two derived fields are the model's own properties: they read only columns."""

    verdict_agreement = Prediction.verdict_agreement
    probability = Prediction.probability

    def __init__(self, values: tuple) -> None:
        self.__dict__.update(zip(COLUMNS, values, strict=True))
        self.speaker = SimpleNamespace(name=self.speaker_name)
        self.api_topics, self.api_spans, self.api_clarifications, self.api_parts = [], [], [], []
        self.api_corrections = []


def baseline_predictions(request: HttpRequest) -> HttpResponse:
    page_size = min(int(request.GET.get("page_size", 50)), 200)
    with connection.cursor() as cursor:
        cursor.execute(COUNT)
        (count,) = cursor.fetchone()
        cursor.execute(PAGE, [page_size, 0])
        rows = {values[0]: Row(values) for values in cursor.fetchall()}
        ids = list(rows)
        cursor.execute(TOPICS, [ids])
        for prediction_id, slug in cursor.fetchall():
            rows[prediction_id].api_topics.append(slug)
        cursor.execute(SPANS, [ids])
        for prediction_id, *values in cursor.fetchall():
            rows[prediction_id].api_spans.append(dict(zip(SPAN_COLUMNS, values, strict=True)))
        cursor.execute(CLARIFICATIONS, [ids])
        for prediction_id, text, author_id, name, added_at in cursor.fetchall():
            rows[prediction_id].api_clarifications.append((text, public_name_from(author_id, name), added_at))
        corrected = [row.pk for row in rows.values() if row.correction_count]
        if corrected:  # only a corrected prediction has corrections
            cursor.execute(CORRECTIONS, [corrected])
            for (
                prediction_id,
                number,
                wrong,
                changes,
                reopened,
                author_id,
                name,
                made_at,
            ) in cursor.fetchall():
                rows[prediction_id].api_corrections.append(
                    {
                        "number": number,
                        "what_was_wrong": wrong,
                        "changes": json.loads(changes),  # Django reads jsonb as text
                        "reopened_review": reopened,
                        "author": public_name_from(author_id, name),
                        "made_at": made_at,
                    }
                )
        split = [row.pk for row in rows.values() if row.status == "split"]
        if split:  # only a split prediction has parts
            cursor.execute(PARTS, [split])
            for parent_id, part_id in cursor.fetchall():
                rows[parent_id].api_parts.append(part_id)
    serializer = PredictionSerializer(context={"request": request})
    results = [serializer.to_representation(row) for row in rows.values()]
    base = request.build_absolute_uri("/api/predictions/")
    next_url = f"{base}?page=2&page_size={page_size}" if count > page_size else None
    body = {"count": count, "next": next_url, "previous": None, "results": results}
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")


urlpatterns = [
    path("bench/baseline/predictions/", baseline_predictions),
    *project_urlpatterns,
]
