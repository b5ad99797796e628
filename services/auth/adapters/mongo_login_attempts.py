"""LoginAttempts on MongoDB: one counter document per key, atomic `$inc` within a window."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.auth.adapters.mongo_outbox import outbox_index
from services.auth.domain.throttle import FailureCount
from shared.contracts.envelope import Event
from shared.messaging.outbox import outbox_fields, outbox_update
from shared.store.indexes import IndexSpec

COLLECTION = "login_attempts"
# Keys are digests of e-mails or client addresses, not tenant data.
INDEXES = [
    IndexSpec(COLLECTION, (("window_start_ms", 1),), tenant_scoped=False),
    outbox_index(COLLECTION),
]


class MongoLoginAttempts:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._counters = db[COLLECTION]

    async def current(self, *, key: str, now_ms: int, window_s: int) -> FailureCount:
        doc = await self._counters.find_one({"_id": key})
        return _count(doc, now_ms=now_ms, window_s=window_s)

    async def record_failure(
        self, *, key: str, now_ms: int, window_s: int, events: Sequence[Event]
    ) -> FailureCount:
        # Three single-document steps, no upsert (the local store's upsert is not a safe
        # create-if-absent under concurrency): count into a live window, else restart an
        # expired one, else create the counter; a lost race on creation counts again.
        live_since = now_ms - window_s * 1000
        for _ in range(5):
            counted = await self._counters.find_one_and_update(
                {"_id": key, "window_start_ms": {"$gt": live_since}},
                outbox_update(events, {"$inc": {"failures": 1}}),
                return_document=ReturnDocument.AFTER,
            )
            if counted is None:
                counted = await self._counters.find_one_and_update(
                    {"_id": key, "window_start_ms": {"$lte": live_since}},
                    outbox_update(events, {"$set": {"failures": 1, "window_start_ms": now_ms}}),
                    return_document=ReturnDocument.AFTER,
                )
            if counted is not None:
                return _count(counted, now_ms=now_ms, window_s=window_s)
            fresh = {"_id": key, "failures": 1, "window_start_ms": now_ms}
            try:
                await self._counters.insert_one({**fresh, **outbox_fields(events)})
            except DuplicateKeyError:
                continue
            return _count(fresh, now_ms=now_ms, window_s=window_s)
        return FailureCount()

    async def clear(self, *, key: str) -> None:
        # Reset, never delete: the document may still carry events the relay has not sent.
        await self._counters.update_one({"_id": key}, {"$set": {"failures": 0}})

    async def purge_stale(self, *, before_ms: int) -> int:
        result = await self._counters.delete_many(
            {"window_start_ms": {"$lt": before_ms}, "outbox_pending": {"$ne": True}}
        )
        return result.deleted_count


def _count(doc: Mapping[str, Any] | None, *, now_ms: int, window_s: int) -> FailureCount:
    if doc is None or int(doc.get("window_start_ms", 0)) <= now_ms - window_s * 1000:
        return FailureCount()
    return FailureCount(
        failures=int(doc.get("failures", 0)), window_start_ms=int(doc["window_start_ms"])
    )
