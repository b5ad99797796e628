"""Structured JSON logs, one line per record, carrying the current trace and span ids."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

from opentelemetry import trace

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
_DROPPED = {"color_message"}  # uvicorn's copy of the message with terminal colour codes
# A safety net, not the rule: callers never log secrets, but an `extra` field named like one
# is blanked rather than trusted.
_SENSITIVE = re.compile(r"pass(word)?|secret|token|authori[sz]ation|cookie|e-?mail", re.I)
REDACTED = "[redacted]"


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object; extra fields are kept under their own names."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self._service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            entry["trace_id"] = format(context.trace_id, "032x")
            entry["span_id"] = format(context.span_id, "016x")
        entry.update(
            {
                key: REDACTED if _SENSITIVE.search(key) else value
                for key, value in record.__dict__.items()
                if key not in _STANDARD and key not in _DROPPED
            }
        )
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


# Libraries whose debug output is wire payloads (response headers, command documents with
# e-mails or post text): never below this level, whatever the service's level is.
QUIET_LIBRARIES = {"httpcore": logging.INFO, "pymongo": logging.INFO, "hpack": logging.INFO}


def configure_logging(service: str, level: str = "INFO") -> None:
    """Route every logger to stderr as JSON lines (the local runner collects them in .data/logs)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name, floor in QUIET_LIBRARIES.items():
        logging.getLogger(name).setLevel(max(floor, root.level))
