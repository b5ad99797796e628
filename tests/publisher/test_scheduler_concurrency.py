"""Several workers over one queue: each target published once, none lost, crashes recovered."""

from __future__ import annotations

import asyncio
import sys
import time
from asyncio.subprocess import PIPE, STDOUT
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.app.scheduler import Scheduler
from services.publisher.domain.target_state import TargetState
from shared.settings import Settings
from tests.support.platform import REPO_ROOT
from tests.support.publisher_fakes import Behaviour
from tests.support.publisher_rig import Rig, make_core, running, seconds_ago
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
TARGETS = "targets"


@pytest.fixture
async def second_client(settings: Settings) -> AsyncIterator[AsyncMongoClient[Any]]:
    client: AsyncMongoClient[Any] = AsyncMongoClient(settings.mongodb_url, tz_aware=True)
    yield client
    await client.close()


async def count(db: AsyncDatabase[Any], state: TargetState) -> int:
    return await db[TARGETS].count_documents({"state": state.value})


async def test_two_workers_with_their_own_clients_publish_500_targets_exactly_once(
    rig: Rig, second_client: AsyncMongoClient[Any], settings: Settings, capsys: Any
) -> None:
    await rig.seed(count=500, due=seconds_ago(rig.clock, 1))
    other_db = second_client[settings.database_name("publisher")]
    other = make_core(other_db, rig.provider, rig.connections, rig.media, rig.clock)
    started = time.monotonic()
    async with running(rig.core, "w1") as first, running(other, "w2") as second:
        await eventually(
            lambda: count(rig.db, TargetState.PUBLISHED),
            lambda n: n == 500,
            within_s=40,
            every_s=0.2,
        )
    elapsed = time.monotonic() - started
    assert rig.provider.duplicates() == {}
    assert len(rig.provider.accepted) == 500
    assert first.claimed > 0 and second.claimed > 0
    assert first.claimed + second.claimed == 500  # every claim led to its send
    with capsys.disabled():
        print(  # noqa: T201 (the measured rate is part of the report)
            f"\n  two workers: 500 targets in {elapsed:.2f}s = {500 / elapsed:.0f} targets/s "
            f"(w1 {first.claimed}, w2 {second.claimed})"
        )


async def test_a_worker_killed_mid_publish_is_recovered_after_the_lease_and_published_once(
    rig: Rig,
) -> None:
    [record] = await rig.seed(count=1, due=seconds_ago(rig.clock, 1))
    rig.provider.then(record.post_id, Behaviour("hang_after_accept"))
    doomed = Scheduler(rig.core, owner="doomed", batch=8, concurrency=4, idle_s=0.05)
    task = asyncio.create_task(doomed.run(asyncio.Event()))
    await asyncio.wait_for(rig.provider.hung.wait(), timeout=5)
    task.cancel()  # the process dies: the provider accepted, nothing more is written
    await asyncio.gather(task, return_exceptions=True)
    stuck = await rig.record(record.tenant_id, record.id)
    assert stuck.state is TargetState.PUBLISHING and stuck.attempt_open == 1
    async with running(rig.core, "survivor"):
        await asyncio.sleep(0.3)  # the lease is still live: nobody touches the target
        assert (await rig.record(record.tenant_id, record.id)).fence == stuck.fence
        rig.clock.advance(rig.core.policy.lease_s + 1)
        done = await eventually(
            lambda: rig.record(record.tenant_id, record.id),
            lambda r: r.state is TargetState.PUBLISHED,
        )
    assert rig.provider.accepted[done.key] == 1 and rig.provider.calls[done.key] == 1
    assert [t for t in await rig.outbox_types(record.id) if t != "data_disclosed"] == [
        "post_publishing",
        "post_unconfirmed",
        "post_published",
    ]


async def test_targets_due_while_no_worker_ran_are_published_with_their_lateness(rig: Rig) -> None:
    seeded = await rig.seed(count=20, due=seconds_ago(rig.clock, 45))
    async with running(rig.core):
        await eventually(lambda: count(rig.db, TargetState.PUBLISHED), lambda n: n == 20)
    for record in seeded:
        done = await rig.record(record.tenant_id, record.id)
        assert done.lateness_ms is not None and 45_000 <= done.lateness_ms < 60_000


async def test_a_worker_wakes_for_a_target_due_in_a_moment_not_after_its_idle_pause(
    rig: Rig,
) -> None:
    async with running(rig.core, idle_s=5.0):
        await asyncio.sleep(0.1)  # asleep now, with nothing due
        [record] = await rig.seed(count=1, due=rig.clock.now())
        rig.core.signal.due_soon()  # what schedule/publish-now do in this process
        done = await eventually(
            lambda: rig.record(record.tenant_id, record.id),
            lambda r: r.state is TargetState.PUBLISHED,
            within_s=2,
        )
    assert done.lateness_ms is not None and done.lateness_ms < 1500


@pytest.mark.slow
async def test_two_worker_processes_share_one_due_set_without_duplicates(
    rig: Rig, settings: Settings
) -> None:
    await rig.seed(count=300, due=seconds_ago(rig.clock, 1))
    argv = [
        sys.executable,
        "-m",
        "tests.publisher.worker_process",
        settings.mongodb_url,
        rig.db.name,
    ]
    procs = [
        await asyncio.create_subprocess_exec(*argv, cwd=REPO_ROOT, stdout=PIPE, stderr=STDOUT)
        for _ in range(2)
    ]
    outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in procs)), 60)
    assert [p.returncode for p in procs] == [0, 0], [o[0].decode()[-2000:] for o in outputs]
    claims = [int(o[0].decode().rsplit("claimed=", 1)[1]) for o in outputs]
    assert all(n > 0 for n in claims), claims  # both processes did part of the work
    seen = await rig.db["fake_provider_posts"].find().to_list()
    keys = [doc["key"] for doc in seen]
    assert len(keys) == len(set(keys)) == 300
    assert await count(rig.db, TargetState.PUBLISHED) == 300
