"""Inbox for idempotent consumption: one record per (tenant, consumer, event) handled."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.store.indexes import IndexSpec

INBOX_COLLECTION = "inbox"


def inbox_indexes(retention_s: int) -> list[IndexSpec]:
    # Records only need to outlive redeliveries; the events stream's max_age bounds those.
    return [
        IndexSpec(
            INBOX_COLLECTION, (("tenant_id", 1), ("consumer", 1), ("event_id", 1)), unique=True
        ),
        IndexSpec(INBOX_COLLECTION, (("handled_at", 1),), ttl_s=retention_s),
    ]


class MongoInbox:
    """Remembers which events a consumer has already applied."""

    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._records = db[INBOX_COLLECTION]

    async def seen(self, *, tenant_id: str, consumer: str, event_id: str) -> bool:
        key = {"tenant_id": tenant_id, "consumer": consumer, "event_id": event_id}
        return await self._records.find_one(key, {"_id": 1}) is not None

    async def record(self, *, tenant_id: str, consumer: str, event_id: str) -> bool:
        """Store the record; False when it already existed (a duplicate delivery)."""
        doc = {
            "tenant_id": tenant_id,
            "consumer": consumer,
            "event_id": event_id,
            "handled_at": datetime.now(UTC),
        }
        try:
            await self._records.insert_one(doc)
        except DuplicateKeyError:
            return False
        return True

    async def handle_once(
        self,
        *,
        tenant_id: str,
        consumer: str,
        event_id: str,
        effect: Callable[[], Awaitable[None]],
    ) -> bool:
        """Apply `effect` unless this event was already handled; True when it ran.

        Checked before and recorded after: a crash in between repeats the effect on
        redelivery, so effects must themselves be keyed by event id where that matters.
        """
        if await self.seen(tenant_id=tenant_id, consumer=consumer, event_id=event_id):
            return False
        await effect()
        await self.record(tenant_id=tenant_id, consumer=consumer, event_id=event_id)
        return True
