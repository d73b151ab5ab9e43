"""One JSON object per line (LOG_FORMAT=json), for Django, Celery and gunicorn alike."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping

# gunicorn's access-log atoms worth a field of their own (gunicorn's "settings" docs).
ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "H": "protocol",
    "s": "status",
    "B": "bytes",
    "D": "duration_us",
    "f": "referer",
    "a": "user_agent",
}


class JSONFormatter(logging.Formatter):
    """time, level, logger, message; the traceback as one string; access-log fields by name."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            for atom, field in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "-", ""):
                    entry[field] = int(value) if field in ("status", "bytes", "duration_us") else value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
