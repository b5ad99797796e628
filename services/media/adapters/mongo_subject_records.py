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
from shared.store.subject_data import erase_tenant, find_shown, pseudonymise_fields

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
        return await erase_tenant(self._db, TENANT_COLLECTIONS, tenant_id=tenant_id)

    async def pseudonymise(self, *, tenant_id: str, user_id: str) -> dict[str, int]:
        return await pseudonymise_fields(
            self._db, MEDIA, PEOPLE_FIELDS, tenant_id=tenant_id, user_id=user_id
        )

    async def _find(self, name: str, condition: dict[str, Any]) -> list[dict[str, Any]]:
        return await find_shown(self._db, name, condition, hidden=_HIDDEN)
