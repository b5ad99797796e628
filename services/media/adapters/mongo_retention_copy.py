"""RetentionCopy on MongoDB: one document per workspace, changed only by a later change."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.media.domain.retention_window import RetentionWindow
from shared.store.indexes import IndexSpec

COLLECTION = "retention_copy"
INDEXES = [IndexSpec(COLLECTION, (("tenant_id", 1),), unique=True)]


class MongoRetentionCopy:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._docs = db[COLLECTION]

    async def apply(self, window: RetentionWindow) -> bool:
        fields = {
            "tenant_id": window.tenant_id,
            "after_publish_days": window.after_publish_days,
            "changed_ms": window.changed_ms,
        }
        current = await self._docs.find_one(
            {"_id": window.tenant_id, "tenant_id": window.tenant_id}
        )
        if current is None:
            # `_id` in the filter: the local store ignores it on $setOnInsert / replace upserts.
            await self._docs.update_one({"_id": window.tenant_id}, {"$set": fields}, upsert=True)
            return True
        result = await self._docs.update_one(
            {
                "_id": window.tenant_id,
                "tenant_id": window.tenant_id,
                "changed_ms": {"$lte": window.changed_ms},
            },
            {"$set": fields},
        )
        return result.matched_count == 1

    async def get(self, *, tenant_id: str) -> RetentionWindow:
        doc = await self._docs.find_one({"_id": tenant_id, "tenant_id": tenant_id})
        if doc is None:
            return RetentionWindow(tenant_id=tenant_id)
        return RetentionWindow(
            tenant_id=tenant_id,
            after_publish_days=int(doc["after_publish_days"]),
            changed_ms=int(doc.get("changed_ms") or 0),
        )
