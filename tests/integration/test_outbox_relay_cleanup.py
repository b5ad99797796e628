"""The relay's clean-up after publishing (docs/decisions/0068-...): one bulk per pass, one
update per quiet document, and a document a writer touched meanwhile keeps only its new event."""

from __future__ import annotations

from typing import Any

import pytest
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext
from opentelemetry.sdk.trace import TracerProvider
from pymongo.asynchronous.database import AsyncDatabase

from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.outbox import (
    OUTBOX_FIELD,
    PENDING_FIELD,
    OutboxEntry,
    outbox_fields,
    outbox_update,
)
from shared.messaging.relay import EventPublisher, JetStreamEventPublisher, OutboxRelay
from shared.settings import Settings
from shared.telemetry import _sampler
from tests.support.events import ThingHappened, read_all

pytestmark = pytest.mark.integration


@pytest.fixture
async def broker(settings: Settings, js: JetStreamContext) -> Any:
    instance: NatsBroker = make_broker(settings, service="kerneltest")
    await connect_broker(instance, settings)
    yield instance
    await instance.stop()


async def test_quiet_documents_are_cleaned_by_one_bulk_and_a_touched_one_keeps_its_new_event(
    db: AsyncDatabase[Any],
    js: JetStreamContext,
    broker: NatsBroker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = {n: ThingHappened(tenant_id="t_c", thing_id=f"c{n}") for n in range(4)}
    await db.things.insert_many(
        [{"_id": f"c{n}", "tenant_id": "t_c", **outbox_fields([e])} for n, e in events.items()]
    )
    late = ThingHappened(tenant_id="t_c", thing_id="c0")

    class WriterRacesRelay:
        """While the relay publishes c0's event, a writer adds another one to c0."""

        def __init__(self, inner: EventPublisher) -> None:
            self._inner = inner

        async def publish(self, entry: OutboxEntry) -> None:
            await self._inner.publish(entry)
            if entry.id == events[0].event_id:
                await db.things.update_one({"_id": "c0"}, outbox_update([late]))

    things = db.things  # the very object the relay uses: its bulk writes are counted
    bulks: list[int] = []
    original = things.bulk_write

    async def counting(requests: Any, **options: Any) -> Any:
        bulks.append(len(requests))
        return await original(requests, **options)

    monkeypatch.setattr(things, "bulk_write", counting)
    relay = OutboxRelay([things], WriterRacesRelay(JetStreamEventPublisher(broker)))

    assert await relay.relay_once() == 4
    # One update per document; c0's did not match (its rev moved): one read finds it, and a
    # second bulk removes only its published entry.
    assert bulks == [4, 1]
    after = {d["_id"]: d for d in await db.things.find({}).to_list()}
    assert list(after["c0"][OUTBOX_FIELD]) == [late.event_id]
    assert after["c0"][PENDING_FIELD]
    for n in (1, 2, 3):
        assert not after[f"c{n}"].get(OUTBOX_FIELD) and not after[f"c{n}"][PENDING_FIELD]

    assert await relay.relay_once() == 1
    final = await db.things.find_one({"_id": "c0"})
    assert final is not None and not final.get(OUTBOX_FIELD) and not final[PENDING_FIELD]
    ids = {m.headers["Nats-Msg-Id"] for m in await read_all(js, late.subject) if m.headers}
    assert ids >= {e.event_id for e in events.values()} | {late.event_id}


async def test_with_settled_a_pass_takes_hinted_and_settled_documents_only(
    db: AsyncDatabase[Any], js: JetStreamContext, broker: NatsBroker
) -> None:
    events = {name: ThingHappened(tenant_id="t_h", thing_id=name) for name in ("h", "o", "f")}
    await db.hinted.insert_many(
        [
            # h: written by this process (hinted); o: old, its writer is gone (settled);
            # f: fresh and written by another process, which relays it itself.
            {"_id": "h", "tenant_id": "t_h", "age": 0, **outbox_fields([events["h"]])},
            {"_id": "o", "tenant_id": "t_h", "age": 9, **outbox_fields([events["o"]])},
            {"_id": "f", "tenant_id": "t_h", "age": 0, **outbox_fields([events["f"]])},
        ]
    )
    relay = OutboxRelay(
        [db.hinted], JetStreamEventPublisher(broker), settled=lambda: {"age": {"$gt": 5}}
    )
    relay.hint("hinted", "h")
    assert await relay.relay_once() == 2
    pending = {d["_id"] for d in await db.hinted.find({PENDING_FIELD: True}).to_list()}
    assert pending == {"f"}
    assert await relay.relay_once() == 0  # a hint is used once; f is still not ours
    published = {
        m.headers["Nats-Msg-Id"] for m in await read_all(js, events["h"].subject) if m.headers
    }
    assert {events["h"].event_id, events["o"].event_id} <= published
    assert events["f"].event_id not in published


def test_a_process_that_exports_nothing_records_no_span_but_keeps_trace_ids() -> None:
    tracer = TracerProvider(sampler=_sampler(exporting=False)).get_tracer("probe")
    with tracer.start_as_current_span("root") as root:
        assert not root.is_recording()
        assert root.get_span_context().is_valid  # log lines and attempts still get ids
        with tracer.start_as_current_span("child") as child:
            assert child.get_span_context().trace_id == root.get_span_context().trace_id
    recording = TracerProvider(sampler=_sampler(exporting=True)).get_tracer("probe")
    with recording.start_as_current_span("root") as span:
        assert span.is_recording()
