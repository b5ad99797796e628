"""WorkspaceSettingsRepository on MongoDB: one small document per workspace."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.media.domain.workspace_settings import WorkspaceMediaSettings
from shared.store.indexes import IndexSpec

COLLECTION = "workspace_settings"
INDEXES = [IndexSpec(COLLECTION, (("tenant_id", 1),), unique=True)]


class MongoWorkspaceSettingsRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._docs = db[COLLECTION]

    async def get(self, *, tenant_id: str) -> WorkspaceMediaSettings:
        doc = await self._docs.find_one({"_id": tenant_id, "tenant_id": tenant_id})
        if doc is None:
            return WorkspaceMediaSettings(tenant_id=tenant_id)
        return _from_document(doc)

    async def save(self, settings: WorkspaceMediaSettings) -> None:
        await self._docs.update_one(
            {"_id": settings.tenant_id, "tenant_id": settings.tenant_id},
            {
                "$set": {
                    "review_required": settings.review_required,
                    "retention_days": settings.retention_days,
                }
            },
            upsert=True,
        )

    async def with_retention(self) -> list[WorkspaceMediaSettings]:
        docs = await self._docs.find({"retention_days": {"$gt": 0}}).to_list()
        return [_from_document(d) for d in docs]


def _from_document(doc: dict[str, Any]) -> WorkspaceMediaSettings:
    days = doc.get("retention_days")
    return WorkspaceMediaSettings(
        tenant_id=doc["tenant_id"],
        # Truthiness: some stores return stored booleans as 1/0.
        review_required=bool(doc.get("review_required")),
        retention_days=None if days is None else int(days),
    )
