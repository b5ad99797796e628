"""Durable JetStream consumers that never drop a message silently.

Each failure is redelivered after a bounded, growing delay; after `max_deliver` attempts the
message goes to the DEAD stream with the reason and the consumer moves on. A message that
cannot even be decoded (`PoisonMessage`) is dead-lettered at once: retrying cannot help it.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime

import msgspec
from faststream import AckPolicy, Context
from faststream.nats import ConsumerConfig, JStream, NatsBroker, NatsMessage, PullSub
from faststream.nats.message import NatsBatchMessage
from nats.aio.msg import Msg
from nats.js.api import DeliverPolicy

from shared.messaging.consumer_traces import batch_trace, tenant_of_subject
from shared.messaging.streams import DEAD_STREAM, EVENTS_STREAM
from shared.metrics import counter
from shared.observability.metric_names import CONSUMER, DEAD_LETTERED, EVENT_TYPE
from shared.telemetry import tag_workspace

log = logging.getLogger("gamontj.consumer")

EventHandler = Callable[[bytes, Mapping[str, str]], Awaitable[None]]
BatchHandler = Callable[[list[bytes]], Awaitable[None]]
DEAD_SUBJECT_ROOT = "dead"
# Spare server-side deliveries so a failed DEAD publish is itself retried, never lost.
_SPARE_DELIVERIES = 2


class PoisonMessage(Exception):
    """The message can never be handled (malformed, unknown schema): dead-letter it now."""


class DeadLetter(msgspec.Struct, frozen=True, kw_only=True):
    """What the DEAD stream keeps about a message a consumer gave up on."""

    consumer: str
    subject: str
    stream_sequence: int
    deliveries: int
    reason: str
    data: str
    dead_at: datetime


class RetryPolicy(msgspec.Struct, frozen=True, kw_only=True):
    max_deliver: int = 5
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0
    ack_wait_s: float = 30.0

    def delay(self, deliveries: int) -> float:
        ceiling = min(self.max_delay_s, self.base_delay_s * 2.0 ** max(deliveries - 1, 0))
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not crypto


def dead_subject(consumer: str) -> str:
    return f"{DEAD_SUBJECT_ROOT}.{consumer}"


def durable_consumer(
    broker: NatsBroker,
    *,
    durable: str,
    filter_subject: str,
    handler: EventHandler,
    policy: RetryPolicy,
    batch_size: int = 50,
    stream: str = EVENTS_STREAM,
) -> None:
    """Register `handler(body, headers)` as durable pull consumer `durable` on `stream`."""

    async def on_message(msg: NatsMessage) -> None:
        tag_workspace(tenant_of_subject(msg.raw_message.subject))
        await _settle(broker, msg.raw_message, durable, handler, policy)

    on_message.__name__ = f"consume_{durable}"
    _REGISTERED.setdefault(id(broker), []).append((stream, durable))
    broker.subscriber(
        filter_subject,
        stream=JStream(stream, declare=False),
        durable=durable,
        pull_sub=PullSub(batch_size=batch_size, timeout=1.0),
        config=_consumer_config(policy),
        ack_policy=AckPolicy.MANUAL,
        title=durable,
    )(on_message)


def durable_batch_consumer(
    broker: NatsBroker,
    *,
    durable: str,
    filter_subject: str,
    batch_handler: BatchHandler,
    handler: EventHandler,
    policy: RetryPolicy,
    batch_size: int = 500,
    stream: str = EVENTS_STREAM,
) -> None:
    """Like `durable_consumer`, but whole fetched batches go to `batch_handler` at once.

    If the batch fails, each message is handled alone with `handler`, so one bad message
    is retried and dead-lettered on its own instead of holding the others back.
    """

    async def on_batch(batch: NatsBatchMessage = Context("message")) -> None:  # noqa: B008
        raws: list[Msg] = batch.raw_message
        with batch_trace(durable, raws) as traced:
            try:
                await batch_handler([raw.data for raw in raws])
            except Exception:
                log.warning("batch of %d failed in %s; handling one by one", len(raws), durable)
                for index, raw in enumerate(raws):
                    with traced.message(index):
                        await _settle(broker, raw, durable, handler, policy)
                return
            for raw in raws:
                await raw.ack()

    on_batch.__name__ = f"consume_batch_{durable}"
    _REGISTERED.setdefault(id(broker), []).append((stream, durable))
    broker.subscriber(
        filter_subject,
        stream=JStream(stream, declare=False),
        durable=durable,
        pull_sub=PullSub(batch_size=batch_size, timeout=0.2, batch=True),
        config=_consumer_config(policy),
        ack_policy=AckPolicy.MANUAL,
        title=durable,
    )(on_batch)


def _consumer_config(policy: RetryPolicy) -> ConsumerConfig:
    return ConsumerConfig(
        max_deliver=policy.max_deliver + _SPARE_DELIVERIES,
        ack_wait=policy.ack_wait_s,
        deliver_policy=DeliverPolicy.ALL,
    )


async def _settle(
    broker: NatsBroker, raw: Msg, durable: str, handler: EventHandler, policy: RetryPolicy
) -> None:
    """Run the handler for one message and ack, retry later, or dead-letter it."""
    deliveries = raw.metadata.num_delivered
    try:
        await handler(raw.data, raw.headers or {})
    except PoisonMessage as exc:
        await _dead_letter(broker, raw, durable, f"poison: {exc}")
    except Exception as exc:
        if deliveries >= policy.max_deliver:
            await _dead_letter(broker, raw, durable, f"{type(exc).__name__}: {exc}")
            return
        log.warning(
            "consumer %s failed (attempt %d of %d), will retry",
            durable,
            deliveries,
            policy.max_deliver,
            exc_info=True,
        )
        await raw.nak(delay=policy.delay(deliveries))
    else:
        await raw.ack()


async def _dead_letter(broker: NatsBroker, raw: Msg, durable: str, reason: str) -> None:
    meta = raw.metadata
    letter = DeadLetter(
        consumer=durable,
        subject=raw.subject,
        stream_sequence=meta.sequence.stream,
        deliveries=meta.num_delivered,
        reason=reason[:2000],
        data=raw.data.decode(errors="replace"),
        dead_at=datetime.now(UTC),
    )
    await broker.publish(
        msgspec.json.encode(letter),
        dead_subject(durable),
        headers={"Nats-Msg-Id": f"{durable}.{meta.sequence.stream}"},
        stream=DEAD_STREAM,
        timeout=5.0,
    )
    log.error("consumer %s dead-lettered stream seq %d: %s", durable, meta.sequence.stream, reason)
    counter(DEAD_LETTERED).add(1, {CONSUMER: durable, EVENT_TYPE: _event_type(raw.data)})
    await raw.ack()


def _event_type(data: bytes) -> str:
    try:
        return str(msgspec.json.decode(data, type=_TypeOnly).event_type)
    except msgspec.DecodeError:
        return "undecodable"


class _TypeOnly(msgspec.Struct):
    event_type: str = "unknown"


def registered_consumers(broker: NatsBroker) -> list[tuple[str, str]]:
    """(stream, durable) of every consumer registered on this broker, for lag reporting."""
    return list(_REGISTERED.get(id(broker), []))


_REGISTERED: dict[int, list[tuple[str, str]]] = {}
