"""(b) duplicates have one effect; (c) a handler that keeps failing ends in DEAD and the consumer
moves on. Both against the real nats-server and the real store."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from typing import Any

import msgspec
import pytest
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext
from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts.envelope import EnvelopeOnly
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.consumer import EventHandler, PoisonMessage, RetryPolicy, durable_consumer
from shared.messaging.inbox import MongoInbox, inbox_indexes
from shared.settings import Settings
from shared.store.indexes import ensure_indexes
from tests.support.events import ThingHappened, read_all
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

FAST_RETRIES = RetryPolicy(max_deliver=3, base_delay_s=0.02, max_delay_s=0.05, ack_wait_s=5.0)


async def start_consumer(settings: Settings, durable: str, handler: EventHandler) -> NatsBroker:
    broker = make_broker(settings, service="kerneltest")
    durable_consumer(
        broker,
        durable=durable,
        filter_subject="evt.kerneltest.>",
        handler=handler,
        policy=FAST_RETRIES,
    )
    await connect_broker(broker, settings)
    await broker.start()
    return broker


@pytest.fixture
async def brokers() -> AsyncIterator[list[NatsBroker]]:
    started: list[NatsBroker] = []
    yield started
    for broker in started:
        await broker.stop()


async def publish(js: JetStreamContext, event: ThingHappened, msg_id: str) -> None:
    await js.publish(event.subject, msgspec.json.encode(event), headers={"Nats-Msg-Id": msg_id})


async def test_the_same_event_delivered_twice_has_one_effect(
    settings: Settings, js: JetStreamContext, db: AsyncDatabase[Any], brokers: list[NatsBroker]
) -> None:
    await ensure_indexes(db, inbox_indexes(retention_s=3600))
    inbox = MongoInbox(db)
    handled: list[str] = []

    async def count_things(body: bytes, _: Mapping[str, str]) -> None:
        event = msgspec.json.decode(body, type=EnvelopeOnly)

        async def effect() -> None:
            await db.counters.update_one({"_id": "things"}, {"$inc": {"n": 1}}, upsert=True)

        await inbox.handle_once(
            tenant_id=event.tenant_id, consumer="counter", event_id=event.event_id, effect=effect
        )
        handled.append(event.event_id)

    brokers.append(await start_consumer(settings, "kerneltest_counter", count_things))
    event = ThingHappened(tenant_id="t_b", thing_id="x")
    # Two copies with different message ids get past JetStream's window, as a redelivery
    # after a consumer crash or a re-publish after the window would.
    await publish(js, event, "copy-1")
    await publish(js, event, "copy-2")

    await eventually(lambda: _value(handled), lambda h: len(h) == 2)
    counter = await db.counters.find_one({"_id": "things"})
    assert counter is not None and counter["n"] == 1


async def _value(items: list[str]) -> list[str]:
    return list(items)


async def test_a_handler_that_keeps_failing_ends_in_dead_and_the_consumer_moves_on(
    settings: Settings, js: JetStreamContext, brokers: list[NatsBroker]
) -> None:
    attempts: dict[str, int] = {}
    handled: list[str] = []

    async def fragile(body: bytes, _: Mapping[str, str]) -> None:
        event = msgspec.json.decode(body, type=ThingHappened)
        attempts[event.thing_id] = attempts.get(event.thing_id, 0) + 1
        if event.thing_id == "broken":
            raise RuntimeError("downstream refused thing 'broken'")
        handled.append(event.thing_id)

    brokers.append(await start_consumer(settings, "kerneltest_fragile", fragile))
    await publish(js, ThingHappened(tenant_id="t_c", thing_id="broken"), "m-broken")
    await publish(js, ThingHappened(tenant_id="t_c", thing_id="fine"), "m-fine")

    dead = await eventually(lambda: read_all(js, "dead.>", stream="DEAD"), lambda m: len(m) == 1)
    letter = json.loads(dead[0].data)
    assert letter["consumer"] == "kerneltest_fragile"
    assert letter["deliveries"] == FAST_RETRIES.max_deliver
    assert "downstream refused thing 'broken'" in letter["reason"]
    assert json.loads(letter["data"])["thing_id"] == "broken"
    assert attempts["broken"] == FAST_RETRIES.max_deliver
    await eventually(lambda: _value(handled), lambda h: h == ["fine"])


async def test_a_message_that_cannot_be_decoded_is_dead_lettered_at_once(
    settings: Settings, js: JetStreamContext, brokers: list[NatsBroker]
) -> None:
    calls: list[bytes] = []

    async def strict(body: bytes, _: Mapping[str, str]) -> None:
        calls.append(body)
        try:
            msgspec.json.decode(body, type=ThingHappened)
        except msgspec.DecodeError as exc:
            raise PoisonMessage(str(exc)) from exc

    brokers.append(await start_consumer(settings, "kerneltest_strict", strict))
    await js.publish(
        "evt.kerneltest.thing_happened.t_d", b"{not json", headers={"Nats-Msg-Id": "p"}
    )

    dead = await eventually(lambda: read_all(js, "dead.>", stream="DEAD"), lambda m: len(m) == 1)
    letter = json.loads(dead[0].data)
    assert letter["deliveries"] == 1 and letter["reason"].startswith("poison:")
    assert len(calls) == 1
