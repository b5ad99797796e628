"""TargetQueue on MongoDB: one document per target; claims lease and fence atomically.

Claiming reads a page of due ids, then leases them with ONE `update_many` whose filter
re-checks due-ness per document: a document another worker leased in between no longer
matches (its `run_at_ms` moved to its lease expiry), so no target is ever leased twice.
The batch's unique lease token tells us afterwards which documents we got, with their fences.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.publisher.adapters.mongo_bulk import UpdateBatcher
from services.publisher.adapters.mongo_calendar import calendar_page
from services.publisher.adapters.mongo_documents import change_fields, record_document, record_from
from services.publisher.domain.record import Lease, TargetRecord
from services.publisher.domain.target_state import QUEUED, TargetState
from services.publisher.ports.target_queue import CalendarPage, TargetChange
from shared.contracts.envelope import Event
from shared.ids import new_id
from shared.messaging.outbox import PENDING_FIELD, outbox_update
from shared.store.indexes import IndexSpec
from shared.store.values import epoch_ms
from shared.telemetry_context import captured_trace

COLLECTION = "targets"
POLL_SLOTS = "poll_slots"
INDEXES = [
    IndexSpec(COLLECTION, (("tenant_id", 1), ("post_id", 1))),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("due_ms", 1), ("post_id", 1))),
    IndexSpec(COLLECTION, (("tenant_id", 1), ("state", 1), ("due_ms", 1), ("post_id", 1))),
    # The scheduler's claim spans every workspace (docs/decisions/0041-...): not tenant-led.
    IndexSpec(COLLECTION, (("run_at_ms", 1),), tenant_scoped=False),
    # The outbox relay's "which targets have events to send" (docs/decisions/0062-...):
    # without it every relay pass scans the whole collection, in a wave hundreds a second.
    IndexSpec(COLLECTION, ((PENDING_FIELD, 1),), tenant_scoped=False),
]
_QUEUED = [s.value for s in QUEUED]
CLAIM_ROUNDS = 3


class MongoTargetQueue:
    def __init__(
        self, db: AsyncDatabase[Any], *, on_events: Callable[[str], None] | None = None
    ) -> None:
        """`on_events(target_id)`: told after each write that stored events (for the relay)."""
        self._targets = db[COLLECTION]
        self._on_events = on_events
        self._slots = db[POLL_SLOTS]
        self._writes = UpdateBatcher(self._targets)
        self._write_ids = itertools.count(1)

    async def ensure(self, records: Sequence[TargetRecord]) -> None:
        for record in records:
            await self._targets.update_one(
                {"_id": record.id, "tenant_id": record.tenant_id},
                {"$setOnInsert": record_document(record) | {"fence": 0}},
                upsert=True,
            )

    async def for_post(self, *, tenant_id: str, post_id: str) -> list[TargetRecord]:
        docs = await self._targets.find({"tenant_id": tenant_id, "post_id": post_id}).to_list()
        return [record_from(d) for d in docs]

    async def get(self, *, tenant_id: str, target_id: str) -> TargetRecord | None:
        doc = await self._targets.find_one({"_id": target_id, "tenant_id": tenant_id})
        return None if doc is None else record_from(doc)

    async def move(
        self,
        *,
        tenant_id: str,
        target_id: str,
        sources: frozenset[TargetState],
        change: TargetChange,
        events: Sequence[Event],
    ) -> bool:
        to_set, to_unset = _update_parts(change)
        update: dict[str, Any] = {
            # The person's trace rides with the target, so its publishing continues it.
            "$set": to_set | {"lease_owner": "", "lease_until_ms": 0} | captured_trace(),
            "$inc": {"fence": 1},  # voids any lease: a worker's next fenced write fails
        }
        if to_unset:
            update["$unset"] = to_unset
        result = await self._targets.update_one(
            {
                "_id": target_id,
                "tenant_id": tenant_id,
                "state": {"$in": [s.value for s in sources]},
            },
            outbox_update(list(events), update),
        )
        moved = result.matched_count == 1
        if moved and events:
            self._stored_events(target_id)
        return moved

    async def claim_due(
        self, *, now: datetime, owner: str, lease_s: float, limit: int
    ) -> list[tuple[TargetRecord, Lease]]:
        claimed: list[tuple[TargetRecord, Lease]] = []
        # Two workers read the same page; the one that loses it reads the next page at once.
        for _ in range(CLAIM_ROUNDS):
            got, page_size = await self._claim_page(now, owner, lease_s, limit - len(claimed))
            claimed += got
            if len(claimed) >= limit or page_size < limit - len(claimed) + len(got):
                break  # enough, or nothing more is due
        return claimed

    async def _claim_page(
        self, now: datetime, owner: str, lease_s: float, limit: int
    ) -> tuple[list[tuple[TargetRecord, Lease]], int]:
        due = {"run_at_ms": {"$lte": epoch_ms(now)}, "state": {"$in": _QUEUED}}
        page = await self._targets.find(due, {"_id": 1}).sort("run_at_ms", 1).limit(limit).to_list()
        if not page:
            return [], 0
        ids = [d["_id"] for d in page]
        token = f"{owner}/{new_id()}"
        until = now + timedelta(seconds=lease_s)
        lease_fields = {"lease_owner": token, "lease_until_ms": epoch_ms(until)}
        await self._targets.update_many(
            {"_id": {"$in": ids}, **due},
            {"$set": lease_fields | {"run_at_ms": epoch_ms(until)}, "$inc": {"fence": 1}},
        )
        mine = await self._targets.find({"_id": {"$in": ids}, "lease_owner": token}).to_list()
        leases = [
            (record_from(d), Lease(owner=token, fence=int(d["fence"]), until=until)) for d in mine
        ]
        return leases, len(page)

    async def write(
        self,
        record: TargetRecord,
        lease: Lease,
        change: TargetChange,
        events: Sequence[Event] = (),
        *,
        release: bool = False,
    ) -> bool:
        to_set, to_unset = _update_parts(change)
        if release:
            to_set |= {"lease_owner": "", "lease_until_ms": 0}
        update: dict[str, Any] = {"$set": to_set}
        if to_unset:
            update["$unset"] = to_unset
        # Concurrent fenced writes of this process go out as one bulk; each still learns
        # whether ITS fence held (docs/decisions/0062-...).
        held = await self._writes.update_one(
            _fenced(record, lease),
            outbox_update(list(events), update),
            marker=f"{lease.owner}#{next(self._write_ids)}",
        )
        if held and events:
            self._stored_events(record.id)
        return held

    def _stored_events(self, target_id: str) -> None:
        if self._on_events is not None:
            self._on_events(target_id)

    async def renew(self, record: TargetRecord, lease: Lease, *, until: datetime) -> bool:
        result = await self._targets.update_one(
            _fenced(record, lease),
            {"$set": {"lease_until_ms": epoch_ms(until), "run_at_ms": epoch_ms(until)}},
        )
        return result.matched_count == 1

    async def next_run_at(self) -> datetime | None:
        doc = await self._targets.find_one(
            {"run_at_ms": {"$gte": 0}}, {"run_at_ms": 1}, sort=[("run_at_ms", 1)]
        )
        return None if doc is None else datetime.fromtimestamp(doc["run_at_ms"] / 1000, UTC)

    async def take_poll_slot(
        self, *, tenant_id: str, connection_id: str, now: datetime, gap_s: float
    ) -> bool:
        now_ms = epoch_ms(now)
        try:
            # Upsert: a missing slot is created (taken); a slot not yet free makes the
            # filter miss, the upsert collide on _id, and the answer is no.
            await self._slots.update_one(
                {
                    "_id": f"{tenant_id}/{connection_id}",
                    "tenant_id": tenant_id,
                    "next_ms": {"$lte": now_ms},
                },
                {"$set": {"next_ms": now_ms + int(gap_s * 1000)}},
                upsert=True,
            )
        except DuplicateKeyError:
            return False
        return True

    async def calendar(
        self,
        *,
        tenant_id: str,
        start: datetime,
        end: datetime,
        states: frozenset[TargetState] | None,
        cursor: str | None,
        limit: int,
    ) -> CalendarPage:
        return await calendar_page(
            self._targets,
            tenant_id=tenant_id,
            start=start,
            end=end,
            states=states,
            cursor=cursor,
            limit=limit,
        )


def _fenced(record: TargetRecord, lease: Lease) -> dict[str, Any]:
    return {
        "_id": record.id,
        "tenant_id": record.tenant_id,
        "fence": lease.fence,
        "lease_owner": lease.owner,
    }


def _update_parts(change: TargetChange) -> tuple[dict[str, Any], dict[str, str]]:
    values = {k: v for k, v in msgspec.structs.asdict(change).items() if v is not msgspec.UNSET}
    to_set, to_unset = change_fields(values)
    to_set["updated_ms"] = epoch_ms(datetime.now(UTC))
    return to_set, to_unset
