"""(a) An event stored through the outbox reaches JetStream once, whatever happens to the relay."""

from __future__ import annotations

from typing import Any

import pytest
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext
from pymongo.asynchronous.database import AsyncDatabase

from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.outbox import OutboxEntry, outbox_fields, outbox_update
from shared.messaging.relay import EventPublisher, JetStreamEventPublisher, OutboxRelay
from shared.settings import Settings
from tests.support.events import ThingHappened, read_all

pytestmark = pytest.mark.integration


class RelayKilled(BaseException):
    """Stands for the process dying: nothing after it in the relay runs."""


class DiesAfterPublishing:
    """Publishes for real, then the 'process' dies before the outbox entry is removed."""

    def __init__(self, inner: EventPublisher) -> None:
        self._inner = inner

    async def publish(self, entry: OutboxEntry) -> None:
        await self._inner.publish(entry)
        raise RelayKilled


@pytest.fixture
async def broker(settings: Settings, js: JetStreamContext) -> Any:
    instance: NatsBroker = make_broker(settings, service="kerneltest")
    await connect_broker(instance, settings)
    yield instance
    await instance.stop()


async def test_an_event_stored_before_the_relay_ran_is_published_once(
    db: AsyncDatabase[Any], js: JetStreamContext, broker: NatsBroker
) -> None:
    event = ThingHappened(tenant_id="t_a", thing_id="thing-1")
    # The write and its event are one document; the relay was down (killed) at that moment.
    await db.things.insert_one({"_id": "thing-1", "tenant_id": "t_a", **outbox_fields([event])})

    relay = OutboxRelay([db.things], JetStreamEventPublisher(broker))
    assert await relay.relay_once() == 1
    assert await relay.relay_once() == 0

    delivered = await read_all(js, event.subject)
    assert [m.headers["Nats-Msg-Id"] for m in delivered if m.headers] == [event.event_id]
    stored = await db.things.find_one({"_id": "thing-1"})
    assert stored is not None and not stored["outbox"] and not stored["outbox_pending"]


async def test_a_relay_killed_after_publishing_does_not_cause_a_second_delivery(
    db: AsyncDatabase[Any], js: JetStreamContext, broker: NatsBroker
) -> None:
    event = ThingHappened(tenant_id="t_a", thing_id="thing-2")
    await db.things.insert_one({"_id": "thing-2", "tenant_id": "t_a", **outbox_fields([event])})

    dying = OutboxRelay([db.things], DiesAfterPublishing(JetStreamEventPublisher(broker)))
    with pytest.raises(RelayKilled):
        await dying.relay_once()
    stored = await db.things.find_one({"_id": "thing-2"})
    assert stored is not None and event.event_id in stored["outbox"], "entry survives the crash"

    restarted = OutboxRelay([db.things], JetStreamEventPublisher(broker))
    await restarted.relay_once()

    delivered = await read_all(js, event.subject)
    assert len(delivered) == 1, "JetStream must drop the re-publish (same Nats-Msg-Id)"


async def test_an_event_added_while_the_relay_works_is_not_forgotten(
    db: AsyncDatabase[Any], js: JetStreamContext, broker: NatsBroker
) -> None:
    first = ThingHappened(tenant_id="t_a", thing_id="thing-3")
    second = ThingHappened(tenant_id="t_a", thing_id="thing-3")
    await db.things.insert_one({"_id": "thing-3", "tenant_id": "t_a", **outbox_fields([first])})

    class WriterRacesRelay:
        """While the relay publishes `first`, a writer adds `second` to the same document."""

        def __init__(self, inner: EventPublisher) -> None:
            self._inner = inner

        async def publish(self, entry: OutboxEntry) -> None:
            await self._inner.publish(entry)
            if entry.id == first.event_id:
                await db.things.update_one({"_id": "thing-3"}, outbox_update([second]))

    relay = OutboxRelay([db.things], WriterRacesRelay(JetStreamEventPublisher(broker)))
    await relay.relay_once()
    await relay.relay_once()

    ids = {m.headers["Nats-Msg-Id"] for m in await read_all(js, first.subject) if m.headers}
    assert ids == {first.event_id, second.event_id}
