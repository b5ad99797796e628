"""JetStream consumers of the audit service: every event into the trail, dead letters into ops."""

from __future__ import annotations

from collections.abc import Mapping

from faststream.nats import NatsBroker

from services.audit.app.record_dead_letter import record_dead_letter
from services.audit.app.record_event import UnreadableEvent, record_event
from services.audit.app.record_events import record_events
from services.audit.ports.ops_log_repository import OpsLogRepository
from services.audit.ports.trail_repository import TrailRepository
from shared.messaging.consumer import (
    PoisonMessage,
    RetryPolicy,
    durable_batch_consumer,
    durable_consumer,
)
from shared.messaging.streams import DEAD_STREAM

TRAIL_CONSUMER = "audit_trail"
DEAD_LETTER_CONSUMER = "audit_dead_letters"


def register_consumers(
    broker: NatsBroker, trail: TrailRepository, ops: OpsLogRepository, policy: RetryPolicy
) -> None:
    """The trail consumes `evt.>`; the dead-letter consumer reads the DEAD stream."""

    async def on_event(body: bytes, _: Mapping[str, str]) -> None:
        try:
            await record_event(trail, ops, body)
        except UnreadableEvent as exc:
            raise PoisonMessage(str(exc)) from exc

    async def on_dead_letter(body: bytes, _: Mapping[str, str]) -> None:
        await record_dead_letter(ops, body)

    async def on_events(bodies: list[bytes]) -> None:
        await record_events(trail, ops, bodies)

    durable_batch_consumer(
        broker,
        durable=TRAIL_CONSUMER,
        filter_subject="evt.>",
        batch_handler=on_events,
        handler=on_event,
        policy=policy,
    )
    durable_consumer(
        broker,
        durable=DEAD_LETTER_CONSUMER,
        filter_subject="dead.>",
        handler=on_dead_letter,
        policy=policy,
        stream=DEAD_STREAM,
    )
