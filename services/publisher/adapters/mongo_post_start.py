"""Posts whose publishing starts at the same moment, marked with ONE update and ONE read.

In a wave every claimed target starts its post within the same turn or two of the event
loop; one `find_one_and_update` each was the publisher's most frequent single command.
Every caller still awaits its own post (or None when it is deleted); each update names its
workspace, and a post is only handed to a caller who asked for it under its own workspace.
"""

from __future__ import annotations

import asyncio
from typing import Any

from pymongo import UpdateMany
from pymongo.asynchronous.collection import AsyncCollection

Key = tuple[str, str]  # (tenant_id, post_id)


class PostStartBatcher:
    """One per process; at most one batch in flight, the next one forming meanwhile."""

    def __init__(self, posts: AsyncCollection[Any], *, max_posts: int = 500) -> None:
        self._posts = posts
        self._max = max_posts
        self._queue: list[tuple[Key, asyncio.Future[dict[str, Any] | None]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def start(self, *, tenant_id: str, post_id: str) -> dict[str, Any] | None:
        """Set `publishing_started` and bump `version`; the post as it is after that."""
        answer: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
        self._queue.append(((tenant_id, post_id), answer))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_all())
        return await asyncio.shield(answer)

    async def _flush_all(self) -> None:
        await asyncio.sleep(0)  # callers woken in this same turn of the loop join the batch
        while self._queue:
            batch, self._queue = self._queue[: self._max], self._queue[self._max :]
            try:
                found = await self._start(sorted({key for key, _ in batch}))
            except Exception as exc:  # the store did not answer: every caller sees it
                for _, answer in batch:
                    if not answer.done():
                        answer.set_exception(exc)
                        answer.exception()  # retrieved: a cancelled caller must not log it
                continue
            for key, answer in batch:
                if not answer.done():
                    answer.set_result(found.get(key))

    async def _start(self, keys: list[Key]) -> dict[Key, dict[str, Any]]:
        by_tenant: dict[str, list[str]] = {}
        for tenant_id, post_id in keys:
            by_tenant.setdefault(tenant_id, []).append(post_id)
        # One UpdateMany per workspace, all in one bulk. (An `$or` of the pairs would be
        # exact too, but nx-27017 evaluates `$or` by scanning every post in Python.)
        # Bumping the version makes any edit based on an earlier read fail (see update_post);
        # a post named twice in one batch (two of its targets) is bumped once, which is enough.
        await self._posts.bulk_write(
            [
                UpdateMany(
                    {"_id": {"$in": post_ids}, "tenant_id": tenant_id, "deleted": 0},
                    {"$set": {"publishing_started": 1}, "$inc": {"version": 1}},
                )
                for tenant_id, post_ids in by_tenant.items()
            ],
            ordered=False,
        )
        query = {
            "_id": {"$in": [post_id for _, post_id in keys]},
            "tenant_id": {"$in": list(by_tenant)},
            "deleted": 0,
        }
        docs = await self._posts.find(query).to_list()
        found = {(str(d["tenant_id"]), str(d["_id"])): d for d in docs}
        return {key: found[key] for key in keys if key in found}  # only the pairs asked for
