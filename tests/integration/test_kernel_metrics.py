"""The kernel's metrics: RPC latency per subject, dead-lettered messages, consumer lag."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec
import pytest
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext
from opentelemetry.sdk.metrics.export import InMemoryMetricReader

from shared.contracts.rpc import HealthReply, HealthRequest, health_subject
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.consumer import RetryPolicy, durable_consumer
from shared.messaging.rpc import RpcClient
from shared.observability.metric_names import CONSUMER_PENDING, DEAD_LETTERED, RPC_DURATION
from shared.runtime import ServiceApp
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.support.events import ThingHappened, read_all
from tests.support.metrics import points
from tests.support.platform import start_service, start_service_app
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def test_rpc_latency_is_recorded_per_subject(
    settings: Settings,
    telemetry: Telemetry,
    js: JetStreamContext,
    metric_reader: InMemoryMetricReader,
) -> None:
    app: ServiceApp = await start_service("media", settings, telemetry)
    caller: NatsBroker = make_broker(settings, service="caller")
    await connect_broker(caller, settings)
    try:
        await RpcClient(caller, timeout_s=3).call(
            health_subject("media"), HealthRequest(), HealthReply
        )
    finally:
        await caller.stop()
        await app.stop()
    subjects = [
        p.attributes.get("messaging.destination.name")
        for p in points(metric_reader, RPC_DURATION.name)
    ]
    assert "rpc.media.health" in subjects


async def test_dead_letters_are_counted_and_consumer_lag_is_reported(
    settings: Settings,
    telemetry: Telemetry,
    js: JetStreamContext,
    metric_reader: InMemoryMetricReader,
) -> None:
    async def always_fails(_: bytes, __: Mapping[str, str]) -> None:
        raise RuntimeError("nope")

    def add_consumer(broker: NatsBroker) -> None:
        durable_consumer(
            broker,
            durable="kerneltest_metrics",
            filter_subject="evt.kerneltest.>",
            handler=always_fails,
            policy=RetryPolicy(max_deliver=1),
        )

    app = await start_service_app("publisher", settings, telemetry, before_start=add_consumer)
    try:
        event = ThingHappened(tenant_id="t_m", thing_id="x")
        await js.publish(event.subject, msgspec.json.encode(event), headers={"Nats-Msg-Id": "m1"})
        await eventually(lambda: read_all(js, "dead.>", stream="DEAD"), lambda m: len(m) == 1)
    finally:
        await app.stop()
    dead = points(metric_reader, DEAD_LETTERED.name)
    assert any(
        p.attributes
        == {
            "messaging.consumer.group.name": "kerneltest_metrics",
            "gamontj.event.type": "kerneltest.thing_happened",
        }
        and p.value >= 1
        for p in dead
    )
    lag = points(metric_reader, CONSUMER_PENDING.name)
    assert any(
        p.attributes.get("messaging.consumer.group.name") == "kerneltest_metrics" for p in lag
    )
