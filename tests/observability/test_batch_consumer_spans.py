"""A fetched batch links to each message's producer; each message's span joins its producer's trace.

Real nats-server; the spans are read from the in-memory exporter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import msgspec
import pytest
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.consumer import RetryPolicy, durable_batch_consumer
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.observability.span_checks import attributes, workspace_of
from tests.support.events import ThingHappened
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

DURABLE = "kerneltest_batch"
FAST = RetryPolicy(max_deliver=3, base_delay_s=0.02, max_delay_s=0.05, ack_wait_s=5.0)
tracer = trace.get_tracer("tests.producer")


@pytest.fixture
async def brokers() -> AsyncIterator[list[NatsBroker]]:
    started: list[NatsBroker] = []
    yield started
    for broker in started:
        await broker.stop()


async def publish_from_own_traces(js: JetStreamContext, count: int) -> dict[str, int]:
    """`count` events, each published inside its own producer trace; event id -> trace id."""
    traces: dict[str, int] = {}
    for index in range(count):
        event = ThingHappened(tenant_id=f"t_batch{index}", thing_id=str(index))
        with tracer.start_as_current_span("producer") as span:
            headers = {"Nats-Msg-Id": event.event_id}
            TraceContextTextMapPropagator().inject(headers)
            traces[event.event_id] = span.get_span_context().trace_id
        await js.publish(event.subject, msgspec.json.encode(event), headers=headers)
    return traces


async def start(
    settings: Settings,
    telemetry: Telemetry,
    brokers: list[NatsBroker],
    *,
    batch_fails: bool,
    seen: dict[str, int],
) -> None:
    broker = make_broker(settings, service="kerneltest", tracer_provider=telemetry.tracer_provider)

    async def on_batch(bodies: list[bytes]) -> None:
        if batch_fails:
            raise RuntimeError("the fast path gives up")
        for body in bodies:
            seen[msgspec.json.decode(body, type=ThingHappened).event_id] = 0

    async def on_one(body: bytes, _: Mapping[str, str]) -> None:
        event_id = msgspec.json.decode(body, type=ThingHappened).event_id
        seen[event_id] = trace.get_current_span().get_span_context().trace_id

    durable_batch_consumer(
        broker,
        durable=DURABLE,
        filter_subject="evt.kerneltest.>",
        batch_handler=on_batch,
        handler=on_one,
        policy=FAST,
    )
    await connect_broker(broker, settings)
    await broker.start()
    brokers.append(broker)


def message_spans(spans: InMemorySpanExporter) -> dict[str, ReadableSpan]:
    return {
        str(attributes(s)["messaging.message.id"]): s
        for s in spans.get_finished_spans()
        if s.name == f"process {DURABLE}" and "messaging.message.id" in attributes(s)
    }


async def test_the_batch_span_links_every_producer_and_each_message_joins_its_trace(
    settings: Settings,
    telemetry: Telemetry,
    js: JetStreamContext,
    spans: InMemorySpanExporter,
    brokers: list[NatsBroker],
) -> None:
    traces = await publish_from_own_traces(js, 3)
    seen: dict[str, int] = {}
    await start(settings, telemetry, brokers, batch_fails=False, seen=seen)

    async def finished() -> dict[str, ReadableSpan]:
        return message_spans(spans)

    per_message = await eventually(finished, lambda found: set(found) == set(traces))
    for event_id, span in per_message.items():
        assert span.context.trace_id == traces[event_id]
        assert span.parent is not None and span.parent.trace_id == traces[event_id]
        assert str(workspace_of(span)).startswith("t_batch")
    batches = [
        s
        for s in spans.get_finished_spans()
        if s.name == f"process {DURABLE}" and "messaging.batch.message_count" in attributes(s)
    ]
    linked = {link.context.trace_id for b in batches for link in b.links}
    assert set(traces.values()) <= linked
    assert all(b.context.trace_id not in traces.values() for b in batches), (
        "a batch has many parents: it is linked to them, not a child of one"
    )


async def test_when_the_batch_fails_each_message_is_handled_in_its_producers_trace(
    settings: Settings,
    telemetry: Telemetry,
    js: JetStreamContext,
    spans: InMemorySpanExporter,
    brokers: list[NatsBroker],
) -> None:
    traces = await publish_from_own_traces(js, 2)
    seen: dict[str, int] = {}
    await start(settings, telemetry, brokers, batch_fails=True, seen=seen)

    async def handled() -> dict[str, int]:
        return dict(seen)

    await eventually(handled, lambda done: set(done) == set(traces))
    assert seen == traces
