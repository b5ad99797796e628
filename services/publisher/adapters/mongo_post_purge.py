"""PostPurge on MongoDB: targets and attempts first, the post last, so a crash is resumed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.adapters import mongo_attempt_log, mongo_post_repository, mongo_target_queue
from services.publisher.domain.retention_window import NOT_DRAFT
from shared.messaging.outbox import PENDING_FIELD
from shared.store.values import epoch_ms

POSTS = mongo_post_repository.COLLECTION
TARGETS = mongo_target_queue.COLLECTION
ATTEMPTS = mongo_attempt_log.COLLECTION


class MongoPostPurge:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._db = db

    async def tenants(self) -> list[str]:
        groups = await self._db[POSTS].aggregate([{"$group": {"_id": "$tenant_id"}}])
        return sorted([doc["_id"] async for doc in groups])

    async def deleted_posts(self, *, tenant_id: str, limit: int) -> list[str]:
        cursor = self._db[POSTS].find({"tenant_id": tenant_id, "deleted": 1}, {"_id": 1})
        return [str(d["_id"]) for d in await cursor.limit(limit).to_list()]

    async def stale_drafts(
        self, *, tenant_id: str, updated_before: datetime, limit: int
    ) -> list[str]:
        query = {
            "tenant_id": tenant_id,
            "deleted": 0,
            "publishing_started": 0,
            "updated_ms": {"$lt": epoch_ms(updated_before)},
        }
        cursor = self._db[POSTS].find(query, {"_id": 1})
        return [str(d["_id"]) for d in await cursor.limit(limit).to_list()]

    async def erase(self, *, tenant_id: str, post_id: str, drafts_only: bool) -> bool:
        mine = {"tenant_id": tenant_id, "post_id": post_id}
        targets = await self._db[TARGETS].find(mine, {"state": 1, PENDING_FIELD: 1}).to_list()
        # Truthiness: some stores return stored booleans as 1/0.
        if any(t.get(PENDING_FIELD) for t in targets):
            return False  # its events are not published yet: the relay goes first
        if drafts_only and any(t.get("state") in NOT_DRAFT for t in targets):
            return False
        await self._db[TARGETS].delete_many(mine)
        await self._db[ATTEMPTS].delete_many(mine)
        result = await self._db[POSTS].delete_one({"_id": post_id, "tenant_id": tenant_id})
        return result.deleted_count == 1
