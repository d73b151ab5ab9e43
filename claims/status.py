"""A prediction's status, the states it moves through (claims.models re-exports it as Status).

A module of its own so that the query methods (claims.querysets), which the model imports, can
name the statuses too.
"""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    DUE = "due", "Due for review"
    DISPUTED = "disputed", "Awaiting adjudication"
    RESOLVED = "resolved", "Resolved"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SPLIT = "split", "Split into parts"
