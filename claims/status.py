"""A prediction's status, the states it moves through (claims.models re-exports it as Status).

A module of its own so that the query methods (claims.querysets), which the model imports, can
name the statuses too.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    DUE = "due", _("Due for review")
    DISPUTED = "disputed", _("Awaiting adjudication")
    RESOLVED = "resolved", _("Resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SPLIT = "split", _("Split into parts")
