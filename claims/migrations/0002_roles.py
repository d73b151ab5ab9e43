"""Create the curators and reviewers groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATOR_MODELS = ["source", "speaker", "topic", "prediction", "span"]
READABLE_MODELS = ["source", "speaker", "topic", "prediction", "span", "outcome", "dueflag"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(*codenames):
        found = list(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
        assert len(found) == len(codenames), f"missing permissions among {codenames}"
        return found

    view = [f"view_{m}" for m in READABLE_MODELS]
    curators, _ = Group.objects.get_or_create(name="curators")
    curators.permissions.set(
        perms(*view, *(f"{action}_{m}" for m in CURATOR_MODELS for action in ("add", "change", "delete")))
    )
    reviewers, _ = Group.objects.get_or_create(name="reviewers")
    reviewers.permissions.set(perms(*view, "add_outcome"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["curators", "reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
