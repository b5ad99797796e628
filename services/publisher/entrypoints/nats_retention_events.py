"""JetStream consumer that keeps the publisher's drafts window current."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec
from faststream.nats import NatsBroker

from services.publisher.app.retention_apply import apply_retention_change
from services.publisher.ports.retention_copy import RetentionCopy
from shared.contracts.audit import RetentionChanged
from shared.messaging.consumer import PoisonMessage, RetryPolicy, durable_consumer
from shared.messaging.inbox import MongoInbox

RETENTION_CONSUMER = "publisher_retention"


def register_retention_consumer(
    broker: NatsBroker, inbox: MongoInbox, copy: RetentionCopy, policy: RetryPolicy
) -> None:
    """`audit.retention_changed` into the publisher's copy, once per event."""

    async def on_retention(body: bytes, _: Mapping[str, str]) -> None:
        try:
            event = msgspec.json.decode(body, type=RetentionChanged)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise PoisonMessage(str(exc)) from exc

        async def apply() -> None:
            await apply_retention_change(copy, event)

        await inbox.handle_once(
            tenant_id=event.tenant_id,
            consumer=RETENTION_CONSUMER,
            event_id=event.event_id,
            effect=apply,
        )

    durable_consumer(
        broker,
        durable=RETENTION_CONSUMER,
        filter_subject="evt.audit.retention_changed.*",
        handler=on_retention,
        policy=policy,
    )
