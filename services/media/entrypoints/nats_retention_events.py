"""JetStream consumers that keep media's retention current: settings changes and sends."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

from faststream.nats import NatsBroker

from services.media.app.retention_apply import (
    UnreadableEvent,
    apply_retention_change,
    decode,
    note_sent_media,
)
from services.media.ports.publish_marks import PublishMarks
from services.media.ports.retention_copy import RetentionCopy
from shared.contracts.audit import RetentionChanged
from shared.contracts.disclosures import DisclosedEnvelope
from shared.contracts.envelope import EnvelopeOnly
from shared.messaging.consumer import PoisonMessage, RetryPolicy, durable_consumer
from shared.messaging.inbox import MongoInbox

T = TypeVar("T")
RETENTION_CONSUMER = "media_retention"
SENDS_CONSUMER = "media_sends"


def register_retention_consumers(
    broker: NatsBroker,
    inbox: MongoInbox,
    copy: RetentionCopy,
    marks: PublishMarks,
    policy: RetryPolicy,
) -> None:
    """`audit.retention_changed` into media's copy; `publisher.data_disclosed` into marks."""

    async def on_retention(body: bytes, _: Mapping[str, str]) -> None:
        event = _read(body, RetentionChanged)
        await _once(inbox, RETENTION_CONSUMER, body, lambda: apply_retention_change(copy, event))

    async def on_send(body: bytes, _: Mapping[str, str]) -> None:
        event = _read(body, DisclosedEnvelope)
        await _once(inbox, SENDS_CONSUMER, body, lambda: note_sent_media(marks, event))

    durable_consumer(
        broker,
        durable=RETENTION_CONSUMER,
        filter_subject="evt.audit.retention_changed.*",
        handler=on_retention,
        policy=policy,
    )
    durable_consumer(
        broker,
        durable=SENDS_CONSUMER,
        filter_subject="evt.publisher.data_disclosed.*",
        handler=on_send,
        policy=policy,
    )


def _read(body: bytes, kind: type[T]) -> T:
    try:
        return decode(body, kind)
    except UnreadableEvent as exc:
        raise PoisonMessage(str(exc)) from exc


async def _once(
    inbox: MongoInbox, consumer: str, body: bytes, effect: Callable[[], Awaitable[object]]
) -> None:
    envelope = decode(body, EnvelopeOnly)

    async def run() -> None:
        await effect()

    await inbox.handle_once(
        tenant_id=envelope.tenant_id, consumer=consumer, event_id=envelope.event_id, effect=run
    )
