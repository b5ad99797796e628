"""After a relay pass: the published entries leave their documents, in as few writes as can be.

One update per document removes its published entries and clears its pending mark, on the
condition that no writer added an event since the relay read it (its `outbox_rev` did not
move). Where one did, the entries are removed by a second update and the mark stays, so the
next pass relays the new event. All of a pass's updates go out as one bulk write each.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.outbox import OUTBOX_FIELD, PENDING_FIELD, REV_FIELD

Document = Mapping[str, Any]


async def clean_up(
    collection: AsyncCollection[Any], done: list[tuple[Document, list[str]]]
) -> None:
    """`done`: each relayed document as read, with the ids of the events it published."""
    first = await collection.bulk_write(
        [
            UpdateOne(
                {"_id": doc["_id"], REV_FIELD: doc.get(REV_FIELD)},
                {"$set": {PENDING_FIELD: False}} | _unset(ids),
            )
            for doc, ids in done
        ],
        ordered=False,
    )
    if first.matched_count == len(done):
        return
    # Which documents moved: one read. One that moved just after its update matched is
    # counted too; removing entries it no longer has changes nothing.
    revs = {
        d["_id"]: d.get(REV_FIELD)
        for d in await collection.find(
            {"_id": {"$in": [doc["_id"] for doc, ids in done if ids]}}, {REV_FIELD: 1}
        ).to_list()
    }
    moved = [
        UpdateOne({"_id": doc["_id"]}, _unset(ids))
        for doc, ids in done
        if ids and doc["_id"] in revs and revs[doc["_id"]] != doc.get(REV_FIELD)
    ]
    if moved:
        await collection.bulk_write(moved, ordered=False)


def _unset(event_ids: list[str]) -> dict[str, Any]:
    return {"$unset": {f"{OUTBOX_FIELD}.{e}": "" for e in event_ids}} if event_ids else {}
