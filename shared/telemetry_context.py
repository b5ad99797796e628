"""W3C trace context stored with work that runs later, and the context to continue it in.

Only `traceparent` and `tracestate` are kept: baggage may carry personal data and never
leaves the process it was set in (docs/decisions/0070-scheduled-work-continues-the-trace.md).
"""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Link
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

TRACEPARENT = "traceparent"
TRACESTATE = "tracestate"

_propagator = TraceContextTextMapPropagator()


def captured_trace() -> dict[str, str]:
    """The current span's traceparent and tracestate ("" for each when no span is active)."""
    carrier: dict[str, str] = {}
    if trace.get_current_span().get_span_context().is_valid:
        _propagator.inject(carrier)
    return {TRACEPARENT: carrier.get(TRACEPARENT, ""), TRACESTATE: carrier.get(TRACESTATE, "")}


def resumed_context(traceparent: str, tracestate: str = "") -> Context | None:
    """A context whose parent is the stored span; None when nothing valid was stored."""
    if not traceparent:
        return None
    carrier = {TRACEPARENT: traceparent} | ({TRACESTATE: tracestate} if tracestate else {})
    context = _propagator.extract(carrier)
    if not trace.get_current_span(context).get_span_context().is_valid:
        return None
    return context


def links_to_current() -> list[Link]:
    """A link to the span active now (e.g. a worker's loop span), or none when there is none."""
    span_context = trace.get_current_span().get_span_context()
    return [Link(span_context)] if span_context.is_valid else []
