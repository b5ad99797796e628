"""The outbox relay: publishes pending events to JetStream, then removes them from documents."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import msgspec
from faststream.nats import NatsBroker
from opentelemetry import context as otel_context
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.outbox import OUTBOX_FIELD, PENDING_FIELD, REV_FIELD, OutboxEntry
from shared.messaging.streams import EVENTS_STREAM

log = logging.getLogger("gamontj.outbox")
_propagator = TraceContextTextMapPropagator()

Document = Mapping[str, Any]


class EventPublisher(Protocol):
    """Publishes one stored event; raises when the broker did not acknowledge it."""

    async def publish(self, entry: OutboxEntry) -> None: ...


class JetStreamEventPublisher:
    """Publishes with `Nats-Msg-Id` = event id so JetStream drops a re-publish after a crash."""

    def __init__(self, broker: NatsBroker, *, timeout_s: float = 5.0) -> None:
        self._broker = broker
        self._timeout_s = timeout_s

    async def publish(self, entry: OutboxEntry) -> None:
        # Continue the trace of the request that stored the event, not the relay's own.
        parent = _propagator.extract({"traceparent": entry.traceparent})
        token = otel_context.attach(parent) if entry.traceparent else None
        try:
            await self._broker.publish(
                entry.data.encode(),
                entry.subject,
                headers={"Nats-Msg-Id": entry.id},
                stream=EVENTS_STREAM,
                timeout=self._timeout_s,
            )
        finally:
            if token is not None:
                otel_context.detach(token)


class OutboxRelay:
    """Moves pending events from documents of the given collections to the broker."""

    def __init__(
        self,
        collections: Sequence[AsyncCollection[Any]],
        publisher: EventPublisher,
        *,
        poll_s: float = 0.25,
        batch: int = 200,
    ) -> None:
        self._collections = collections
        self._publisher = publisher
        self._poll_s = poll_s
        self._batch = batch
        self._wakeup = asyncio.Event()

    def wake(self) -> None:
        """Ask for a pass now (called after a local write so events leave without waiting)."""
        self._wakeup.set()

    async def relay_once(self) -> int:
        """One pass over every collection; returns how many events were published."""
        published = 0
        for collection in self._collections:
            docs = (
                await collection.find({PENDING_FIELD: True}, {OUTBOX_FIELD: 1, REV_FIELD: 1})
                .limit(self._batch)
                .to_list()
            )
            counts = await asyncio.gather(*(self._relay_document(collection, d) for d in docs))
            published += sum(counts)
        return published

    async def _relay_document(self, collection: AsyncCollection[Any], doc: Document) -> int:
        raw: Mapping[str, Any] = doc.get(OUTBOX_FIELD) or {}
        entries = sorted(
            (msgspec.convert(value, OutboxEntry) for value in raw.values()), key=lambda e: e.id
        )
        for entry in entries:  # in order: events of one aggregate keep their sequence
            await self._publisher.publish(entry)
        if entries:
            await collection.update_one(
                {"_id": doc["_id"]}, {"$unset": {f"{OUTBOX_FIELD}.{e.id}": "" for e in entries}}
            )
        # Cleared only if no writer added an event since we read the document.
        await collection.update_one(
            {"_id": doc["_id"], REV_FIELD: doc.get(REV_FIELD)}, {"$set": {PENDING_FIELD: False}}
        )
        return len(entries)

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until `stop` is set; failures are logged and retried with a growing pause."""
        pause = self._poll_s
        while not stop.is_set():
            try:
                moved = await self.relay_once()
                pause = self._poll_s
            except Exception:
                log.exception("outbox relay pass failed; retrying")
                moved, pause = 0, min(pause * 2, 10.0)
            if moved:
                continue
            self._wakeup.clear()
            await _wait_any(self._wakeup, stop, pause_s=pause)
        await self._final_pass()

    async def _final_pass(self) -> None:
        # On shutdown, hand over what is already stored; anything left waits for the next start.
        try:
            await self.relay_once()
        except Exception:
            log.warning("final outbox pass failed; pending events stay stored", exc_info=True)


async def _wait_any(first: asyncio.Event, second: asyncio.Event, *, pause_s: float) -> None:
    waiters = [asyncio.create_task(first.wait()), asyncio.create_task(second.wait())]
    try:
        await asyncio.wait(waiters, timeout=pause_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
