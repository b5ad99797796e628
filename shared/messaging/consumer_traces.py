"""Spans of durable consumers: a fetched batch links to every producer, each message joins its own.

A batch has many parents, so its span carries one link per message's producer context (the
OpenTelemetry messaging conventions for batch processing). Each message also gets a span that
is a child of its producer, so the effect of a user's action (e.g. its audit entry) is part
of that user's trace (docs/decisions/0071-batch-consumer-spans.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from nats.aio.msg import Msg
from opentelemetry import trace
from opentelemetry.trace import Link, Span, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from shared.telemetry import WORKSPACE_ATTRIBUTE

_tracer = trace.get_tracer("gamontj.messaging")
_propagator = TraceContextTextMapPropagator()  # never baggage: it may carry personal data
EVENT_SUBJECT_ROOT = "evt"


def tenant_of_subject(subject: str) -> str:
    """The workspace of an event subject `evt.<service>.<event>.<tenant_id>`, else ""."""
    parts = subject.split(".")
    return parts[-1] if len(parts) >= 4 and parts[0] == EVENT_SUBJECT_ROOT else ""


def _producer(headers: Mapping[str, str] | None) -> trace.SpanContext:
    context = _propagator.extract(dict(headers or {}))
    return trace.get_current_span(context).get_span_context()


def _message_attributes(durable: str, raw: Msg) -> dict[str, str]:
    attributes = {
        "messaging.system": "nats",
        "messaging.operation.type": "process",
        "messaging.consumer.group.name": durable,
        "messaging.destination.name": raw.subject,
        "messaging.message.id": (raw.headers or {}).get("Nats-Msg-Id", ""),
    }
    tenant_id = tenant_of_subject(raw.subject)
    return attributes | ({WORKSPACE_ATTRIBUTE: tenant_id} if tenant_id else {})


class BatchTrace:
    """The batch span (current while the batch is handled) and one span per message."""

    def __init__(self, batch: Span, messages: Sequence[Span]) -> None:
        self.batch = batch
        self.messages = list(messages)

    @contextmanager
    def message(self, index: int) -> Iterator[Span]:
        """Make message `index`'s span current (work done for that message alone)."""
        with trace.use_span(self.messages[index], end_on_exit=False) as span:
            yield span


@contextmanager
def batch_trace(durable: str, raws: Sequence[Msg]) -> Iterator[BatchTrace]:
    """Spans for handling `raws`; a failure marks the batch span, message spans end with it."""
    producers = [_producer(raw.headers) for raw in raws]
    tenants = {tenant_of_subject(raw.subject) for raw in raws}
    batch_attributes: dict[str, str | int] = {
        "messaging.system": "nats",
        "messaging.operation.type": "process",
        "messaging.consumer.group.name": durable,
        "messaging.batch.message_count": len(raws),
    }
    if len(tenants) == 1 and "" not in tenants:
        batch_attributes[WORKSPACE_ATTRIBUTE] = tenants.pop()
    with _tracer.start_as_current_span(
        f"process {durable}",
        kind=SpanKind.CONSUMER,
        links=[Link(p) for p in producers if p.is_valid],
        attributes=batch_attributes,
    ) as batch:
        batch_link = [Link(batch.get_span_context())]
        messages = [
            _tracer.start_span(
                f"process {durable}",
                context=trace.set_span_in_context(trace.NonRecordingSpan(producer))
                if producer.is_valid
                else None,
                kind=SpanKind.CONSUMER,
                links=batch_link,
                attributes=_message_attributes(durable, raw),
            )
            for producer, raw in zip(producers, raws, strict=True)
        ]
        try:
            yield BatchTrace(batch, messages)
        except BaseException as exc:
            for span in messages:
                span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
            raise
        finally:
            for span in messages:
                span.end()
