"""TrailRepository on MongoDB; unique (tenant, seq) and (tenant, event) keep the chain honest."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.audit.domain.trail import GENESIS, TrailEntry
from services.audit.ports.trail_repository import Appended, TrailFilter
from shared.store.indexes import IndexSpec
from shared.store.values import epoch_ms

COLLECTION = "trail"
ANCHORS = "trail_anchors"
INDEXES = [
    IndexSpec(COLLECTION, (("tenant_id", 1), ("seq", 1)), unique=True),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("event_id", 1)), unique=True),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("occurred_at_ms", 1))),
]


class MongoTrailRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._trail = db[COLLECTION]

    async def head(self, *, tenant_id: str) -> tuple[int, str]:
        last = await self._trail.find_one(
            {"tenant_id": tenant_id}, {"seq": 1, "hash": 1}, sort=[("seq", -1)]
        )
        return (0, GENESIS) if last is None else (int(last["seq"]), str(last["hash"]))

    async def has_event(self, *, tenant_id: str, event_id: str) -> bool:
        found = await self._trail.find_one(
            {"tenant_id": tenant_id, "event_id": event_id}, {"_id": 1}
        )
        return found is not None

    async def heads(self, *, tenant_ids: list[str]) -> dict[str, tuple[int, str]]:
        found = await self._trail.aggregate(
            [
                {"$match": {"tenant_id": {"$in": tenant_ids}}},
                {"$sort": {"seq": -1}},
                {
                    "$group": {
                        "_id": "$tenant_id",
                        "seq": {"$first": "$seq"},
                        "hash": {"$first": "$hash"},
                    }
                },
            ]
        )
        heads = {doc["_id"]: (int(doc["seq"]), str(doc["hash"])) async for doc in found}
        return {tenant: heads.get(tenant, (0, GENESIS)) for tenant in tenant_ids}

    async def recorded(self, *, tenant_ids: list[str], event_ids: list[str]) -> set[str]:
        cursor = self._trail.find(
            {"tenant_id": {"$in": tenant_ids}, "event_id": {"$in": event_ids}}, {"event_id": 1}
        )
        return {doc["event_id"] async for doc in cursor}

    async def append_run(self, entries: list[TrailEntry]) -> bool:
        try:
            await self._trail.insert_many([_document(e) for e in entries], ordered=True)
        except BulkWriteError:
            return False
        return True

    async def append(self, entry: TrailEntry) -> Appended:
        try:
            await self._trail.insert_one(_document(entry))
        except DuplicateKeyError:
            taken = await self.has_event(tenant_id=entry.tenant_id, event_id=entry.event_id)
            return Appended.DUPLICATE_EVENT if taken else Appended.SEQUENCE_TAKEN
        return Appended.APPENDED

    async def query(
        self, *, tenant_id: str, where: TrailFilter, before_seq: int | None, limit: int
    ) -> list[TrailEntry]:
        condition: dict[str, Any] = {"tenant_id": tenant_id}
        if before_seq is not None:
            condition["seq"] = {"$lt": before_seq}
        for field in ("event_type", "actor", "subject"):
            if (value := getattr(where, field)) is not None:
                condition[field] = value
        span: dict[str, int] = {}
        if where.occurred_from is not None:
            span["$gte"] = epoch_ms(where.occurred_from)
        if where.occurred_to is not None:
            span["$lt"] = epoch_ms(where.occurred_to)
        if span:
            condition["occurred_at_ms"] = span
        docs = await self._trail.find(condition).sort("seq", -1).limit(limit).to_list()
        return [_entry(d) for d in docs]

    async def scan(self, *, tenant_id: str, after_seq: int = 0) -> AsyncIterator[TrailEntry]:
        condition = {"tenant_id": tenant_id, "seq": {"$gt": after_seq}}
        async for doc in self._trail.find(condition).sort("seq", 1):
            yield _entry(doc)

    async def anchor(self, *, tenant_id: str) -> tuple[int, str] | None:
        doc = await self._trail.database[ANCHORS].find_one(
            {"_id": tenant_id, "tenant_id": tenant_id}
        )
        return None if doc is None else (int(doc["seq"]), str(doc["hash"]))


def _document(entry: TrailEntry) -> dict[str, Any]:
    return {
        "_id": f"{entry.tenant_id}:{entry.seq}",
        "tenant_id": entry.tenant_id,
        "seq": entry.seq,
        "event_id": entry.event_id,
        "event_type": entry.event_type,
        "actor": entry.actor,
        "subject": entry.subject,
        # Kept as text: the hash covers the exact instant, and BSON dates keep only milliseconds.
        "occurred_at": entry.occurred_at.isoformat(),
        "occurred_at_ms": epoch_ms(entry.occurred_at),
        "payload": entry.payload,
        "payload_digest": entry.payload_digest,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
        "redacted": entry.redacted,
        "digest_key": entry.digest_key,
    }


def _entry(doc: Mapping[str, Any]) -> TrailEntry:
    return TrailEntry(
        tenant_id=doc["tenant_id"],
        seq=int(doc["seq"]),
        event_id=doc["event_id"],
        event_type=doc["event_type"],
        actor=doc["actor"],
        subject=doc.get("subject", ""),
        occurred_at=datetime.fromisoformat(doc["occurred_at"]),
        payload=dict(doc.get("payload") or {}),
        payload_digest=doc["payload_digest"],
        prev_hash=doc["prev_hash"],
        hash=doc["hash"],
        redacted=bool(doc.get("redacted")),
        digest_key=doc.get("digest_key") or "",
    )
