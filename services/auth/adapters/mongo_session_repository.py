"""SessionRepository on MongoDB: one document per refresh-token family."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase

from services.auth.adapters.mongo_outbox import outbox_index
from services.auth.domain.session import RefreshFamily
from shared.contracts.envelope import Event
from shared.messaging.outbox import outbox_fields
from shared.store.indexes import IndexSpec

COLLECTION = "sessions"
# Sessions belong to a user, not to a workspace (the workspace is only where the session is).
INDEXES = [
    IndexSpec(COLLECTION, (("user_id", 1),), tenant_scoped=False),
    IndexSpec(COLLECTION, (("expires_at_ms", 1),), tenant_scoped=False),
    outbox_index(COLLECTION),
]
# Rotated digests kept for reuse detection; older ones are dropped (then merely invalid).
KEEP_USED = 200
_FIELDS = ("user_id", "tenant_id", "current_hash", "used", "created_at_ms", "expires_at_ms")


class MongoSessionRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._sessions = db[COLLECTION]

    async def start(self, family: RefreshFamily, *, events: Sequence[Event]) -> None:
        doc = {"_id": family.id, **{f: getattr(family, f) for f in _FIELDS}}
        await self._sessions.insert_one({**doc, "revoked_at_ms": 0, **outbox_fields(events)})

    async def get(self, *, family_id: str) -> RefreshFamily | None:
        return _family(await self._sessions.find_one({"_id": family_id}))

    async def rotate(
        self,
        *,
        family_id: str,
        expected_hash: str,
        new_hash: str,
        tenant_id: str,
        now_ms: int,
        expires_at_ms: int,
    ) -> bool:
        family = await self.get(family_id=family_id)
        if family is None:
            return False
        used = dict(sorted(family.used.items(), key=lambda kv: kv[1])[-(KEEP_USED - 1) :])
        used[expected_hash] = now_ms
        # Compare-and-set on the current digest: exactly one of two concurrent rotations wins.
        result = await self._sessions.update_one(
            {"_id": family_id, "current_hash": expected_hash, "revoked_at_ms": 0},
            {
                "$set": {
                    "current_hash": new_hash,
                    "used": used,
                    "tenant_id": tenant_id,
                    "expires_at_ms": expires_at_ms,
                }
            },
        )
        return result.modified_count == 1

    async def revoke(self, *, family_id: str, now_ms: int, reason: str) -> bool:
        result = await self._sessions.update_one(
            {"_id": family_id, "revoked_at_ms": 0},
            {"$set": {"revoked_at_ms": now_ms, "revoked_reason": reason}},
        )
        return result.modified_count == 1

    async def purge_expired(self, *, before_ms: int) -> int:
        """Housekeeping: families past expiry whose events have left."""
        result = await self._sessions.delete_many(
            {"expires_at_ms": {"$lt": before_ms}, "outbox_pending": {"$ne": True}}
        )
        return result.deleted_count


def _family(doc: Mapping[str, Any] | None) -> RefreshFamily | None:
    if doc is None:
        return None
    values = {f: doc[f] for f in _FIELDS} | {"revoked_at_ms": doc.get("revoked_at_ms") or 0}
    return msgspec.convert({"id": doc["_id"], **values}, RefreshFamily)
