"""`manage.py check --deploy`: what Django's own deployment checks cannot know about Hindsight."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs, **kwargs) -> list[Warning]:
    if settings.CACHE_URL:
        return []
    return [
        Warning(
            "The throttle counters are in each process's memory: with several web processes a "
            "client gets the limit once per process.",
            hint="Set CACHE_URL=redis://host:6379/1, one Redis shared by every web process.",
            id="tracker.W001",
        )
    ]
