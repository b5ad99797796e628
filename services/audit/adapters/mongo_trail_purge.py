"""TrailPurge on MongoDB: anchor first, then delete, so a crash in between loses no proof."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.audit.adapters.mongo_ops_log_repository import COLLECTION as OPS
from services.audit.adapters.mongo_trail_repository import ANCHORS
from services.audit.adapters.mongo_trail_repository import COLLECTION as TRAIL
from shared.store.values import epoch_ms


class MongoTrailPurge:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._db = db

    async def tenants(self, *, excluding: list[str]) -> list[str]:
        found: set[str] = set()
        for collection in (TRAIL, OPS):
            groups = await self._db[collection].aggregate([{"$group": {"_id": "$tenant_id"}}])
            found |= {doc["_id"] async for doc in groups}
        return sorted(found - set(excluding))

    async def ops_before(self, *, tenant_id: str, before: datetime) -> int:
        result = await self._db[OPS].delete_many(
            {"tenant_id": tenant_id, "occurred_at_ms": {"$lt": epoch_ms(before)}}
        )
        return result.deleted_count

    async def trail_before(self, *, tenant_id: str, before: datetime) -> int:
        last = await self._db[TRAIL].find_one(
            {"tenant_id": tenant_id, "occurred_at_ms": {"$lt": epoch_ms(before)}},
            {"seq": 1, "hash": 1},
            sort=[("seq", -1)],
        )
        if last is None:
            return 0
        await self._db[ANCHORS].update_one(
            {"_id": tenant_id},
            {"$set": {"tenant_id": tenant_id, "seq": last["seq"], "hash": last["hash"]}},
            upsert=True,
        )
        result = await self._db[TRAIL].delete_many(
            {"tenant_id": tenant_id, "seq": {"$lte": last["seq"]}}
        )
        return result.deleted_count
