"""Single-document updates issued at the same moment, sent to the store as ONE bulk write.

Every caller still awaits its own write and learns whether its filter matched, exactly as
with `update_one`; the store just receives one command for many of them (on nx-27017 a
bulk of 100 updates costs about what 15 single updates do). A write whose answer matters
carries a marker (a unique value it sets in a field): when a bulk matched fewer documents
than it had writes, one read of the markers tells which writes landed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError, WriteError

MARKER = "write_id"


@dataclass
class _Write:
    request: UpdateOne
    doc_id: Any
    tenant_id: Any
    marker: str | None
    answer: asyncio.Future[bool] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class UpdateBatcher:
    """One per collection and process; at most one bulk in flight, the next one forming."""

    def __init__(self, collection: AsyncCollection[Any], *, max_writes: int = 500) -> None:
        self._collection = collection
        self._max = max_writes
        self._queue: list[_Write] = []
        self._flusher: asyncio.Task[None] | None = None

    async def update_one(
        self,
        query: dict[str, Any],
        update: dict[str, Any],
        *,
        marker: str | None = None,
        upsert: bool = False,
    ) -> bool:
        """Apply `update` to the document `query` selects (by `_id`); True when it matched.

        Without a `marker` the answer is True unless the store refused the write.
        """
        if marker is not None:
            update = {**update, "$set": {**update.get("$set", {}), MARKER: marker}}
        request = UpdateOne(query, update, upsert=upsert)
        write = _Write(request, query["_id"], query["tenant_id"], marker)
        self._queue.append(write)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_all())
        return await asyncio.shield(write.answer)

    async def _flush_all(self) -> None:
        await asyncio.sleep(0)  # writers woken in this same turn of the loop join the bulk
        while self._queue:
            batch, self._queue = self._queue[: self._max], self._queue[self._max :]
            try:
                await self._flush(batch)
            except Exception as exc:  # the store did not answer: nobody knows what landed
                for write in batch:
                    _refuse(write, exc)

    async def _flush(self, batch: list[_Write]) -> None:
        refused: dict[int, Exception] = {}
        try:
            result = await self._collection.bulk_write([w.request for w in batch], ordered=False)
            applied = result.matched_count + result.upserted_count
        except BulkWriteError as exc:
            details = exc.details
            applied = int(details.get("nMatched", 0)) + int(details.get("nUpserted", 0))
            for error in details.get("writeErrors", []):
                refused[int(error["index"])] = WriteError(
                    error.get("errmsg", "write refused"), error.get("code"), error
                )
        landed = await self._landed(batch, applied + len(refused) < len(batch))
        for index, write in enumerate(batch):
            if write.answer.done():
                continue
            if index in refused:
                _refuse(write, refused[index])
            else:
                write.answer.set_result(write.marker is None or write.marker in landed)

    async def _landed(self, batch: list[_Write], missed: bool) -> set[str]:
        """Markers of the writes that matched; read only when some write did not."""
        marked = [w for w in batch if w.marker is not None]
        if not missed:
            return {w.marker for w in marked if w.marker is not None}
        query = {
            "_id": {"$in": [w.doc_id for w in marked]},
            "tenant_id": {"$in": list({w.tenant_id for w in marked})},
            MARKER: {"$in": [w.marker for w in marked]},
        }
        docs = await self._collection.find(query, {MARKER: 1}).to_list()
        return {str(d[MARKER]) for d in docs}


def _refuse(write: _Write, error: Exception) -> None:
    if write.answer.done():
        return
    write.answer.set_exception(error)
    write.answer.exception()  # retrieved: a caller cancelled meanwhile must not log it
