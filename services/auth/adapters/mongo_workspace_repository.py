"""WorkspaceRepository on MongoDB: the workspace document holds its members (one write each)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.auth.adapters.mongo_outbox import outbox_index
from services.auth.domain.workspace import Workspace
from shared.contracts.envelope import Event
from shared.messaging.outbox import outbox_fields, outbox_update
from shared.store.indexes import IndexSpec

COLLECTION = "workspaces"
# The workspace document is the tenant root (_id == tenant_id); `member_ids` answers "my
# workspaces" across tenants and `idem` is a per-user idempotency digest, hence not tenant-led.
INDEXES = [
    IndexSpec(COLLECTION, (("member_ids", 1),), tenant_scoped=False),
    IndexSpec(COLLECTION, (("idem", 1),), unique=True, tenant_scoped=False),
    outbox_index(COLLECTION),
]


class MongoWorkspaceRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._workspaces = db[COLLECTION]

    async def add(self, workspace: Workspace, *, idempotency: str, events: Sequence[Event]) -> bool:
        doc = {"_id": workspace.id, "tenant_id": workspace.id, **_fields(workspace)}
        try:
            await self._workspaces.insert_one({**doc, "idem": idempotency, **outbox_fields(events)})
        except DuplicateKeyError:
            return False
        return True

    async def by_idempotency(self, *, idempotency: str) -> Workspace | None:
        return _workspace(await self._workspaces.find_one({"idem": idempotency}))

    async def get(self, *, tenant_id: str) -> Workspace | None:
        return _workspace(
            await self._workspaces.find_one({"_id": tenant_id, "tenant_id": tenant_id})
        )

    async def for_user(self, *, user_id: str) -> list[Workspace]:
        # `$in`, not equality: the local store misses array elements by equality when indexed.
        docs = await self._workspaces.find({"member_ids": {"$in": [user_id]}}).to_list()
        found = [
            ws for doc in docs if (ws := _workspace(doc)) is not None and user_id in ws.members
        ]
        return sorted(found, key=lambda ws: (ws.members[user_id].joined_at_ms, ws.id))

    async def save(
        self, workspace: Workspace, *, expected_version: int, events: Sequence[Event]
    ) -> bool:
        fields = _fields(workspace) | {"version": expected_version + 1}
        result = await self._workspaces.update_one(
            {"_id": workspace.id, "tenant_id": workspace.id, "version": expected_version},
            outbox_update(events, {"$set": fields}),
        )
        return result.modified_count == 1


def _fields(ws: Workspace) -> dict[str, Any]:
    # Members are a keyed sub-document written whole with $set (never $push of sub-documents).
    return {
        "name": ws.name,
        "created_by": ws.created_by,
        "created_at_ms": ws.created_at_ms,
        "version": ws.version,
        "members": msgspec.to_builtins(ws.members),
        "member_ids": sorted(ws.members),
    }


def _workspace(doc: Mapping[str, Any] | None) -> Workspace | None:
    if doc is None:
        return None
    keys = ("name", "created_by", "created_at_ms", "version", "members")
    return msgspec.convert({"id": doc["_id"], **{k: doc[k] for k in keys}}, Workspace)
