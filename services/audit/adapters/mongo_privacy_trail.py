"""PrivacyTrail on MongoDB: trail, anchors, ops log, ledger, retention and privacy collections."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase

from services.audit.adapters import (
    mongo_disclosure_ledger,
    mongo_ops_log_repository,
    mongo_privacy_request_repository,
    mongo_retention_repository,
    mongo_trail_repository,
)
from services.audit.adapters import mongo_privacy_request_repository as requests
from services.audit.adapters.mongo_trail_repository import MongoTrailRepository
from services.audit.domain.privacy_request import ERASED
from services.audit.domain.trail import TrailEntry
from shared.contracts.privacy import SubjectRef
from shared.store.values import plain

TRAIL = mongo_trail_repository.COLLECTION
ANCHORS = mongo_trail_repository.ANCHORS
OPS = mongo_ops_log_repository.COLLECTION
RETENTION = mongo_retention_repository.COLLECTION
REQUESTS = mongo_privacy_request_repository.COLLECTION
PARTS = mongo_privacy_request_repository.PARTS
DISCLOSURES = mongo_disclosure_ledger.COLLECTION


class MongoPrivacyTrail:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._db = db
        self._trail = MongoTrailRepository(db)

    async def entries(self, *, tenant_id: str) -> AsyncIterator[TrailEntry]:
        async for entry in self._trail.scan(tenant_id=tenant_id):
            yield entry

    async def ops_entries(self, *, tenant_id: str) -> list[dict[str, Any]]:
        docs = await self._db[OPS].find({"tenant_id": tenant_id}).to_list()
        return [shown for doc in docs if isinstance(shown := plain(doc), dict)]

    async def disclosures(self, *, tenant_id: str) -> list[dict[str, Any]]:
        cursor = self._db[DISCLOSURES].find({"tenant_id": tenant_id}).sort("position", 1)
        return [shown for doc in await cursor.to_list() if isinstance(shown := plain(doc), dict)]

    async def redact(self, entry: TrailEntry) -> bool:
        result = await self._db[TRAIL].update_one(
            {"tenant_id": entry.tenant_id, "seq": entry.seq, "hash": entry.hash},
            {
                "$set": {
                    "actor": entry.actor,
                    "subject": entry.subject,
                    "payload": entry.payload,
                    "redacted": True,
                    "digest_key": "",
                }
            },
        )
        return result.modified_count == 1

    async def drop_ops(self, *, tenant_id: str, entry_ids: list[str]) -> int:
        ids = [f"{tenant_id}:{entry_id}" for entry_id in entry_ids]
        result = await self._db[OPS].delete_many({"tenant_id": tenant_id, "_id": {"$in": ids}})
        return result.deleted_count

    async def forget_requester(
        self, *, tenant_id: str, user_id: str, keep_request: str
    ) -> dict[str, int]:
        earlier = {"tenant_id": tenant_id, "requester": user_id, "_id": {"$ne": keep_request}}
        named = 0
        ids: list[str] = []
        for doc in await self._db[REQUESTS].find(earlier).to_list():
            request = requests.decode(doc)
            if request is None:
                continue
            ids.append(request.id)
            anonymous = SubjectRef(kind=request.subject.kind, id="", workspace_id="")
            forgotten = msgspec.structs.replace(
                request, requester=ERASED, subject=anonymous, changes=None
            )
            changes = requests.fields(forgotten) | requests.forgotten_fields(forgotten)
            result = await self._db[REQUESTS].update_one(
                {"_id": request.id, "tenant_id": tenant_id}, {"$set": changes}
            )
            named += result.modified_count
        parts = await self._db[PARTS].delete_many(
            {"tenant_id": tenant_id, "request_id": {"$in": ids}}
        )
        return {"privacy_requests": named, "export_parts": parts.deleted_count}

    async def erase_workspace(self, *, tenant_id: str, keep_request: str) -> dict[str, int]:
        scope = {"tenant_id": tenant_id}
        counts = {
            name: (await self._db[name].delete_many(scope)).deleted_count
            for name in (TRAIL, ANCHORS, OPS, RETENTION, PARTS, DISCLOSURES)
        }
        others = await self._db[REQUESTS].delete_many({**scope, "_id": {"$ne": keep_request}})
        counts["privacy_requests"] = others.deleted_count
        return counts
