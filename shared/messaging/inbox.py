"""Inbox for idempotent consumption: one record per (tenant, consumer, event) handled.

A delivery first claims the event (a unique insert), runs the effect, then marks it done. A
concurrent duplicate finds the claim and is retried later (`InboxBusy`); a claim left by a
crashed process is taken over once it is older than the lease.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.store.indexes import IndexSpec

INBOX_COLLECTION = "inbox"
DONE = "done"
PROCESSING = "processing"


def inbox_indexes(retention_s: int) -> list[IndexSpec]:
    # Records only need to outlive redeliveries; the events stream's max_age bounds those.
    return [
        IndexSpec(
            INBOX_COLLECTION, (("tenant_id", 1), ("consumer", 1), ("event_id", 1)), unique=True
        ),
        IndexSpec(INBOX_COLLECTION, (("handled_at", 1),), ttl_s=retention_s),
    ]


class InboxBusy(Exception):
    """Another delivery of the same event is being handled right now: try again later."""


class MongoInbox:
    """Remembers which events a consumer has already applied."""

    def __init__(self, db: AsyncDatabase[Any], *, lease_s: float = 60.0) -> None:
        self._records = db[INBOX_COLLECTION]
        self._lease_ms = int(lease_s * 1000)

    async def seen(self, *, tenant_id: str, consumer: str, event_id: str) -> bool:
        key = {"tenant_id": tenant_id, "consumer": consumer, "event_id": event_id}
        found = await self._records.find_one(key, {"state": 1})
        return found is not None and found.get("state") == DONE

    async def handle_once(
        self,
        *,
        tenant_id: str,
        consumer: str,
        event_id: str,
        effect: Callable[[], Awaitable[None]],
    ) -> bool:
        """Apply `effect` unless this event was already handled; True when it ran."""
        key = {"tenant_id": tenant_id, "consumer": consumer, "event_id": event_id}
        if not await self._claim(key):
            return False
        await effect()
        await self._records.update_one(key, {"$set": {"state": DONE}})
        return True

    async def _claim(self, key: dict[str, str]) -> bool:
        now_ms = int(time.time() * 1000)
        record = key | {"state": PROCESSING, "claimed_ms": now_ms, "handled_at": datetime.now(UTC)}
        try:
            await self._records.insert_one(record)
        except DuplicateKeyError:
            return await self._take_over_or_skip(key, now_ms)
        return True

    async def _take_over_or_skip(self, key: dict[str, str], now_ms: int) -> bool:
        found = await self._records.find_one(key)
        if found is None or found.get("state") == DONE:
            return False
        claimed_ms = int(found.get("claimed_ms") or 0)
        if now_ms - claimed_ms < self._lease_ms:
            raise InboxBusy(key["event_id"])
        # The claimant died mid-effect: take the claim over, once, atomically.
        taken = await self._records.update_one(
            key | {"state": PROCESSING, "claimed_ms": claimed_ms}, {"$set": {"claimed_ms": now_ms}}
        )
        if taken.modified_count != 1:
            raise InboxBusy(key["event_id"])
        return True
