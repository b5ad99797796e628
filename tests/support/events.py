"""A throwaway event type and stream readers for kernel tests."""

from __future__ import annotations

from typing import ClassVar

from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.client import JetStreamContext

from shared.contracts.envelope import Event
from shared.messaging.streams import EVENTS_STREAM


class ThingHappened(Event, frozen=True, kw_only=True):
    """Emitted by the kernel tests only."""

    service: ClassVar[str] = "kerneltest"
    name: ClassVar[str] = "thing_happened"

    thing_id: str


async def read_all(js: JetStreamContext, subject: str, stream: str = EVENTS_STREAM) -> list[Msg]:
    """Every message currently stored on `subject`, read with an ephemeral consumer."""
    sub = await js.pull_subscribe(
        subject,
        stream=stream,
        config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL, ack_policy=AckPolicy.NONE),
    )
    messages: list[Msg] = []
    try:
        while True:
            try:
                batch = await sub.fetch(100, timeout=0.5)
            except TimeoutError:
                break
            messages.extend(batch)
    finally:
        await sub.unsubscribe()
    return messages
