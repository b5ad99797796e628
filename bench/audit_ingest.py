"""Bench: the audit service ingesting a burst of events, next to the raw JetStream publish rate."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from typing import Any, ClassVar

import msgspec
import nats
from nats.aio.client import Client as NatsClient
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from bench.baseline import BenchContext, per_second
from shared.contracts.envelope import Event
from shared.messaging.streams import ensure_streams
from shared.settings import Settings

EVENTS = int(os.environ.get("GAMONTJ_BENCH_AUDIT_EVENTS", "50000"))
WORKSPACES = 100
WINDOW = 1000


class BenchEventHappened(Event, frozen=True, kw_only=True):
    service: ClassVar[str] = "bench"
    name: ClassVar[str] = "event_happened"
    post_id: str


async def audit_ingest(ctx: BenchContext) -> dict[str, object]:
    """Publish the burst as fast as JetStream takes it, then wait until the trail holds it all."""
    prefix = f"bench{uuid.uuid4().hex[:6]}"
    settings = Settings(nats_url=ctx.nats_url, mongodb_url=ctx.mongo_url, db_prefix=prefix)
    client = await nats.connect(ctx.nats_url)
    await ensure_streams(client.jetstream(), settings)
    audit = _start_audit(ctx, prefix)
    try:
        await _wait_for_health(client)
        started = time.perf_counter()
        published_s = await _publish_burst(client)
        store: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ctx.mongo_url)
        trail = store[settings.database_name("audit")]["trail"]
        drained_s = await _wait_for(trail, EVENTS, timeout_s=900)
        total_s = time.perf_counter() - started
    finally:
        audit.terminate()
        audit.wait(timeout=30)
        await client.close()
    return {
        "events": EVENTS,
        "workspaces": WORKSPACES,
        "jetstream_publish_per_s": per_second(EVENTS, published_s),
        "audit_ingest_per_s": per_second(EVENTS, total_s),
        "audit_drain_after_publish_s": round(drained_s, 2),
    }


def _start_audit(ctx: BenchContext, prefix: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, NATS_URL=ctx.nats_url, MONGODB_URL=ctx.mongo_url)
    env.update(GAMONTJ_DB_PREFIX=prefix, GAMONTJ_LOG_LEVEL="WARNING")
    log = (ctx.work_dir / "audit.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "services.audit"], env=env, stdout=log, stderr=subprocess.STDOUT
    )


async def _wait_for_health(client: NatsClient) -> None:
    for _ in range(100):
        try:
            await client.request("rpc.audit.health", b'{"ctx": {}}', timeout=0.5)
            return
        except (nats.errors.NoRespondersError, nats.errors.TimeoutError):
            await asyncio.sleep(0.1)
    raise RuntimeError("the audit service did not start")


async def _publish_burst(client: NatsClient) -> float:
    js = client.jetstream()
    started = time.perf_counter()
    for window in range(0, EVENTS, WINDOW):
        acks = []
        for i in range(window, min(window + WINDOW, EVENTS)):
            event = BenchEventHappened(tenant_id=f"w{i % WORKSPACES:03d}", post_id=f"p{i}")
            headers = {"Nats-Msg-Id": event.event_id}
            acks.append(js.publish(event.subject, msgspec.json.encode(event), headers=headers))
        await asyncio.gather(*acks)
    return time.perf_counter() - started


async def _wait_for(
    trail: AsyncCollection[dict[str, Any]], expected: int, *, timeout_s: float
) -> float:
    started = time.perf_counter()
    count = 0
    while time.perf_counter() - started < timeout_s:
        count = await trail.estimated_document_count()
        if count >= expected:
            return time.perf_counter() - started
        await asyncio.sleep(0.5)
    raise RuntimeError(f"the trail held {count} of {expected} events after {timeout_s}s")
