from django.apps import AppConfig


class TrackerConfig(AppConfig):
    """The project itself: its deployment checks (tracker/checks.py)."""

    name = "tracker"
    verbose_name = "Hindsight"

    def ready(self) -> None:
        from tracker import checks  # noqa: F401  (registers the checks)
