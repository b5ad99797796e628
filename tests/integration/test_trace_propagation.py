"""(d) One trace: gateway request -> RPC handler -> event stored via outbox -> event consumer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import msgspec
import pytest
from litestar import post
from nats.js.client import JetStreamContext
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from pymongo.asynchronous.database import AsyncDatabase

from services.gateway.adapters.nats_health_probe import NatsHealthProbe
from services.gateway.entrypoints.http.app import create_app
from services.gateway.entrypoints.http.dependencies import GatewayDeps
from shared.contracts.rpc import RpcRequest
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.consumer import RetryPolicy, durable_consumer
from shared.messaging.outbox import outbox_fields
from shared.messaging.relay import JetStreamEventPublisher, OutboxRelay
from shared.messaging.rpc import RpcClient, rpc_handler
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.support.events import ThingHappened
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


class MakeThing(RpcRequest, frozen=True, kw_only=True):
    thing_id: str


class ThingMade(msgspec.Struct, frozen=True):
    thing_id: str


def current_trace_id() -> int:
    return trace.get_current_span().get_span_context().trace_id


async def test_a_gateway_trace_continues_into_the_rpc_handler_and_the_event_consumer(
    settings: Settings,
    telemetry: Telemetry,
    spans: InMemorySpanExporter,
    js: JetStreamContext,
    db: AsyncDatabase[Any],
) -> None:
    seen: dict[str, int] = {}
    service = make_broker(settings, service="kerneltest", tracer_provider=telemetry.tracer_provider)
    relay = OutboxRelay([db.things], JetStreamEventPublisher(service))

    @rpc_handler(service, "rpc.kerneltest.make_thing", queue="kerneltest", request_type=MakeThing)
    async def make_thing(request: MakeThing) -> ThingMade:
        seen["rpc"] = current_trace_id()
        event = ThingHappened(tenant_id="t_e", thing_id=request.thing_id)
        await db.things.insert_one({"_id": request.thing_id, **outbox_fields([event])})
        relay.wake()
        return ThingMade(thing_id=request.thing_id)

    async def on_thing(_: bytes, __: Mapping[str, str]) -> None:
        seen["consumer"] = current_trace_id()

    durable_consumer(
        service,
        durable="kerneltest_tracer",
        filter_subject="evt.kerneltest.>",
        handler=on_thing,
        policy=RetryPolicy(max_deliver=2),
    )
    await connect_broker(service, settings)
    await service.start()

    gateway_broker = make_broker(
        settings, service="gateway", tracer_provider=telemetry.tracer_provider
    )
    await connect_broker(gateway_broker, settings)
    rpc = RpcClient(gateway_broker, timeout_s=3)

    @post("/kerneltest/things", status_code=201)
    async def create_thing() -> ThingMade:
        return await rpc.call("rpc.kerneltest.make_thing", MakeThing(thing_id="t1"), ThingMade)

    app = create_app(
        GatewayDeps(NatsHealthProbe(gateway_broker, rpc), 1.0, dict),
        max_request_bytes=1024,
        tracer_provider=telemetry.tracer_provider,
        route_handlers=[create_thing],
    )
    try:
        # ASGITransport runs the app in this event loop, where the brokers live.
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            response = await client.post("/kerneltest/things")
        assert response.status_code == 201
        await relay.relay_once()
        await eventually(lambda: _copy(seen), lambda s: "consumer" in s)
    finally:
        await service.stop()
        await gateway_broker.stop()

    server_spans = [s for s in spans.get_finished_spans() if s.kind == SpanKind.SERVER]
    assert server_spans, "the gateway produced no server span"
    gateway_trace = server_spans[0].context.trace_id
    assert seen == {"rpc": gateway_trace, "consumer": gateway_trace}


async def _copy(values: dict[str, int]) -> dict[str, int]:
    return dict(values)
