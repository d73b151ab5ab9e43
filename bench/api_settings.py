"""Settings for the API bench's server process: the project's, plus the bench-only baseline URL."""

from __future__ import annotations

from tracker.settings import *  # noqa: F403

ROOT_URLCONF = "bench.api_urls"
