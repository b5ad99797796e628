"""SubjectRecords on MongoDB: every publisher collection that is keyed by workspace."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.adapters import (
    mongo_attempt_log,
    mongo_post_repository,
    mongo_retention_copy,
    mongo_target_queue,
    mongo_workspace_settings,
)
from services.publisher.ports.subject_records import Records
from shared.messaging.inbox import INBOX_COLLECTION
from shared.store.subject_data import erase_tenant, find_shown, pseudonymise_fields

POSTS = mongo_post_repository.COLLECTION
TARGETS = mongo_target_queue.COLLECTION
ATTEMPTS = mongo_attempt_log.COLLECTION
SETTINGS = mongo_workspace_settings.COLLECTION
RETENTION = mongo_retention_copy.COLLECTION
# Every collection the publisher writes with a workspace id; a workspace erasure empties all
# of them. Poll slots and the inbox are plumbing (rate gaps, handled events): never exported.
TENANT_COLLECTIONS = (
    POSTS,
    TARGETS,
    ATTEMPTS,
    mongo_target_queue.POLL_SLOTS,
    SETTINGS,
    RETENTION,
    INBOX_COLLECTION,
)
# What belongs to the workspace as a whole: exported only when the workspace is.
WORKSPACE_RECORDS = {"workspace_settings": SETTINGS, "retention": RETENTION}
PEOPLE_FIELDS = ("author", "reviewed_by")
_HIDDEN = {"idem_key", "idem_fp", "outbox", "outbox_pending", "outbox_rev", "lease_owner"}


class MongoSubjectRecords:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._db = db

    async def records(self, *, tenant_id: str, user_id: str | None) -> Records:
        scope: dict[str, Any] = {"tenant_id": tenant_id}
        posts = await self._find(POSTS, scope | ({"author": user_id} if user_id else {}))
        post_ids = [str(post["_id"]) for post in posts]
        of_posts = scope | {"post_id": {"$in": post_ids}}
        found = {
            "posts": posts,
            "targets": await self._find(TARGETS, of_posts),
            "attempts": await self._find(ATTEMPTS, of_posts),
        }
        if user_id is None:
            for name, collection in WORKSPACE_RECORDS.items():
                found[name] = await self._find(collection, scope)
        return found

    async def erase_workspace(self, *, tenant_id: str) -> dict[str, int]:
        return await erase_tenant(self._db, TENANT_COLLECTIONS, tenant_id=tenant_id)

    async def pseudonymise(self, *, tenant_id: str, user_id: str) -> dict[str, int]:
        return await pseudonymise_fields(
            self._db, POSTS, PEOPLE_FIELDS, tenant_id=tenant_id, user_id=user_id
        )

    async def _find(self, name: str, condition: dict[str, Any]) -> list[dict[str, Any]]:
        return await find_shown(self._db, name, condition, hidden=_HIDDEN)
