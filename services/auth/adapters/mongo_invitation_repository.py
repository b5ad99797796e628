"""InvitationRepository on MongoDB: found by token digest; accepted by a conditional write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.auth.adapters.mongo_outbox import outbox_index
from services.auth.domain.invitation import Invitation
from shared.contracts.envelope import Event
from shared.messaging.outbox import outbox_fields
from shared.store.indexes import IndexSpec

COLLECTION = "invitations"
INDEXES = [
    IndexSpec(COLLECTION, (("tenant_id", 1), ("idem", 1)), unique=True),
    # The token is presented by someone outside the workspace: looked up before any tenant.
    IndexSpec(COLLECTION, (("token_hash", 1),), unique=True, tenant_scoped=False),
    outbox_index(COLLECTION),
]
_FIELDS = tuple(f for f in Invitation.__struct_fields__ if f != "id")


class MongoInvitationRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._invitations = db[COLLECTION]

    async def add(
        self, invitation: Invitation, *, idempotency: str, events: Sequence[Event]
    ) -> bool:
        doc = {"_id": invitation.id, **msgspec.to_builtins(invitation), "idem": idempotency}
        doc.pop("id")
        try:
            await self._invitations.insert_one({**doc, **outbox_fields(events)})
        except DuplicateKeyError:
            return False
        return True

    async def by_idempotency(self, *, tenant_id: str, idempotency: str) -> Invitation | None:
        return _invitation(
            await self._invitations.find_one({"tenant_id": tenant_id, "idem": idempotency})
        )

    async def by_token_hash(self, *, token_hash: str) -> Invitation | None:
        return _invitation(await self._invitations.find_one({"token_hash": token_hash}))

    async def mark_accepted(
        self, *, tenant_id: str, invitation_id: str, user_id: str, now_ms: int
    ) -> bool:
        result = await self._invitations.update_one(
            {"_id": invitation_id, "tenant_id": tenant_id, "accepted_by": ""},
            {"$set": {"accepted_by": user_id, "accepted_at_ms": now_ms}},
        )
        return result.modified_count == 1


def _invitation(doc: Mapping[str, Any] | None) -> Invitation | None:
    if doc is None:
        return None
    return msgspec.convert({"id": doc["_id"], **{f: doc[f] for f in _FIELDS}}, Invitation)
