from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from claims.models import Span


class Command(BaseCommand):
    help = "Verify in the database that every span's quote is the source text at its offsets."

    def handle(self, *args, **options) -> None:
        bad = list(Span.objects.mismatched().values_list("id", "prediction_id", "start", "end"))
        total = Span.objects.count()
        if bad:
            for span_id, prediction_id, start, end in bad:
                self.stderr.write(
                    f"span #{span_id} of prediction #{prediction_id} [{start}, {end}) does not match"
                )
            raise CommandError(f"{len(bad)} of {total} spans do not match their source text")
        self.stdout.write(f"all {total} spans match their source text")
