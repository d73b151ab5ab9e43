"""The admin: the curators' workbench and the reviewers' desk.

- catalogue: speakers, topics, sources (text with every span highlighted)
- predictions: predictions with spans, criteria and clarifications, the review record, lineage
- reviews: the review, "too early", adjudication, undo and split forms on a prediction's page
- records: the append-only records (outcomes, evidence, clarifications), read-only
- corpus: corpus runs (extract_corpus) with their progress, and their files
- users: Django's user admin with the public name (ReviewerProfile) inline
"""

from claims.admin import catalogue, corpus, predictions, records, users  # noqa: F401  (each registers its admins)

# Candidate extraction's review queue registers itself here so admin autodiscovery finds it.
from claims.extraction import admin as _extraction_admin  # noqa: E402, F401
