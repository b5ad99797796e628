"""WorkspaceSettings on MongoDB: one document per workspace, defaults when absent."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.ports.workspace_settings import PublishingSettings

COLLECTION = "workspace_settings"


class MongoWorkspaceSettings:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._settings = db[COLLECTION]

    async def get(self, *, tenant_id: str) -> PublishingSettings:
        doc = await self._settings.find_one({"_id": tenant_id, "tenant_id": tenant_id})
        if doc is None:
            return PublishingSettings()
        return PublishingSettings(require_approval=bool(doc.get("require_approval", 0)))

    async def put(self, *, tenant_id: str, settings: PublishingSettings) -> None:
        await self._settings.update_one(
            {"_id": tenant_id, "tenant_id": tenant_id},
            {"$set": {"require_approval": int(settings.require_approval)}},
            upsert=True,
        )
