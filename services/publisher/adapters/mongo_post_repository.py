"""PostRepository on MongoDB: one document per post, optimistic `version`, soft delete."""

from __future__ import annotations

from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.publisher.adapters.mongo_documents import post_fields, post_from
from services.publisher.adapters.mongo_post_start import PostStartBatcher
from services.publisher.domain.errors import Conflict, IdempotencyMismatch
from services.publisher.domain.post import Post
from shared.store.indexes import IndexSpec

COLLECTION = "posts"
INDEXES = [
    # Posts created without an Idempotency-Key use their own id as key, so it stays unique.
    IndexSpec(COLLECTION, (("tenant_id", 1), ("idem_key", 1)), unique=True),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("deleted", 1), ("created_ms", 1))),
]


class MongoPostRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._posts = db[COLLECTION]
        self._starts = PostStartBatcher(self._posts)

    async def add(self, post: Post, *, idempotency_key: str, fingerprint: str) -> Post:
        doc = {
            "_id": post.id,
            **post_fields(post),
            "idem_key": idempotency_key,
            "idem_fp": fingerprint,
        }
        try:
            await self._posts.insert_one(doc)
        except DuplicateKeyError:
            earlier = await self._posts.find_one(
                {"tenant_id": post.tenant_id, "idem_key": idempotency_key}
            )
            if earlier is None:  # the clash was on something else; should not happen
                raise
            if earlier.get("idem_fp") != fingerprint:
                raise IdempotencyMismatch(
                    "this Idempotency-Key was already used with a different request body"
                ) from None
            return post_from(earlier)
        return post

    async def get(self, *, tenant_id: str, post_id: str) -> Post | None:
        doc = await self._posts.find_one({"_id": post_id, "tenant_id": tenant_id, "deleted": 0})
        return None if doc is None else post_from(doc)

    async def get_many(self, *, tenant_id: str, post_ids: list[str]) -> list[Post]:
        if not post_ids:
            return []
        cursor = self._posts.find({"tenant_id": tenant_id, "_id": {"$in": post_ids}, "deleted": 0})
        return [post_from(d) for d in await cursor.to_list()]

    async def list_recent(self, *, tenant_id: str, before: str | None, limit: int) -> list[Post]:
        query: dict[str, Any] = {"tenant_id": tenant_id, "deleted": 0}
        if before:
            query["_id"] = {"$lt": before}  # ids are ULIDs: ordered by creation time
        docs = await self._posts.find(query).sort("_id", -1).limit(limit).to_list()
        return [post_from(d) for d in docs]

    async def save(self, post: Post, *, expected_version: int) -> Post:
        fields = post_fields(post) | {"version": expected_version + 1}
        doc = await self._posts.find_one_and_update(
            {
                "_id": post.id,
                "tenant_id": post.tenant_id,
                "version": expected_version,
                "deleted": 0,
            },
            {"$set": fields},
            return_document=ReturnDocument.AFTER,
        )
        if doc is None:
            raise Conflict(
                f"post {post.id} changed meanwhile; read it again", code="version_conflict"
            )
        return post_from(doc)

    async def start_publishing(self, *, tenant_id: str, post_id: str) -> Post | None:
        # Posts starting together share one update and one read (docs/decisions/0067-...).
        doc = await self._starts.start(tenant_id=tenant_id, post_id=post_id)
        return None if doc is None else post_from(doc)

    async def delete(self, *, tenant_id: str, post_id: str, expected_version: int) -> bool:
        result = await self._posts.update_one(
            {"_id": post_id, "tenant_id": tenant_id, "version": expected_version, "deleted": 0},
            {"$set": {"deleted": 1}, "$inc": {"version": 1}},
        )
        return result.matched_count == 1
