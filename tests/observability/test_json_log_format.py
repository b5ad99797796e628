"""One JSON object per record: the fields operators query, trace ids inside a span, no secrets."""

from __future__ import annotations

import json
import logging
from typing import Any

from opentelemetry import trace

from shared.logs import REDACTED, JsonFormatter, configure_logging
from shared.telemetry import Telemetry

tracer = trace.get_tracer("tests.logs")


def formatted(message: str, **extra: Any) -> dict[str, Any]:
    record = logging.LogRecord("gamontj.test", logging.WARNING, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    entry: dict[str, Any] = json.loads(JsonFormatter("publisher").format(record))
    return entry


def test_a_line_names_its_level_message_and_service_and_has_no_trace_outside_a_span() -> None:
    entry = formatted("claimed nothing")
    assert entry["level"] == "warning"
    assert entry["message"] == "claimed nothing"
    assert entry["service"] == "publisher"
    assert "trace_id" not in entry and "span_id" not in entry


def test_inside_a_span_a_line_carries_its_trace_and_span_ids(telemetry: Telemetry) -> None:
    with tracer.start_as_current_span("work") as span:
        entry = formatted("working", target_id="tgt_1")
    context = span.get_span_context()
    assert entry["trace_id"] == format(context.trace_id, "032x")
    assert entry["span_id"] == format(context.span_id, "016x")
    assert entry["target_id"] == "tgt_1"


def test_extra_fields_named_like_a_secret_are_blanked() -> None:
    entry = formatted(
        "refreshed",
        access_token="tok-123",
        password="hunter2",
        email="a@example.org",
        connection_id="con_1",
    )
    assert entry["access_token"] == entry["password"] == entry["email"] == REDACTED
    assert entry["connection_id"] == "con_1"


def test_libraries_that_log_wire_payloads_stay_quiet_even_at_debug() -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        configure_logging("publisher", "DEBUG")
        assert not logging.getLogger("pymongo.command").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("httpcore.http11").isEnabledFor(logging.DEBUG)
        assert logging.getLogger("gamontj.publisher").isEnabledFor(logging.DEBUG)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name in ("httpcore", "pymongo", "hpack"):
            logging.getLogger(name).setLevel(logging.NOTSET)
