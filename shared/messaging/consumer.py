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
from faststream import AckPolicy
from faststream.nats import ConsumerConfig, JStream, NatsBroker, NatsMessage, PullSub
from nats.js.api import DeliverPolicy

from shared.messaging.streams import DEAD_STREAM, EVENTS_STREAM

log = logging.getLogger("gamontj.consumer")

EventHandler = Callable[[bytes, Mapping[str, str]], Awaitable[None]]
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
        deliveries = msg.raw_message.metadata.num_delivered
        try:
            await handler(msg.body, msg.headers)
        except PoisonMessage as exc:
            await _dead_letter(broker, msg, durable, f"poison: {exc}")
        except Exception as exc:
            if deliveries >= policy.max_deliver:
                await _dead_letter(broker, msg, durable, f"{type(exc).__name__}: {exc}")
                return
            log.warning(
                "consumer %s failed (attempt %d of %d), will retry",
                durable,
                deliveries,
                policy.max_deliver,
                exc_info=True,
            )
            await msg.nack(delay=policy.delay(deliveries))
        else:
            await msg.ack()

    on_message.__name__ = f"consume_{durable}"
    broker.subscriber(
        filter_subject,
        stream=JStream(stream, declare=False),
        durable=durable,
        pull_sub=PullSub(batch_size=batch_size, timeout=1.0),
        config=ConsumerConfig(
            max_deliver=policy.max_deliver + _SPARE_DELIVERIES,
            ack_wait=policy.ack_wait_s,
            deliver_policy=DeliverPolicy.ALL,
        ),
        ack_policy=AckPolicy.MANUAL,
        title=durable,
    )(on_message)


async def _dead_letter(broker: NatsBroker, msg: NatsMessage, durable: str, reason: str) -> None:
    meta = msg.raw_message.metadata
    letter = DeadLetter(
        consumer=durable,
        subject=msg.raw_message.subject,
        stream_sequence=meta.sequence.stream,
        deliveries=meta.num_delivered,
        reason=reason[:2000],
        data=msg.body.decode(errors="replace"),
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
    await msg.ack()
