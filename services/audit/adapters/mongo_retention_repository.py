"""RetentionRepository on MongoDB: one settings document per workspace, change event included."""

from __future__ import annotations

from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase

from services.audit.domain.retention import RetentionSettings
from shared.contracts.envelope import Event
from shared.messaging.outbox import outbox_update

COLLECTION = "retention"


class MongoRetentionRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._settings = db[COLLECTION]

    async def get(self, *, tenant_id: str) -> RetentionSettings | None:
        doc = await self._settings.find_one({"_id": tenant_id, "tenant_id": tenant_id})
        return None if doc is None else _settings(doc)

    async def put(
        self, *, tenant_id: str, settings: RetentionSettings, events: list[Event]
    ) -> None:
        fields = msgspec.to_builtins(settings) | {"tenant_id": tenant_id}
        await self._settings.update_one(
            {"_id": tenant_id}, outbox_update(events, {"$set": fields}), upsert=True
        )

    async def customised(self) -> dict[str, RetentionSettings]:
        return {doc["tenant_id"]: _settings(doc) async for doc in self._settings.find({})}


def _settings(doc: dict[str, Any]) -> RetentionSettings:
    known = {k: v for k, v in doc.items() if k in RetentionSettings.__struct_fields__}
    return msgspec.convert(known, RetentionSettings)
