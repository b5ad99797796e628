"""Raw infrastructure rates (JetStream acked publishes, store writes) the services build on."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import nats
from nats.js.api import StorageType
from nats.js.errors import NotFoundError
from pymongo import AsyncMongoClient

PAYLOAD = b"x" * 64
STREAM = "BENCH"
SYNC_PUBLISHES = 3_000
WINDOWED_PUBLISHES = 20_000
WINDOW = 1_000
INSERT_ONE_DOCS = 2_000
INSERT_MANY_DOCS = 20_000
INSERT_MANY_BATCH = 1_000


@dataclass(frozen=True)
class BenchContext:
    """What every bench section gets: where the servers are and a scratch directory."""

    nats_url: str
    mongo_url: str
    work_dir: Path

    def say(self, message: str) -> None:
        self.say_to_stderr(message)

    @staticmethod
    def say_to_stderr(message: str) -> None:
        # stdout carries only the final JSON document.
        sys.stderr.write(f"bench: {message}\n")
        sys.stderr.flush()


Section = Callable[[BenchContext], Awaitable[dict[str, object]]]


def per_second(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else float("inf")


async def baseline(ctx: BenchContext) -> dict[str, object]:
    figures: dict[str, object] = {}
    figures.update(await _jetstream(ctx))
    figures.update(await _store(ctx))
    return figures


async def _jetstream(ctx: BenchContext) -> dict[str, object]:
    nc = await nats.connect(ctx.nats_url, connect_timeout=3, max_reconnect_attempts=0)
    try:
        js = nc.jetstream()
        # A stream left by an earlier run on an external server would skew sequence numbers.
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(STREAM)
        await js.add_stream(name=STREAM, subjects=["bench.>"], storage=StorageType.FILE)
        ctx.say(f"JetStream: {SYNC_PUBLISHES} sequential acked publishes")
        started = time.perf_counter()
        for _ in range(SYNC_PUBLISHES):
            await js.publish("bench.sync", PAYLOAD)
        sync_rate = per_second(SYNC_PUBLISHES, time.perf_counter() - started)
        ctx.say(f"JetStream: {WINDOWED_PUBLISHES} publishes in gathered windows of {WINDOW}")
        started = time.perf_counter()
        for _ in range(WINDOWED_PUBLISHES // WINDOW):
            await asyncio.gather(*(js.publish("bench.window", PAYLOAD) for _ in range(WINDOW)))
        windowed_rate = per_second(WINDOWED_PUBLISHES, time.perf_counter() - started)
        ctx.say(f"JetStream: {WINDOWED_PUBLISHES} publish_async + completion")
        started = time.perf_counter()
        for _ in range(WINDOWED_PUBLISHES):
            await js.publish_async("bench.async", PAYLOAD)
        await js.publish_async_completed()
        async_rate = per_second(WINDOWED_PUBLISHES, time.perf_counter() - started)
        await js.delete_stream(STREAM)
    finally:
        await nc.close()
    return {
        "jetstream_acked_publish_sync_per_s": sync_rate,
        "jetstream_acked_publish_windowed_per_s": windowed_rate,
        "jetstream_acked_publish_async_per_s": async_rate,
    }


async def _store(ctx: BenchContext) -> dict[str, object]:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        ctx.mongo_url, serverSelectionTimeoutMS=5000
    )
    # A fresh database per run: an external server may be shared with other work.
    db_name = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        docs = client[db_name]["docs"]
        ctx.say(f"store: {INSERT_ONE_DOCS} sequential insert_one")
        started = time.perf_counter()
        for i in range(INSERT_ONE_DOCS):
            await docs.insert_one({"i": i, "payload": PAYLOAD})
        one_rate = per_second(INSERT_ONE_DOCS, time.perf_counter() - started)
        ctx.say(f"store: {INSERT_MANY_DOCS} docs via insert_many of {INSERT_MANY_BATCH}")
        batches = [
            [{"i": i, "payload": PAYLOAD} for i in range(start, start + INSERT_MANY_BATCH)]
            for start in range(0, INSERT_MANY_DOCS, INSERT_MANY_BATCH)
        ]
        started = time.perf_counter()
        for batch in batches:
            await docs.insert_many(batch)
        many_rate = per_second(INSERT_MANY_DOCS, time.perf_counter() - started)
        await client.drop_database(db_name)
    finally:
        await client.close()
    return {"store_insert_one_per_s": one_rate, "store_insert_many_docs_per_s": many_rate}
