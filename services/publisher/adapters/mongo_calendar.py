"""The calendar query of targets: post ids by due time, one page at a time, cursor-based."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from services.publisher.domain.errors import PublisherError
from services.publisher.domain.target_state import TargetState
from services.publisher.ports.target_queue import CalendarPage
from shared.store.values import epoch_ms

# Targets are read a few at a time per wanted post, then folded into distinct posts.
ROWS_PER_POST = 4


async def calendar_page(
    targets: AsyncCollection[Any],
    *,
    tenant_id: str,
    start: datetime,
    end: datetime,
    states: frozenset[TargetState] | None,
    cursor: str | None,
    limit: int,
) -> CalendarPage:
    query: dict[str, Any] = {
        "tenant_id": tenant_id,
        "due_ms": {"$gte": epoch_ms(start), "$lt": epoch_ms(end)},
    }
    if states:
        query["state"] = {"$in": sorted(s.value for s in states)}
    if cursor:
        after_ms, after_post = _parse(cursor)
        query["$or"] = [
            {"due_ms": {"$gt": after_ms}},
            {"due_ms": after_ms, "post_id": {"$gt": after_post}},
        ]
    fetch = limit * ROWS_PER_POST
    rows = await (
        targets.find(query, {"post_id": 1, "due_ms": 1})
        .sort([("due_ms", 1), ("post_id", 1)])
        .limit(fetch)
        .to_list()
    )
    post_ids: list[str] = []
    last: tuple[int, str] | None = None
    for row in rows:
        if row["post_id"] not in post_ids:
            if len(post_ids) == limit:
                break
            post_ids.append(row["post_id"])
        last = (int(row["due_ms"]), row["post_id"])
    more = len(post_ids) == limit or len(rows) == fetch
    next_cursor = f"{last[0]}:{last[1]}" if more and last else None
    return CalendarPage(post_ids=post_ids, next_cursor=next_cursor)


def _parse(cursor: str) -> tuple[int, str]:
    due, _, post_id = cursor.partition(":")
    if not due.isdigit() or not post_id:
        raise PublisherError(f"invalid cursor {cursor!r}", code="bad_cursor")
    return int(due), post_id
