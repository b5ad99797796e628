"""Broker factory: one configured faststream NatsBroker per process, and a fail-fast connect."""

from __future__ import annotations

import asyncio
import logging

from fast_depends.msgspec import MsgSpecSerializer
from faststream.nats import NatsBroker
from faststream.nats.opentelemetry import NatsTelemetryMiddleware
from nats.aio.client import Client as NatsClient
from nats.js.client import JetStreamContext
from opentelemetry.metrics import MeterProvider
from opentelemetry.trace import TracerProvider

from shared.messaging.streams import ensure_streams
from shared.settings import Settings


class BrokerUnavailable(RuntimeError):
    """NATS could not be reached in time; the message says where we looked."""


def make_broker(
    settings: Settings,
    *,
    service: str,
    tracer_provider: TracerProvider | None = None,
    meter_provider: MeterProvider | None = None,
) -> NatsBroker:
    """A broker with msgspec serialisation and OpenTelemetry propagation over NATS headers."""
    return NatsBroker(
        settings.nats_url,
        name=f"gamontj-{service}",
        serializer=MsgSpecSerializer(),
        middlewares=[
            NatsTelemetryMiddleware(tracer_provider=tracer_provider, meter_provider=meter_provider)
        ],
        connect_timeout=settings.connect_timeout_s,
        # Once connected we keep reconnecting: a NATS restart must not kill the service.
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        graceful_timeout=settings.drain_timeout_s,
        logger=logging.getLogger(f"gamontj.{service}.broker"),
        log_level=logging.DEBUG,
    )


async def connect_broker(broker: NatsBroker, settings: Settings) -> JetStreamContext:
    """Connect within a deadline (faststream would otherwise hang) and declare the streams."""
    deadline = settings.connect_timeout_s * 2
    try:
        await asyncio.wait_for(broker.connect(), timeout=deadline)
    except (TimeoutError, OSError) as exc:
        raise BrokerUnavailable(
            f"cannot reach NATS at {settings.nats_url} within {deadline}s "
            "(is nats-server running? `make run` starts one; NATS_URL points elsewhere)"
        ) from exc
    js = jetstream(broker)
    await ensure_streams(js, settings)
    return js


def jetstream(broker: NatsBroker) -> JetStreamContext:
    client: NatsClient = broker.connection
    return client.jetstream()
