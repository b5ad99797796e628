"""SubjectRecords on MongoDB: every media collection that is keyed by workspace."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.media.adapters import (
    mongo_media_repository,
    mongo_retention_copy,
    mongo_workspace_settings_repository,
)
from services.media.ports.subject_records import Records
from shared.messaging.inbox import INBOX_COLLECTION
from shared.store.values import plain

ERASED = "erased"
MEDIA = mongo_media_repository.COLLECTION  # publish marks (`published_at_ms`) live on these
SETTINGS = mongo_workspace_settings_repository.COLLECTION
RETENTION = mongo_retention_copy.COLLECTION
# Every collection media writes with a workspace id; a workspace erasure empties all of them.
# The inbox (which events were handled) is plumbing: erased, never exported, like the outbox.
TENANT_COLLECTIONS = (MEDIA, SETTINGS, RETENTION, INBOX_COLLECTION)
# What belongs to the workspace as a whole: exported only when the workspace is.
WORKSPACE_RECORDS = {"workspace_settings": SETTINGS, "retention": RETENTION}
PEOPLE_FIELDS = ("created_by", "reviewed_by")
_HIDDEN = {"upload_nonce", "idem_key", "idem_fingerprint", "outbox", "outbox_pending"}


class MongoSubjectRecords:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._db = db

    async def records(self, *, tenant_id: str, user_id: str | None) -> Records:
        condition: dict[str, Any] = {"tenant_id": tenant_id}
        if user_id is not None:
            return {"media": await self._find(MEDIA, condition | {"created_by": user_id})}
        found = {"media": await self._find(MEDIA, condition)}
        for name, collection in WORKSPACE_RECORDS.items():
            found[name] = await self._find(collection, condition)
        return found

    async def erase_workspace(self, *, tenant_id: str) -> dict[str, int]:
        return {
            name: (await self._db[name].delete_many({"tenant_id": tenant_id})).deleted_count
            for name in TENANT_COLLECTIONS
        }

    async def pseudonymise(self, *, tenant_id: str, user_id: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for field in PEOPLE_FIELDS:
            result = await self._db[MEDIA].update_many(
                {"tenant_id": tenant_id, field: user_id}, {"$set": {field: ERASED}}
            )
            counts[f"media.{field}"] = result.modified_count
        return counts

    async def _find(self, name: str, condition: dict[str, Any]) -> list[dict[str, Any]]:
        docs = await self._db[name].find(condition).to_list()
        return [_as_record(doc) for doc in docs]


def _as_record(doc: dict[str, Any]) -> dict[str, Any]:
    shown = plain({k: v for k, v in doc.items() if k not in _HIDDEN})
    return shown if isinstance(shown, dict) else {}
