"""PublishMarks on MongoDB: `published_at_ms` on the media documents themselves."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.media.adapters.mongo_media_documents import LIVE, from_document
from services.media.adapters.mongo_media_repository import COLLECTION
from services.media.domain.media import Media
from shared.store.indexes import IndexSpec
from shared.store.values import epoch_ms

FIELD = "published_at_ms"
INDEXES = [IndexSpec(COLLECTION, (("tenant_id", 1), ("record", 1), (FIELD, 1)))]


class MongoPublishMarks:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._docs = db[COLLECTION]

    async def mark(self, *, tenant_id: str, media_ids: Sequence[str], at: datetime) -> int:
        at_ms = epoch_ms(at)
        live = {"_id": {"$in": list(media_ids)}, "tenant_id": tenant_id, "record": LIVE}
        # Two conditions, not `$max` or a null match: both behave the same on every store.
        first = await self._docs.update_many(
            live | {FIELD: {"$exists": False}}, {"$set": {FIELD: at_ms}}
        )
        later = await self._docs.update_many(
            live | {FIELD: {"$lt": at_ms}}, {"$set": {FIELD: at_ms}}
        )
        return first.modified_count + later.modified_count

    async def tenants(self) -> list[str]:
        groups = await self._docs.aggregate(
            [{"$match": {"record": LIVE, FIELD: {"$gt": 0}}}, {"$group": {"_id": "$tenant_id"}}]
        )
        return sorted([doc["_id"] async for doc in groups])

    async def published_before(
        self, *, tenant_id: str, before: datetime, limit: int
    ) -> list[Media]:
        query = {"tenant_id": tenant_id, "record": LIVE, FIELD: {"$gt": 0, "$lt": epoch_ms(before)}}
        return [from_document(d) for d in await self._docs.find(query).limit(limit).to_list()]
