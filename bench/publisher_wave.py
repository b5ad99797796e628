"""Bench: a wave of targets due at one instant, published by two publisher processes.

Real auth (tokens through `rpc.auth.connection_token`), real store and broker, the provider
sandbox with rate limits off and no added latency (Mastodon: one HTTP call per post plus the
instance limits), two `python -m services.publisher` processes of their own.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from bench.baseline import BenchContext
from bench.wave_cpu import CpuMeter, pids_listening_on
from bench.wave_platform import Processes, service_env, wait_for_gateway, wait_for_service
from bench.wave_report import sandbox_figures, stored_figures, unfinished
from bench.wave_seed import seed_targets, workspaces
from sandbox.config import SandboxConfig
from sandbox.consent import Consent
from sandbox.runner import RunningSandbox, running_sandbox
from sandbox.state import SandboxState
from shared.localstack.processes import free_port
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.rpc import RpcClient
from shared.settings import Settings
from shared.store.values import epoch_ms

TARGETS_ENV = "GAMONTJ_BENCH_WAVE_TARGETS"
WORKSPACES = 100
PUBLISHERS = 2


async def publisher_wave(ctx: BenchContext) -> dict[str, object]:
    targets = int(os.environ.get(TARGETS_ENV, "10000"))
    spaces = min(WORKSPACES, targets)
    per_workspace = max(1, targets // spaces)
    state = SandboxState(SandboxConfig(rate_limits_enabled=False))
    for i in range(spaces):  # one Mastodon account per workspace, so counts are per account
        state.consents.add(Consent(provider="mastodon", account=f"wave{i:03d}"))
    async with running_sandbox(state) as sandbox:
        return await _wave(ctx, sandbox, spaces, per_workspace)


async def _wave(
    ctx: BenchContext, sandbox: RunningSandbox, spaces: int, per_workspace: int
) -> dict[str, object]:
    prefix = f"wave{uuid.uuid4().hex[:8]}"
    port = free_port()
    gateway_url = f"http://127.0.0.1:{port}"
    env = service_env(
        nats_url=ctx.nats_url,
        mongo_url=ctx.mongo_url,
        prefix=prefix,
        data_dir=ctx.work_dir / f"{prefix}-data",
        sandbox_url=sandbox.base_url,
        public=gateway_url,
    )
    log_dir = ctx.work_dir / f"{prefix}-logs"
    log_dir.mkdir()
    processes = Processes(log_dir=log_dir, env=env)
    settings = Settings(nats_url=ctx.nats_url, mongodb_url=ctx.mongo_url, db_prefix=prefix)
    broker = make_broker(settings, service="bench")
    await connect_broker(broker, settings)
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ctx.mongo_url)
    try:
        processes.start("auth", "services.auth")
        processes.start("gateway", "services.gateway", GAMONTJ_HTTP_PORT=str(port))
        for n in range(PUBLISHERS):
            processes.start(f"publisher{n + 1}", "services.publisher")
        rpc = RpcClient(broker, timeout_s=5.0)
        for service in ("auth", "publisher"):
            await wait_for_service(rpc, service, processes)
        await wait_for_gateway(gateway_url, processes)
        ctx.say(f"publisher_wave: {spaces} workspaces with a Mastodon connection (via gateway)")
        seeded = await workspaces(gateway_url, spaces)
        processes.stop("gateway")  # seeding is over; it would only take CPU
        db = mongo[settings.database_name("publisher")]
        figures = await _run(ctx, db, sandbox, processes, seeded, per_workspace)
        figures["processes"] = {
            name: processes.pid(name) for name in ("auth", "publisher1", "publisher2")
        }
        return figures
    finally:
        processes.stop_all()
        await broker.stop()
        for name in await mongo.list_database_names():
            if name.startswith(prefix + "_"):
                await mongo.drop_database(name)
        await mongo.close()


async def _run(
    ctx: BenchContext,
    db: AsyncDatabase[Any],
    sandbox: RunningSandbox,
    processes: Processes,
    seeded: list[Any],
    per_workspace: int,
) -> dict[str, object]:
    total = len(seeded) * per_workspace
    due = _next_second(datetime.now(UTC) + timedelta(seconds=3 + total / 2000))
    ctx.say(f"publisher_wave: seeding {total} targets due at {due.isoformat()}")
    await seed_targets(db, seeded, per_workspace, due)
    seeded_before_due = datetime.now(UTC) < due
    processes.check_alive()
    meter = CpuMeter(_pids(ctx, processes))
    meter.start()
    deadline = time.monotonic() + 120 + total / 20
    ctx.say("publisher_wave: waiting for the wave to drain")
    while len(sandbox.state.counters.posts) < total and time.monotonic() < deadline:
        processes.check_alive()
        await asyncio.sleep(0.2)
    await _until_stored(db, deadline)
    meter.stop()
    figures: dict[str, object] = {
        "targets": total,
        "workspaces": len(seeded),
        "publisher_processes": PUBLISHERS,
        "provider": "mastodon sandbox, rate limits off, no added latency",
        "seeding": "workspaces and connections via gateway+auth (OAuth consent at the sandbox);"
        " posts and scheduled targets via the publisher's document mapping (insert_many)",
        "seeded_before_due": seeded_before_due,
    }
    figures |= await stored_figures(db, epoch_ms(due))
    figures |= sandbox_figures(sandbox.state, len(seeded), per_workspace)
    figures |= _cpu_figures(meter, total)
    return figures


def _pids(ctx: BenchContext, processes: Processes) -> dict[str, int]:
    pids = {name: processes.pid(name) for name in ("auth", "publisher1", "publisher2")}
    pids["bench_and_sandbox"] = os.getpid()
    for name, binary, url in (
        ("store", "nx-27017", ctx.mongo_url),
        ("broker", "nats", ctx.nats_url),
    ):
        port = urlsplit(url).port
        found = pids_listening_on(port, binary) if port else []
        if found:
            pids[name] = found[0]
    return pids


def _cpu_figures(meter: CpuMeter, total: int) -> dict[str, object]:
    """CPU of the wave's own processes: other load on a shared machine stretches the wall
    time, much less the CPU each target costs."""
    spent = sum(meter.spent.values())
    cpus = os.cpu_count() or 1
    return {
        "cpu_s_by_process": meter.spent,
        "cpu_ms_per_target": round(1000 * spent / total, 2) if total else None,
        "rate_the_cpus_allow_per_s": round(total * cpus / spent, 1) if spent else None,
    }


async def _until_stored(db: AsyncDatabase[Any], deadline: float) -> None:
    """The sandbox has every post: wait (generously) for the store to say every target is final."""
    while time.monotonic() < deadline:
        if not await unfinished(db):
            return
        await asyncio.sleep(1.0)


def _next_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0) + timedelta(seconds=1)
