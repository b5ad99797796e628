"""OpsLogRepository on MongoDB: one document per failure, keyed by the event that reported it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase

from services.audit.domain.ops import OpsEntry
from shared.store.indexes import IndexSpec
from shared.store.values import epoch_ms, utc

COLLECTION = "ops_log"
INDEXES = [IndexSpec(COLLECTION, (("tenant_id", 1), ("occurred_at_ms", 1)))]


class MongoOpsLogRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._log = db[COLLECTION]

    async def record(self, entry: OpsEntry) -> None:
        fields = msgspec.to_builtins(entry, builtin_types=(type(entry.occurred_at),))
        fields["occurred_at_ms"] = epoch_ms(entry.occurred_at)
        await self._log.update_one(
            {"_id": f"{entry.tenant_id}:{entry.entry_id}", "tenant_id": entry.tenant_id},
            {"$set": fields},
            upsert=True,
        )

    async def recent(
        self, *, tenant_id: str, before_ms: int | None, limit: int, kind: str | None = None
    ) -> list[OpsEntry]:
        condition: dict[str, Any] = {"tenant_id": tenant_id}
        if before_ms is not None:
            condition["occurred_at_ms"] = {"$lt": before_ms}
        if kind is not None:
            condition["kind"] = kind
        docs = await self._log.find(condition).sort("occurred_at_ms", -1).limit(limit).to_list()
        return [_entry(d) for d in docs]


def _entry(doc: Mapping[str, Any]) -> OpsEntry:
    fields = {k: v for k, v in doc.items() if k in OpsEntry.__struct_fields__}
    fields["occurred_at"] = utc(doc["occurred_at"])
    return msgspec.convert(fields, OpsEntry)
