"""Where the engine's span for a target belongs: in the trace of the person who queued it."""

from __future__ import annotations

from opentelemetry.context import Context
from opentelemetry.trace import Link

from services.publisher.domain.record import TargetRecord
from shared.telemetry_context import links_to_current, resumed_context


def continuation(record: TargetRecord) -> tuple[Context | None, list[Link]]:
    """Parent context and links for processing `record`.

    The parent is the span of the schedule / publish-now / retry that queued the target, so
    the provider calls and the resulting events join that user's trace; the scheduler's own
    span (if any is active) becomes a link. Without a stored context the span stays where it
    is, under the scheduler (docs/decisions/0070-scheduled-work-continues-the-trace.md).
    """
    parent = resumed_context(record.traceparent, record.tracestate)
    if parent is None:
        return None, []
    return parent, links_to_current()
