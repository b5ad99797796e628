"""PrivacyRequestRepository on MongoDB: the saga document, leased and fenced, plus export parts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.audit.domain.privacy_request import ERASED, PrivacyRequest
from services.audit.ports.privacy_request_repository import IdempotentRequest
from shared.contracts.privacy import ServicePart
from shared.store.indexes import IndexSpec

COLLECTION = "privacy_requests"
PARTS = "privacy_parts"
INDEXES = [
    IndexSpec(COLLECTION, (("tenant_id", 1), ("idem_key", 1)), unique=True),
    # The saga worker looks across workspaces for requests whose lease has lapsed.
    IndexSpec(COLLECTION, (("status", 1), ("lease_until_ms", 1)), tenant_scoped=False),
    IndexSpec(PARTS, (("tenant_id", 1), ("request_id", 1))),
    # Export bundles leave on their own once their download period is over.
    IndexSpec(PARTS, (("expires_at", 1),), ttl_s=0),
]
_state = msgspec.json.Encoder()


class MongoPrivacyRequestRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._requests = db[COLLECTION]
        self._parts = db[PARTS]

    async def add(
        self, request: PrivacyRequest, *, idempotency: str, fingerprint: str
    ) -> PrivacyRequest | None:
        doc = {
            **fields(request),
            "idem_key": idempotency,
            "idem_fp": fingerprint,
            "lease_until_ms": 0,
            "lease_owner": "",
        }
        try:
            await self._requests.insert_one({"_id": request.id, **doc})
        except DuplicateKeyError:
            return None
        return request

    async def by_idempotency(self, *, tenant_id: str, idempotency: str) -> IdempotentRequest | None:
        doc = await self._requests.find_one({"tenant_id": tenant_id, "idem_key": idempotency})
        request = decode(doc)
        if doc is None or request is None:
            return None
        return request, str(doc.get("idem_fp") or "")

    async def get(self, *, tenant_id: str, request_id: str) -> PrivacyRequest | None:
        return decode(await self._requests.find_one({"_id": request_id, "tenant_id": tenant_id}))

    async def claim(self, *, owner: str, now_ms: int, lease_ms: int) -> PrivacyRequest | None:
        doc = await self._requests.find_one_and_update(
            {"status": "running", "lease_until_ms": {"$lt": now_ms}},
            {
                "$set": {"lease_owner": owner, "lease_until_ms": now_ms + lease_ms},
                "$inc": {"fence": 1},
            },
            return_document=ReturnDocument.AFTER,
        )
        return decode(doc)

    async def save(
        self, request: PrivacyRequest, *, lease_until_ms: int, old_tenant_id: str | None = None
    ) -> bool:
        result = await self._requests.update_one(
            {
                "_id": request.id,
                "tenant_id": old_tenant_id or request.tenant_id,
                "fence": request.fence,
            },
            {"$set": {**fields(request), **_forgotten(request), "lease_until_ms": lease_until_ms}},
        )
        return result.modified_count == 1

    async def add_part(self, *, tenant_id: str, request_id: str, part: ServicePart) -> None:
        # One document per service, written whole with $set (never $push of sub-documents).
        await self._parts.update_one(
            {"_id": f"{request_id}:{part.service}", "tenant_id": tenant_id},
            {
                "$set": {
                    "request_id": request_id,
                    "service": part.service,
                    "part": _state.encode(part).decode(),
                }
            },
            upsert=True,
        )

    async def parts(self, *, tenant_id: str, request_id: str) -> list[ServicePart]:
        docs = await self._parts.find({"tenant_id": tenant_id, "request_id": request_id}).to_list()
        return [msgspec.json.decode(doc["part"], type=ServicePart) for doc in docs]

    async def seal_parts(self, *, tenant_id: str, request_id: str, expires_ms: int) -> None:
        expires = datetime.fromtimestamp(expires_ms / 1000, tz=UTC)
        await self._parts.update_many(
            {"tenant_id": tenant_id, "request_id": request_id},
            {"$set": {"expires_at": expires, "expires_ms": expires_ms}},
        )


def _forgotten(request: PrivacyRequest) -> dict[str, Any]:
    if request.requester != ERASED:
        return {}
    return forgotten_fields(request) | {"lease_owner": ""}


def forgotten_fields(request: PrivacyRequest) -> dict[str, Any]:
    """A request whose requester was erased keeps no trace of them: the idempotency key
    embedded their id, and the fingerprint was of a body they sent."""
    return {"idem_key": request.id, "idem_fp": ""}


def fields(request: PrivacyRequest) -> dict[str, Any]:
    # The whole saga state as JSON text: steps, subject and changes keep their exact shape on
    # every store (no nested arrays of sub-documents, no booleans or instants to misread).
    return {
        "tenant_id": request.tenant_id,
        "requester": request.requester,
        "status": request.status.value,
        "fence": request.fence,
        "state": _state.encode(request).decode(),
    }


def decode(doc: dict[str, Any] | None) -> PrivacyRequest | None:
    if doc is None:
        return None
    request = msgspec.json.decode(doc["state"], type=PrivacyRequest)
    return msgspec.structs.replace(
        request, fence=int(doc.get("fence", 0)), tenant_id=doc["tenant_id"]
    )
