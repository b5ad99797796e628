"""The inbox under concurrency and after a crash (real store)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from shared.messaging.inbox import InboxBusy, MongoInbox, inbox_indexes
from shared.store.indexes import ensure_indexes

pytestmark = pytest.mark.integration


@pytest.fixture
async def inbox(db: AsyncDatabase[Any]) -> MongoInbox:
    await ensure_indexes(db, inbox_indexes(retention_s=3600))
    return MongoInbox(db, lease_s=0.3)


async def test_two_deliveries_at_once_run_the_effect_once(inbox: MongoInbox) -> None:
    runs: list[int] = []

    async def slow_effect() -> None:
        runs.append(1)
        await asyncio.sleep(0.1)

    outcomes = await asyncio.gather(
        *(
            inbox.handle_once(tenant_id="t", consumer="c", event_id="e1", effect=slow_effect)
            for _ in range(2)
        ),
        return_exceptions=True,
    )
    assert runs == [1]
    assert sorted(type(o).__name__ for o in outcomes) == ["InboxBusy", "bool"]
    assert (
        await inbox.handle_once(tenant_id="t", consumer="c", event_id="e1", effect=slow_effect)
        is False
    )
    assert runs == [1]


async def test_a_claim_left_by_a_crashed_delivery_is_taken_over_after_the_lease(
    inbox: MongoInbox,
) -> None:
    async def crash() -> None:
        raise RuntimeError("process died mid-effect")

    with pytest.raises(RuntimeError):
        await inbox.handle_once(tenant_id="t", consumer="c", event_id="e2", effect=crash)
    runs: list[int] = []

    async def effect() -> None:
        runs.append(1)

    with pytest.raises(InboxBusy):
        await inbox.handle_once(tenant_id="t", consumer="c", event_id="e2", effect=effect)
    await asyncio.sleep(0.35)
    assert await inbox.handle_once(tenant_id="t", consumer="c", event_id="e2", effect=effect)
    assert runs == [1] and await inbox.seen(tenant_id="t", consumer="c", event_id="e2")
