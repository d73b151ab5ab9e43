"""Track records as the pages show them: the stats service's numbers plus a calibration chart."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext

from claims.charts import CalibrationPoint, calibration_svg
from claims.services.stats import TrackRecord


@dataclass(frozen=True)
class RecordRow:
    record: TrackRecord
    calibration_chart: SafeString


def with_calibration_charts(records: list[TrackRecord], *, size: int = 120) -> list[RecordRow]:
    return [RecordRow(record, calibration_chart(record, size=size)) for record in records]


def calibration_chart(record: TrackRecord, *, size: int = 120) -> SafeString:
    points = [
        CalibrationPoint(b.label, b.probability, b.scored, b.observed) for b in record.calibration if b.scored
    ]
    return calibration_svg(
        points, size=size, title=gettext("Calibration of %(speaker)s") % {"speaker": record.speaker_name}
    )
