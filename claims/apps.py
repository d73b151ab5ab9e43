from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and predictions"

    def ready(self) -> None:
        from claims.groups import sync_roles

        # After the permissions exist (auth's own post_migrate handler runs first).
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="claims.sync_roles")
