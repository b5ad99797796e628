"""DisclosureLedger on MongoDB: one document per disclosure event, ordered by `position`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase

from services.audit.domain.disclosure_entry import DisclosureEntry
from services.audit.ports.disclosure_ledger import DisclosureFilter
from shared.store.indexes import IndexSpec
from shared.store.values import epoch_ms, utc

COLLECTION = "disclosures"
INDEXES = [
    IndexSpec(COLLECTION, (("tenant_id", 1), ("position", 1)), unique=True),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("provider", 1), ("position", 1))),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("occurred_at_ms", 1))),
]


class MongoDisclosureLedger:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._entries = db[COLLECTION]

    async def record(self, entry: DisclosureEntry) -> None:
        fields = msgspec.to_builtins(entry, builtin_types=(datetime,))
        # Instants as epoch ms: the local store reads `$set` datetimes back as naive strings.
        fields["occurred_at"] = entry.occurred_at.isoformat()
        fields["occurred_at_ms"] = epoch_ms(entry.occurred_at)
        fields["position"] = entry.position
        await self._entries.update_one(
            {"_id": f"{entry.tenant_id}:{entry.entry_id}", "tenant_id": entry.tenant_id},
            {"$set": fields},
            upsert=True,
        )

    async def page(
        self, *, tenant_id: str, where: DisclosureFilter, before: str | None, limit: int
    ) -> list[DisclosureEntry]:
        condition: dict[str, Any] = {"tenant_id": tenant_id}
        if where.provider is not None:
            condition["provider"] = where.provider
        if before is not None:
            condition["position"] = {"$lt": before}
        span: dict[str, int] = {}
        if where.occurred_from is not None:
            span["$gte"] = epoch_ms(where.occurred_from)
        if where.occurred_to is not None:
            span["$lt"] = epoch_ms(where.occurred_to)
        if span:
            condition["occurred_at_ms"] = span
        docs = await self._entries.find(condition).sort("position", -1).limit(limit).to_list()
        return [_entry(d) for d in docs]

    async def tenants(self) -> list[str]:
        groups = await self._entries.aggregate([{"$group": {"_id": "$tenant_id"}}])
        return sorted([doc["_id"] async for doc in groups])

    async def purge_before(self, *, tenant_id: str, before: datetime) -> int:
        result = await self._entries.delete_many(
            {"tenant_id": tenant_id, "occurred_at_ms": {"$lt": epoch_ms(before)}}
        )
        return result.deleted_count


def _entry(doc: Mapping[str, Any]) -> DisclosureEntry:
    fields = {k: v for k, v in doc.items() if k in DisclosureEntry.__struct_fields__}
    fields["occurred_at"] = utc(doc["occurred_at"])
    return msgspec.convert(fields, DisclosureEntry)
