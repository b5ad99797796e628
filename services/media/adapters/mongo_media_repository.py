"""MediaRepository on MongoDB: one document per media item; events ride in the same write."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pymongo import DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.media.adapters.mongo_media_documents import (
    BLOB_PENDING,
    BLOB_REMOVED,
    LIVE,
    TOMBSTONE,
    from_document,
    to_document,
    to_fields,
)
from services.media.domain.idempotency import IdempotencyMark
from services.media.domain.media import Media, MediaSource, MediaStatus
from services.media.ports.media_repository import BlobToRemove, Claim, IdempotencyKeyTaken
from shared.contracts.envelope import Event
from shared.messaging.outbox import PENDING_FIELD, outbox_fields, outbox_update
from shared.store.indexes import IndexSpec
from shared.store.values import epoch_ms

COLLECTION = "media"
INDEXES = [
    IndexSpec(COLLECTION, (("tenant_id", 1), ("idem_key", 1)), unique=True),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("record", 1), ("seq", -1))),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("record", 1), ("status", 1), ("seq", -1))),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("record", 1), ("attached_at_ms", 1))),
    # Workers look across workspaces: claims, the unattached purge, tombstones.
    IndexSpec(COLLECTION, (("status", 1), ("lease_until_ms", 1)), tenant_scoped=False),
    IndexSpec(
        COLLECTION,
        (("record", 1), ("attached_at_ms", 1), ("created_at_ms", 1)),
        tenant_scoped=False,
    ),
    IndexSpec(COLLECTION, (("record", 1), ("blob", 1)), tenant_scoped=False),
]


class MongoMediaRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._docs = db[COLLECTION]

    async def add(
        self,
        media: Media,
        *,
        upload_nonce: str,
        idempotency: IdempotencyMark | None,
        events: Sequence[Event],
    ) -> None:
        document = to_document(media, upload_nonce=upload_nonce, idempotency=idempotency)
        try:
            await self._docs.insert_one(document | outbox_fields(events))
        except DuplicateKeyError as exc:
            raise IdempotencyKeyTaken(media.tenant_id) from exc

    async def find_idempotent(self, *, tenant_id: str, key: str) -> tuple[Media, str, bool] | None:
        doc = await self._docs.find_one({"tenant_id": tenant_id, "idem_key": key, "record": LIVE})
        if doc is None:
            return None
        media = from_document(doc)
        unused = media.status is MediaStatus.UPLOADING and bool(doc.get("upload_nonce"))
        return media, str(doc.get("idem_fingerprint") or ""), unused

    async def renew_upload_nonce(self, *, tenant_id: str, media_id: str, nonce: str) -> bool:
        query = {"_id": media_id, "tenant_id": tenant_id, "record": LIVE}
        doc = await self._docs.find_one(query, {"upload_nonce": 1, "status": 1})
        if doc is None or not doc.get("upload_nonce"):
            return False
        # Compare-and-set on the old nonce: an upload that starts meanwhile keeps its URL.
        result = await self._docs.update_one(
            query | {"upload_nonce": doc["upload_nonce"], "status": MediaStatus.UPLOADING.value},
            {"$set": {"upload_nonce": nonce}},
        )
        return result.matched_count == 1

    async def get(self, *, tenant_id: str, media_id: str) -> Media | None:
        doc = await self._docs.find_one({"_id": media_id, "tenant_id": tenant_id, "record": LIVE})
        return None if doc is None else from_document(doc)

    async def get_many(self, *, tenant_id: str, media_ids: Sequence[str]) -> list[Media]:
        query = {"_id": {"$in": list(media_ids)}, "tenant_id": tenant_id, "record": LIVE}
        return [from_document(d) for d in await self._docs.find(query).to_list()]

    async def list_page(
        self, *, tenant_id: str, before_id: str | None, limit: int, status: MediaStatus | None
    ) -> list[Media]:
        query: dict[str, Any] = {"tenant_id": tenant_id, "record": LIVE}
        if status is not None:
            query["status"] = status.value
        if before_id is not None:
            query["seq"] = {"$lt": before_id}
        docs = await self._docs.find(query).sort("seq", DESCENDING).limit(limit).to_list()
        return [from_document(d) for d in docs]

    async def save(self, media: Media, *, events: Sequence[Event]) -> Media | None:
        fields = to_fields(media) | {
            "version": media.version + 1,
            "lease_until_ms": None,
            "lease_attempts": 0,
        }
        result = await self._docs.update_one(
            {
                "_id": media.id,
                "tenant_id": media.tenant_id,
                "record": LIVE,
                "version": media.version,
            },
            outbox_update(list(events), {"$set": fields}),
        )
        if result.matched_count != 1:
            return None
        return await self.get(tenant_id=media.tenant_id, media_id=media.id)

    async def spend_upload_nonce(
        self, *, tenant_id: str, media_id: str, nonce: str
    ) -> Media | None:
        if not nonce:
            return None
        doc = await self._docs.find_one_and_update(
            {
                "_id": media_id,
                "tenant_id": tenant_id,
                "record": LIVE,
                "status": MediaStatus.UPLOADING.value,
                "upload_nonce": nonce,
            },
            {"$set": {"upload_nonce": None}, "$inc": {"version": 1}},
            return_document=ReturnDocument.AFTER,
        )
        return None if doc is None else from_document(doc)

    async def claim(
        self, *, status: MediaStatus, source: MediaSource | None, now: datetime, lease_s: float
    ) -> Claim | None:
        wanted: dict[str, Any] = {"status": status.value, "record": LIVE}
        if source is not None:
            wanted["source"] = source.value
        free = {"$or": [{"lease_until_ms": None}, {"lease_until_ms": {"$lt": epoch_ms(now)}}]}
        # `$and` of two parts and no sort: the local wire-protocol store ignores filter keys
        # written after an `$or` when find_one_and_update also sorts.
        doc = await self._docs.find_one_and_update(
            {"$and": [wanted, free]},
            {
                "$set": {"lease_until_ms": epoch_ms(now + timedelta(seconds=lease_s))},
                "$inc": {"lease_attempts": 1},
            },
            return_document=ReturnDocument.AFTER,
        )
        if doc is None:
            return None
        return Claim(media=from_document(doc), attempt=int(doc["lease_attempts"]))

    async def attach(self, *, tenant_id: str, media_ids: Sequence[str], at: datetime) -> list[str]:
        live = {"_id": {"$in": list(media_ids)}, "tenant_id": tenant_id, "record": LIVE}
        await self._docs.update_many(
            live | {"attached_at_ms": None}, {"$set": {"attached_at_ms": epoch_ms(at)}}
        )
        return [d["_id"] for d in await self._docs.find(live, {"_id": 1}).to_list()]

    async def delete(self, media: Media, *, events: Sequence[Event]) -> bool:
        # What described the file (name, origin, hash, probe) goes now; the tombstone keeps
        # only what is needed to remove the bytes and publish the event.
        result = await self._docs.update_one(
            {
                "_id": media.id,
                "tenant_id": media.tenant_id,
                "record": LIVE,
                "version": media.version,
            },
            outbox_update(
                list(events),
                {
                    "$set": {
                        "record": TOMBSTONE,
                        "blob": BLOB_PENDING,
                        "filename": "",
                        "source_url": "",
                        "sha256": "",
                        "probe": None,
                        "reason_detail": "",
                        "upload_nonce": None,
                    },
                    "$inc": {"version": 1},
                },
            ),
        )
        return result.matched_count == 1

    async def expired_unattached(self, *, created_before: datetime, limit: int) -> list[Media]:
        query = {
            "record": LIVE,
            "attached_at_ms": None,
            "created_at_ms": {"$lt": epoch_ms(created_before)},
        }
        return [from_document(d) for d in await self._docs.find(query).limit(limit).to_list()]

    async def expired_attached(
        self, *, tenant_id: str, attached_before: datetime, limit: int
    ) -> list[Media]:
        query = {
            "tenant_id": tenant_id,
            "record": LIVE,
            "attached_at_ms": {"$lt": epoch_ms(attached_before)},
        }
        return [from_document(d) for d in await self._docs.find(query).limit(limit).to_list()]

    async def blobs_to_remove(self, *, limit: int) -> list[BlobToRemove]:
        query = {"record": TOMBSTONE, "blob": BLOB_PENDING}
        docs = await self._docs.find(query, {"tenant_id": 1}).limit(limit).to_list()
        return [BlobToRemove(tenant_id=d["tenant_id"], media_id=d["_id"]) for d in docs]

    async def blob_removed(self, *, tenant_id: str, media_id: str) -> None:
        await self._docs.update_one(
            {"_id": media_id, "tenant_id": tenant_id, "record": TOMBSTONE},
            {"$set": {"blob": BLOB_REMOVED}},
        )

    async def forget_tombstones(self) -> int:
        docs = await self._docs.find(
            {"record": TOMBSTONE, "blob": BLOB_REMOVED}, {"tenant_id": 1, PENDING_FIELD: 1}
        ).to_list()
        forgotten = 0
        for doc in docs:
            # Truthiness, not `== False`: some stores return stored booleans as 1/0.
            if doc.get(PENDING_FIELD):
                continue
            result = await self._docs.delete_one(
                {"_id": doc["_id"], "tenant_id": doc["tenant_id"], PENDING_FIELD: {"$ne": True}}
            )
            forgotten += result.deleted_count
        return forgotten
