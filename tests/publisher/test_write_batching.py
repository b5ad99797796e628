"""Batched store writes keep every caller's answer: each fenced write knows if its fence held."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import WriteError

from services.publisher.adapters.mongo_bulk import UpdateBatcher
from services.publisher.domain.target_state import TargetState
from services.publisher.ports.target_queue import TargetChange
from tests.support.publisher_rig import Rig, seconds_ago

pytestmark = pytest.mark.integration


async def test_concurrent_fenced_writes_each_learn_whether_their_own_fence_held(rig: Rig) -> None:
    await rig.seed(count=40, due=seconds_ago(rig.clock, 1))
    claimed = await rig.core.targets.claim_due(now=rig.clock.now(), owner="w", lease_s=30, limit=40)
    assert len(claimed) == 40
    # A person cancels every third target meanwhile: that voids the worker's lease on it.
    voided = {record.id for n, (record, _) in enumerate(claimed) if n % 3 == 0}
    for record, _ in claimed:
        if record.id in voided:
            assert await rig.core.targets.move(
                tenant_id=record.tenant_id,
                target_id=record.id,
                sources=frozenset({TargetState.SCHEDULED}),
                change=TargetChange(state=TargetState.CANCELLED, run_at=None),
                events=(),
            )
    answers = await asyncio.gather(
        *(
            rig.core.targets.write(record, lease, TargetChange(last_error=f"mine {record.id}"))
            for record, lease in claimed
        )
    )
    for (record, _), held in zip(claimed, answers, strict=True):
        assert held is (record.id not in voided)
        stored = await rig.record(record.tenant_id, record.id)
        expected = "" if record.id in voided else f"mine {record.id}"
        assert stored.last_error == expected
        assert stored.state is (
            TargetState.CANCELLED if record.id in voided else TargetState.SCHEDULED
        )


async def test_a_refused_write_fails_only_its_own_caller(publisher_db: AsyncDatabase[Any]) -> None:
    docs = publisher_db["batch_probe"]
    await docs.insert_many([{"_id": f"d{n}", "tenant_id": "t", "n": 0} for n in range(6)])
    await docs.update_one({"_id": "d3", "tenant_id": "t"}, {"$set": {"n": "text"}})
    batcher = UpdateBatcher(docs)
    results = await asyncio.gather(
        *(
            batcher.update_one({"_id": f"d{n}", "tenant_id": "t"}, {"$inc": {"n": 1}})
            for n in range(6)
        ),
        batcher.update_one({"_id": "absent", "tenant_id": "t"}, {"$inc": {"n": 1}}, marker="m1"),
        return_exceptions=True,
    )
    assert isinstance(results[3], WriteError)  # $inc of a string: refused for that one only
    assert [results[n] for n in (0, 1, 2, 4, 5)] == [True] * 5
    assert results[6] is False  # a marked write that matched nothing says so
    stored = {d["_id"]: d["n"] for d in await docs.find({"tenant_id": "t"}).to_list()}
    assert stored == {"d0": 1, "d1": 1, "d2": 1, "d3": "text", "d4": 1, "d5": 1}


async def test_writes_issued_together_reach_the_store_as_one_bulk(
    publisher_db: AsyncDatabase[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = publisher_db["batch_probe_bulk"]
    await docs.insert_many([{"_id": f"d{n}", "tenant_id": "t", "n": 0} for n in range(30)])
    batcher = UpdateBatcher(docs)
    sizes: list[int] = []
    original = docs.bulk_write

    async def counting(requests: Any, **options: Any) -> Any:
        sizes.append(len(requests))
        return await original(requests, **options)

    monkeypatch.setattr(docs, "bulk_write", counting)
    await asyncio.gather(
        *(
            batcher.update_one({"_id": f"d{n}", "tenant_id": "t"}, {"$set": {"n": n}})
            for n in range(30)
        )
    )
    assert sizes == [30]
    assert sorted(d["n"] for d in await docs.find({"tenant_id": "t"}).to_list()) == list(range(30))
