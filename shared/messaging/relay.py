"""The outbox relay: publishes pending events to JetStream, then removes them from documents."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import msgspec
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext
from opentelemetry import trace
from opentelemetry.trace import SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.broker import jetstream
from shared.messaging.outbox import OUTBOX_FIELD, PENDING_FIELD, REV_FIELD, OutboxEntry
from shared.messaging.relay_cleanup import clean_up
from shared.messaging.streams import EVENTS_STREAM
from shared.telemetry import WORKSPACE_ATTRIBUTE

log = logging.getLogger("gamontj.outbox")
_propagator = TraceContextTextMapPropagator()
_tracer = trace.get_tracer("gamontj.outbox")

Document = Mapping[str, Any]


class EventPublisher(Protocol):
    """Publishes one stored event; raises when the broker did not acknowledge it."""

    async def publish(self, entry: OutboxEntry) -> None: ...


class JetStreamEventPublisher:
    """Publishes with `Nats-Msg-Id` = event id so JetStream drops a re-publish after a crash.

    Straight through nats-py's JetStream client (faststream's publish path, with its
    middleware, cost a relay more CPU than the store writes it saves; docs/decisions/0068-...).
    The producer span is ours: a child of the span that stored the event, whose context
    the message carries in `traceparent`, as the faststream middleware did.
    """

    def __init__(self, broker: NatsBroker, *, timeout_s: float = 5.0) -> None:
        self._broker = broker
        self._timeout_s = timeout_s
        self._js: JetStreamContext | None = None

    async def publish(self, entry: OutboxEntry) -> None:
        # Continue the trace of the request that stored the event, not the relay's own.
        parent = _propagator.extract({"traceparent": entry.traceparent})
        with _tracer.start_as_current_span(
            f"{entry.subject} publish",
            context=parent if entry.traceparent else None,
            kind=SpanKind.PRODUCER,
            attributes={
                "messaging.system": "nats",
                "messaging.destination.name": entry.subject,
                "messaging.message.id": entry.id,
                WORKSPACE_ATTRIBUTE: entry.tenant_id,
            },
        ):
            headers = {"Nats-Msg-Id": entry.id}
            _propagator.inject(headers)
            await self._jetstream().publish(
                entry.subject,
                entry.data.encode(),
                timeout=self._timeout_s,
                stream=EVENTS_STREAM,
                headers=headers,
            )

    def _jetstream(self) -> JetStreamContext:
        if self._js is None:
            self._js = jetstream(self._broker)
        return self._js


class OutboxRelay:
    """Moves pending events from documents of the given collections to the broker.

    Every pass looks at all pending documents, unless `settled` is given: then a pass takes
    the documents this process `hint`ed (it wrote their events) plus the pending ones that
    match `settled()` (e.g. not written for a few seconds: left by a process that died).
    With several processes writing one collection, each then relays its own documents
    instead of all of them racing for every document (docs/decisions/0067-...).
    """

    def __init__(
        self,
        collections: Sequence[AsyncCollection[Any]],
        publisher: EventPublisher,
        *,
        poll_s: float = 0.25,
        batch: int = 200,
        settled: Callable[[], Mapping[str, Any]] | None = None,
    ) -> None:
        self._collections = collections
        self._publisher = publisher
        self._poll_s = poll_s
        self._batch = batch
        self._settled = settled
        self._hints: dict[str, set[Any]] = {c.name: set() for c in collections}
        self._wakeup = asyncio.Event()

    def wake(self) -> None:
        """Ask for a pass now (called after a local write so events leave without waiting)."""
        self._wakeup.set()

    def hint(self, collection: str, doc_id: Any) -> None:
        """This process just stored events in document `doc_id`: relay it in the next pass."""
        self._hints[collection].add(doc_id)

    async def relay_once(self) -> int:
        """One pass over every collection; returns how many events were published."""
        published = 0
        for collection in self._collections:
            published += await self._relay_collection(collection)
        return published

    async def _pending(self, collection: AsyncCollection[Any]) -> list[Document]:
        fields = {OUTBOX_FIELD: 1, REV_FIELD: 1}
        if self._settled is None:
            query: dict[str, Any] = {PENDING_FIELD: True}
            return await collection.find(query, fields).limit(self._batch).to_list()
        hinted = list(self._hints[collection.name])[: self._batch]
        self._hints[collection.name].difference_update(hinted)
        docs: list[Document] = []
        if hinted:
            query = {"_id": {"$in": hinted}, PENDING_FIELD: True}
            docs = await collection.find(query, fields).to_list()
        left = self._batch - len(docs)
        if left > 0:
            query = {PENDING_FIELD: True, **self._settled()}
            seen = {d["_id"] for d in docs}
            more = await collection.find(query, fields).limit(left).to_list()
            docs += [d for d in more if d["_id"] not in seen]
        return docs

    async def _relay_collection(self, collection: AsyncCollection[Any]) -> int:
        docs = await self._pending(collection)
        if not docs:
            return 0
        outcomes = await asyncio.gather(
            *(self._publish_document(d) for d in docs), return_exceptions=True
        )
        # The clean-up of every document whose events all left goes out as ONE bulk write
        # (two single updates per document before: in a busy pass, hundreds of commands).
        done = [
            (doc, outcome)
            for doc, outcome in zip(docs, outcomes, strict=True)
            if not isinstance(outcome, BaseException)
        ]  # a failed one stays pending: the next pass publishes it again (deduplicated)
        if done:
            await clean_up(collection, done)
        for doc, outcome in zip(docs, outcomes, strict=True):
            if isinstance(outcome, BaseException) and self._settled is not None:
                self._hints[collection.name].add(doc["_id"])  # ours still: try it next pass
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return sum(len(ids) for _, ids in done)

    async def _publish_document(self, doc: Document) -> list[str]:
        """Publish the document's pending events in order; their ids once all were acked."""
        raw: Mapping[str, Any] = doc.get(OUTBOX_FIELD) or {}
        entries = sorted(
            (msgspec.convert(value, OutboxEntry) for value in raw.values()), key=lambda e: e.id
        )
        for entry in entries:  # in order: events of one aggregate keep their sequence
            await self._publisher.publish(entry)
        return [e.id for e in entries]

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
