# The edit history joins the tamper-evident record: from now on record_edits appends each history
# row to the chain; the rows written before are appended here, oldest first.

from django.db import migrations

# The canonical fields of an edit record when it joined the chain (claims.services.record.RECORDED),
# frozen here as a migration freezes its models.
EDIT_RECORD_FIELDS = ("object_type", "object_id", "prediction_pk", "action", "actor", "face", "at", "changes")


def append_existing_edits(apps, schema_editor):
    """Append the edit records not yet in the chain, in the order they were written (at, id).
    Streams in chunks: the history can be long."""
    from claims.models.record import GENESIS, RecordHead
    from claims.services.record import Recorded, chained

    EditRecord = apps.get_model("claims", "EditRecord")
    RecordEntry = apps.get_model("claims", "RecordEntry")
    recorded = Recorded(EditRecord, EDIT_RECORD_FIELDS)
    if RecordEntry.objects.filter(model=recorded.label).exists():
        return
    last = RecordEntry.objects.order_by("-seq").first()
    head = RecordHead(last.seq, last.entry_hash) if last else RecordHead(0, GENESIS)
    columns = recorded.columns
    rows = EditRecord.objects.order_by("at", "id").values_list("pk", *columns)
    batch = []
    for pk, *values in rows.iterator(chunk_size=2000):
        batch.append((recorded.label, str(pk), recorded.content(pk, values)))
        if len(batch) == 2000:
            head = _append(RecordEntry, batch, head, chained)
            batch = []
    _append(RecordEntry, batch, head, chained)


def _append(RecordEntry, batch, head, chained):
    from claims.models.record import RecordHead

    if not batch:
        return head
    entries = [RecordEntry(**values) for values in chained(batch, after=head)]
    RecordEntry.objects.bulk_create(entries)
    return RecordHead(entries[-1].seq, entries[-1].entry_hash)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0018_plausible_dates"),
    ]

    operations = [migrations.RunPython(append_existing_edits, migrations.RunPython.noop)]
