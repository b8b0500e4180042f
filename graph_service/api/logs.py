"""Structured logs: one JSON object a line, with the request id of the request being served.

The access log (`access_log.py`) sets the request id, `serve` turns the format on, and every
module, whatever its layer, logs through `logging.getLogger(__name__)` and needs nothing from here. What is logged is chosen
where it is logged: never a token, a sign-in code or anything of a family.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from contextvars import ContextVar
from typing import TextIO

#: the id of the request being served (set by the access log, empty outside a request)
REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="")
#: extra fields a log call may pass (`extra={...}`) that end up in the JSON object
FIELDS = ("method", "path", "status", "duration_ms", "backend", "schema_version", "migration")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        if request_id := REQUEST_ID.get():
            line["request_id"] = request_id
        line.update({k: getattr(record, k) for k in FIELDS if hasattr(record, k)})
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(level: int = logging.INFO, stream: TextIO | None = None) -> None:
    """JSON lines on stderr for the service's own loggers (`graph_service.*`)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("graph_service")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
