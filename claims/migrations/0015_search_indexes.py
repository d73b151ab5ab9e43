"""The search indexes of claims.search_indexes, on PostgreSQL only (SQLite searches with LIKE)."""

from django.db import migrations

from claims.search_indexes import create_search_indexes, drop_search_indexes


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        create_search_indexes(schema_editor.execute)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        drop_search_indexes(schema_editor.execute)
        schema_editor.execute("DROP FUNCTION IF EXISTS hindsight_bigrams(text)")
        # pg_trgm stays: other objects of the database may use it.


class Migration(migrations.Migration):
    dependencies = [("claims", "0014_reviewer_display_name")]

    operations = [migrations.RunPython(forward, backward)]
