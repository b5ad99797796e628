"""DataKeyRepository on MongoDB: one document per workspace, keyed by the workspace id."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

COLLECTION = "data_keys"


class MongoDataKeyRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._keys = db[COLLECTION]

    async def get(self, *, tenant_id: str) -> bytes | None:
        doc = await self._keys.find_one({"_id": tenant_id, "tenant_id": tenant_id})
        return None if doc is None else bytes(doc["wrapped"])

    async def add_if_absent(self, *, tenant_id: str, wrapped: bytes, key_id: str) -> bytes:
        doc = {
            "_id": tenant_id,
            "tenant_id": tenant_id,
            "wrapped": wrapped,
            "key_id": key_id,
            "created_at": datetime.now(UTC),
        }
        try:
            await self._keys.insert_one(doc)
        except DuplicateKeyError:
            stored = await self.get(tenant_id=tenant_id)
            if stored is None:  # destroyed between our insert and our read
                raise
            return stored
        return wrapped

    async def destroy(self, *, tenant_id: str) -> bool:
        result = await self._keys.delete_one({"_id": tenant_id, "tenant_id": tenant_id})
        return result.deleted_count == 1
