from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
# Every CELERY_* Django setting configures Celery, so the broker and the beat
# schedule live in tracker/settings.py with the rest of the environment.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
