"""ApiKeyRepository on MongoDB: keys found by digest; everything else scoped by tenant."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.auth.adapters.mongo_outbox import outbox_index
from services.auth.domain.api_key import ApiKey
from shared.contracts.envelope import Event
from shared.messaging.outbox import outbox_fields, outbox_update
from shared.store.indexes import IndexSpec

COLLECTION = "api_keys"
INDEXES = [
    IndexSpec(COLLECTION, (("tenant_id", 1), ("idem", 1)), unique=True),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("created_at_ms", 1))),
    # The digest is the credential: it is looked up before any tenant is known.
    IndexSpec(COLLECTION, (("key_hash", 1),), unique=True, tenant_scoped=False),
    outbox_index(COLLECTION),
]
_FIELDS = tuple(f for f in ApiKey.__struct_fields__ if f != "id")


class MongoApiKeyRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._keys = db[COLLECTION]

    async def add(self, key: ApiKey, *, idempotency: str, events: Sequence[Event]) -> bool:
        doc = {"_id": key.id, **msgspec.to_builtins(key), "idem": idempotency}
        doc.pop("id")
        try:
            await self._keys.insert_one({**doc, **outbox_fields(events)})
        except DuplicateKeyError:
            return False
        return True

    async def by_idempotency(self, *, tenant_id: str, idempotency: str) -> ApiKey | None:
        return _key(await self._keys.find_one({"tenant_id": tenant_id, "idem": idempotency}))

    async def by_hash(self, *, key_hash: str) -> ApiKey | None:
        return _key(await self._keys.find_one({"key_hash": key_hash}))

    async def get(self, *, tenant_id: str, api_key_id: str) -> ApiKey | None:
        return _key(await self._keys.find_one({"_id": api_key_id, "tenant_id": tenant_id}))

    async def list_active(self, *, tenant_id: str) -> list[ApiKey]:
        cursor = self._keys.find({"tenant_id": tenant_id, "revoked_at_ms": 0})
        docs = await cursor.sort("created_at_ms", 1).to_list()
        return [key for doc in docs if (key := _key(doc)) is not None]

    async def revoke(
        self, *, tenant_id: str, api_key_id: str, now_ms: int, events: Sequence[Event]
    ) -> bool:
        result = await self._keys.update_one(
            {"_id": api_key_id, "tenant_id": tenant_id, "revoked_at_ms": 0},
            outbox_update(events, {"$set": {"revoked_at_ms": now_ms}}),
        )
        return result.modified_count == 1

    async def touch(self, *, tenant_id: str, api_key_id: str, now_ms: int, every_ms: int) -> None:
        # Conditional: busy keys cost one write per interval, not one per request.
        await self._keys.update_one(
            {
                "_id": api_key_id,
                "tenant_id": tenant_id,
                "last_used_at_ms": {"$lte": now_ms - every_ms},
            },
            {"$set": {"last_used_at_ms": now_ms}},
        )


def _key(doc: Mapping[str, Any] | None) -> ApiKey | None:
    if doc is None:
        return None
    return msgspec.convert({"id": doc["_id"], **{f: doc[f] for f in _FIELDS}}, ApiKey)
