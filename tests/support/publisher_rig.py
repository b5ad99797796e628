"""A publisher core on the real store with fake outward ports, plus seeding and driving helpers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.adapters import mongo_attempt_log, mongo_post_repository, mongo_target_queue
from services.publisher.adapters.mongo_attempt_log import MongoAttemptLog
from services.publisher.adapters.mongo_documents import post_fields, record_document
from services.publisher.adapters.mongo_post_repository import MongoPostRepository
from services.publisher.adapters.mongo_target_queue import MongoTargetQueue
from services.publisher.adapters.mongo_workspace_settings import MongoWorkspaceSettings
from services.publisher.app.context import EnginePolicy, Publisher
from services.publisher.app.scheduler import Scheduler, WakeSignal
from services.publisher.domain.post import Post, TargetSpec
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.retry import RetryPolicy
from services.publisher.domain.target_state import TargetState
from services.publisher.ports.publishing_provider import PublishingProvider
from shared.store.indexes import ensure_indexes
from shared.tenancy import RequestContext, TenantId
from tests.support.publisher_fakes import (
    FakeClock,
    FakeConnectionDirectory,
    FakeMediaCatalog,
    FakePublishingProvider,
)

INDEXES = [*mongo_post_repository.INDEXES, *mongo_target_queue.INDEXES, *mongo_attempt_log.INDEXES]

FAST = EnginePolicy(
    lease_s=2.0,
    retry=RetryPolicy(base_s=0.05, cap_s=0.2, max_sends=3),
    poll_gap_s=0.05,
    poll_cap_s=0.1,
    reconcile_delay_s=0.05,
    reconcile_max=3,
)


@dataclass
class Rig:
    db: AsyncDatabase[Any]
    core: Publisher
    provider: FakePublishingProvider
    connections: FakeConnectionDirectory
    media: FakeMediaCatalog
    clock: FakeClock
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def ctx(
        self, tenant: str = "t_one", role: str = "editor", actor: str = "u_ed"
    ) -> RequestContext:
        return RequestContext(tenant_id=TenantId(tenant), actor=actor, role=role)

    async def record(self, tenant: str, target_id: str) -> TargetRecord:
        found = await self.core.targets.get(tenant_id=tenant, target_id=target_id)
        assert found is not None
        return found

    async def seed(self, *, count: int, due: datetime, tenants: int = 10) -> list[TargetRecord]:
        """`count` due one-target posts spread over `tenants` workspaces with connections."""
        for n in range(tenants):
            self.connections.add(f"t_{n}", f"c_{self.provider.name}_t_{n}", self.provider.name)
        return await seed_due(
            self.db, count=count, due=due, provider=self.provider.name, tenants=tenants
        )

    async def outbox_types(self, target_id: str) -> list[str]:
        """Event types waiting in the target's own document, in the order they were written."""
        doc = await self.db[mongo_target_queue.COLLECTION].find_one({"_id": target_id})
        entries = sorted((doc or {}).get("outbox", {}).values(), key=lambda e: e["id"])
        return [e["subject"].split(".")[2] for e in entries]


def make_core(
    db: AsyncDatabase[Any],
    provider: PublishingProvider,
    connections: FakeConnectionDirectory,
    media: FakeMediaCatalog,
    clock: FakeClock,
    policy: EnginePolicy = FAST,
) -> Publisher:
    return Publisher(
        posts=MongoPostRepository(db),
        targets=MongoTargetQueue(db),
        attempts=MongoAttemptLog(db),
        providers={provider.capabilities.provider: provider},
        connections=connections,
        media=media,
        settings=MongoWorkspaceSettings(db),
        clock=clock,
        signal=WakeSignal(),
        policy=policy,
    )


async def build_rig(db: AsyncDatabase[Any], provider: FakePublishingProvider | None = None) -> Rig:
    await ensure_indexes(db, INDEXES)
    provider = provider or FakePublishingProvider()
    connections, media, clock = FakeConnectionDirectory(), FakeMediaCatalog(), FakeClock()
    for tenant in ("t_one", "t_two"):
        connections.add(tenant, f"c_{provider.name}_{tenant}", provider.name)
    core = make_core(db, provider, connections, media, clock)
    return Rig(
        db=db, core=core, provider=provider, connections=connections, media=media, clock=clock
    )


@contextlib.asynccontextmanager
async def running(core: Publisher, owner: str = "w1", **options: Any) -> AsyncIterator[Scheduler]:
    """A scheduler worker for the duration of the block (stopped gracefully at the end)."""
    settings = {"batch": 32, "concurrency": 16, "idle_s": 0.05} | options
    wake = core.signal if isinstance(core.signal, WakeSignal) else None
    scheduler = Scheduler(core, owner=owner, wake=wake, **settings)
    stop = asyncio.Event()
    task = asyncio.create_task(scheduler.run(stop))
    try:
        yield scheduler
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=10)


def _due_post(n: int, *, due: datetime, provider: str, tenants: int, text: str) -> Post:
    tenant = f"t_{n % tenants}"
    spec = TargetSpec(id=f"tgt_{n:05d}", connection_id=f"c_{provider}_{tenant}", provider=provider)
    return Post(
        id=f"post_{n:05d}",
        tenant_id=tenant,
        author="u",
        text=f"{text} {n}",
        targets=(spec,),
        created_at=due,
        updated_at=due,
    )


def _due_record(post: Post, due: datetime) -> TargetRecord:
    spec = post.targets[0]
    return TargetRecord(
        id=spec.id,
        tenant_id=post.tenant_id,
        post_id=post.id,
        connection_id=spec.connection_id,
        provider=spec.provider,
        state=TargetState.SCHEDULED,
        due_at=due,
        run_at=due,
    )


async def seed_due(
    db: AsyncDatabase[Any],
    *,
    count: int,
    due: datetime,
    provider: str = "mastodon",
    tenants: int = 10,
    text: str = "seeded",
) -> list[TargetRecord]:
    """`count` one-target posts already scheduled at `due`, written in bulk."""
    posts = [
        _due_post(n, due=due, provider=provider, tenants=tenants, text=text) for n in range(count)
    ]
    records = [_due_record(post, due) for post in posts]
    docs = [{"_id": p.id, **post_fields(p), "idem_key": p.id} for p in posts]
    await db[mongo_post_repository.COLLECTION].insert_many(docs)
    queued = {"run_at_ms": int(due.timestamp() * 1000), "fence": 0}
    await db[mongo_target_queue.COLLECTION].insert_many(
        [record_document(r) | queued for r in records]
    )
    return records


def seconds_ago(clock: FakeClock, seconds: float) -> datetime:
    return clock.now() - timedelta(seconds=seconds)
