"""A publisher worker as its own OS process, for the two-process test.

`python -m tests.publisher.worker_process MONGO_URL DB_NAME` publishes every due target with a
fake provider that records each accepted post in the store (so counts span processes), and
exits once nothing is queued any more.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.app.scheduler import Scheduler
from services.publisher.domain.inputs import AccessGrant
from services.publisher.domain.publishing import PublishAccepted, PublishRequest
from services.publisher.domain.target_state import QUEUED
from tests.support.publisher_fakes import (
    FakeClock,
    FakeConnectionDirectory,
    FakeMediaCatalog,
    FakePublishingProvider,
)
from tests.support.publisher_rig import make_core

POSTS_SEEN = "fake_provider_posts"


class RecordingProvider(FakePublishingProvider):
    """Every accepted post is also written to the store, tagged with this process's pid."""

    def __init__(self, db: AsyncDatabase[Any]) -> None:
        super().__init__("mastodon")
        self._seen = db[POSTS_SEEN]

    async def publish(self, request: PublishRequest, grant: AccessGrant) -> PublishAccepted:
        accepted = await super().publish(request, grant)
        await self._seen.insert_one({"key": request.key, "pid": os.getpid()})
        return accepted


async def main(url: str, db_name: str) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(url, tz_aware=True)
    db = client[db_name]
    connections = FakeConnectionDirectory()
    for n in range(10):
        connections.add(f"t_{n}", f"c_mastodon_t_{n}", "mastodon")
    core = make_core(db, RecordingProvider(db), connections, FakeMediaCatalog(), FakeClock())
    scheduler = Scheduler(core, owner=f"proc-{os.getpid()}", batch=32, concurrency=16, idle_s=0.1)
    stop = asyncio.Event()
    worker = asyncio.create_task(scheduler.run(stop))
    queued = {"state": {"$in": [s.value for s in QUEUED]}}
    # Another process does half the work, so the store is the only place to watch.
    while await db.targets.count_documents(queued):  # noqa: ASYNC110
        await asyncio.sleep(0.2)
    stop.set()
    await worker
    print(f"claimed={scheduler.claimed}")  # noqa: T201
    await client.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
