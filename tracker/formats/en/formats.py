"""ISO dates in the admin and every page, whatever the language: a date reads 2024-12-31 and a
datetime 2024-12-31 23:59, as the API and the exports write them (not "Dec. 31, 2024")."""

from __future__ import annotations

DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
