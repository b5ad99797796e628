"""ConnectionRepository on MongoDB: one document per connection, events in the same write."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import msgspec
from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.auth.adapters.mongo_connection_documents import (
    from_document,
    outcome_fields,
    to_fields,
)
from services.auth.domain.connection import Connection, ConnectionStatus, RefreshOutcome
from services.auth.ports.connection_repository import (
    ConnectionConflict,
    RefreshLease,
    SealedTokens,
)
from shared.contracts.envelope import Event
from shared.messaging.outbox import outbox_update
from shared.store.indexes import IndexSpec
from shared.store.values import epoch_ms

COLLECTION = "connections"
INDEXES = [
    IndexSpec(COLLECTION, (("tenant_id", 1), ("provider", 1), ("account_id", 1)), unique=True),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("status", 1))),
    # The refresh job looks across workspaces for tokens about to expire.
    IndexSpec(COLLECTION, (("status", 1), ("access_expires_ms", 1)), tenant_scoped=False),
]


class MongoConnectionRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._connections = db[COLLECTION]

    async def find_by_account(
        self, *, tenant_id: str, provider: str, account_id: str
    ) -> Connection | None:
        doc = await self._connections.find_one(
            {"tenant_id": tenant_id, "provider": provider, "account_id": account_id}
        )
        return None if doc is None else from_document(doc)

    async def upsert(
        self, connection: Connection, tokens: SealedTokens, *, events: list[Event]
    ) -> None:
        fields = to_fields(connection) | {
            "tokens": msgspec.to_builtins(tokens, builtin_types=(bytes,))
        }
        try:
            await self._connections.update_one(
                {"_id": connection.id, "tenant_id": connection.tenant_id},
                outbox_update(events, {"$set": fields}),
                upsert=True,
            )
        except DuplicateKeyError as exc:
            raise ConnectionConflict(connection.account_id) from exc

    async def get(self, *, tenant_id: str, connection_id: str) -> Connection | None:
        doc = await self._connections.find_one(
            {"_id": connection_id, "tenant_id": tenant_id, "deleted": {"$ne": True}}
        )
        return None if doc is None else from_document(doc)

    async def list_all(self, *, tenant_id: str) -> list[Connection]:
        live = {"tenant_id": tenant_id, "deleted": {"$ne": True}}
        docs = await self._connections.find(live).sort("connected_at_ms", 1).to_list()
        return [from_document(d) for d in docs]

    async def tokens(self, *, tenant_id: str, connection_id: str) -> SealedTokens | None:
        doc = await self._connections.find_one(
            {"_id": connection_id, "tenant_id": tenant_id, "deleted": {"$ne": True}}, {"tokens": 1}
        )
        if doc is None or not doc.get("tokens"):
            return None
        return msgspec.convert(doc["tokens"], SealedTokens)

    async def acquire_refresh_lease(
        self, *, tenant_id: str, connection_id: str, owner: str, now: datetime, ttl_s: float
    ) -> RefreshLease | None:
        doc = await self._connections.find_one_and_update(
            {
                "_id": connection_id,
                "tenant_id": tenant_id,
                "$or": [{"lease_until_ms": None}, {"lease_until_ms": {"$lt": epoch_ms(now)}}],
            },
            {
                "$set": {
                    "lease_owner": owner,
                    "lease_until_ms": epoch_ms(now + timedelta(seconds=ttl_s)),
                },
                "$inc": {"lease_fence": 1},
            },
            return_document=ReturnDocument.AFTER,
        )
        return None if doc is None else RefreshLease(owner=owner, fence=int(doc["lease_fence"]))

    async def store_refresh(
        self,
        *,
        tenant_id: str,
        connection_id: str,
        lease: RefreshLease,
        outcome: RefreshOutcome | None,
        tokens: SealedTokens | None,
        events: list[Event],
    ) -> bool:
        fields: dict[str, Any] = {"lease_until_ms": None, "lease_owner": None}
        if outcome is not None:
            fields |= outcome_fields(outcome)
        if tokens is not None:
            fields["tokens"] = msgspec.to_builtins(tokens, builtin_types=(bytes,))
        result = await self._connections.update_one(
            {
                "_id": connection_id,
                "tenant_id": tenant_id,
                "lease_owner": lease.owner,
                "lease_fence": lease.fence,
            },
            outbox_update(events, {"$set": fields}),
        )
        return result.matched_count == 1

    async def is_leased(self, *, tenant_id: str, connection_id: str, now: datetime) -> bool:
        doc = await self._connections.find_one(
            {"_id": connection_id, "tenant_id": tenant_id}, {"lease_until_ms": 1}
        )
        until = None if doc is None else doc.get("lease_until_ms")
        return until is not None and int(until) > epoch_ms(now)

    async def due_for_refresh(self, *, before: datetime, limit: int) -> list[Connection]:
        docs = (
            await self._connections.find(
                {
                    "status": ConnectionStatus.ACTIVE.value,
                    "deleted": {"$ne": True},
                    "access_expires_ms": {"$lte": epoch_ms(before)},
                }
            )
            .limit(limit)
            .to_list()
        )
        return [from_document(d) for d in docs]

    async def mark(
        self, *, tenant_id: str, connection_id: str, changes: dict[str, object], events: list[Event]
    ) -> bool:
        result = await self._connections.update_one(
            {"_id": connection_id, "tenant_id": tenant_id},
            outbox_update(events, {"$set": dict(changes)}),
        )
        return result.matched_count == 1

    async def delete(self, *, tenant_id: str, connection_id: str, events: list[Event]) -> bool:
        """Tokens go at once; the document stays as a tombstone until its events are relayed."""
        result = await self._connections.update_one(
            {"_id": connection_id, "tenant_id": tenant_id, "deleted": {"$ne": True}},
            outbox_update(events, {"$set": {"deleted": True, "tokens": None}}),
        )
        return result.matched_count == 1
