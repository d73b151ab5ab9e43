from django.db import migrations, models

# The speaker × due-year and speaker × due-day grains (TallyGrain.SPEAKER_DUE_YEAR and
# SPEAKER_DUE_DAY): no new column, the triggers rebuilt with the current claims.tallies SQL and
# the tallies recounted, as in 0022.


def reinstall_triggers(apps, schema_editor):
    from claims import tallies

    vendor = schema_editor.connection.vendor
    tallies.drop_triggers(schema_editor.execute, vendor)
    tallies.create_triggers(schema_editor.execute, vendor)
    tallies.recount(schema_editor.execute, vendor)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0025_verbose_names"),
    ]

    operations = [
        migrations.AlterField(
            model_name="tally",
            name="grain",
            field=models.CharField(
                choices=[
                    ("s", "per speaker"),
                    ("y", "per due year"),
                    ("d", "open, per due day"),
                    ("Y", "per speaker and due year"),
                    ("D", "open, per speaker and due day"),
                ],
                max_length=1,
            ),
        ),
        # Unapplied, the triggers go on keeping the two grains, which older code never reads.
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
