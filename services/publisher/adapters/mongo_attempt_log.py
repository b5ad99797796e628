"""AttemptLog on MongoDB: one document per provider call, keyed by its deterministic id."""

from __future__ import annotations

from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.adapters.mongo_bulk import UpdateBatcher
from services.publisher.adapters.mongo_documents import instant
from services.publisher.ports.attempt_log import Attempt
from shared.store.indexes import IndexSpec
from shared.store.values import epoch_ms

COLLECTION = "attempts"
INDEXES = [IndexSpec(COLLECTION, (("tenant_id", 1), ("post_id", 1), ("started_ms", 1)))]


class MongoAttemptLog:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._attempts = db[COLLECTION]
        # Begins and finishes of concurrent targets go out together (docs/decisions/0062-...).
        self._writes = UpdateBatcher(self._attempts)

    async def begin(self, attempt: Attempt) -> None:
        fields = msgspec.to_builtins(attempt)
        fields.pop("id")
        fields["started_ms"] = epoch_ms(attempt.started_at)
        fields.pop("started_at")
        await self._writes.update_one(
            {"_id": attempt.id, "tenant_id": attempt.tenant_id},
            {"$setOnInsert": fields},
            upsert=True,
        )

    async def finish(
        self,
        *,
        tenant_id: str,
        attempt_id: str,
        outcome: str,
        answer: str,
        error: str,
        duration_ms: int,
    ) -> None:
        await self._writes.update_one(
            {"_id": attempt_id, "tenant_id": tenant_id},
            {
                "$set": {
                    "outcome": outcome,
                    "answer": answer[:2000],
                    "error": error,
                    "duration_ms": duration_ms,
                }
            },
        )

    async def for_post(self, *, tenant_id: str, post_id: str) -> list[Attempt]:
        docs = await (
            self._attempts.find({"tenant_id": tenant_id, "post_id": post_id})
            .sort("started_ms", 1)
            .to_list()
        )
        return [_attempt(d) for d in docs]


def _attempt(doc: dict[str, Any]) -> Attempt:
    fields = {k: v for k, v in doc.items() if k not in ("_id", "started_ms")}
    fields["id"] = doc["_id"]
    fields["started_at"] = instant(doc["started_ms"])
    return msgspec.convert(fields, Attempt, strict=False)
