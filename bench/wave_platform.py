"""Service processes for the publisher wave: auth, a gateway for seeding, publishers."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from shared.contracts.rpc import HealthReply, HealthRequest, health_subject
from shared.errors import Problem
from shared.messaging.rpc import RpcClient


@dataclass
class Processes:
    """Every process the section started, stopped in reverse order by their own PIDs."""

    log_dir: Path
    env: Mapping[str, str]
    started: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(self, name: str, module: str, **extra_env: str) -> subprocess.Popen[bytes]:
        env = dict(self.env) | extra_env
        with (self.log_dir / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", module], env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self.started.append((name, process))
        return process

    def pid(self, name: str) -> int:
        return next(p.pid for n, p in self.started if n == name)

    def stop(self, name: str) -> None:
        for n, process in self.started:
            if n == name:
                _stop(process)

    def stop_all(self) -> None:
        for _, process in reversed(self.started):
            _stop(process)

    def check_alive(self) -> None:
        for name, process in self.started:
            code = process.poll()
            if code is not None and process.returncode not in (0, -signal.SIGTERM):
                log = (self.log_dir / f"{name}.log").read_text(errors="replace")[-1500:]
                raise RuntimeError(f"{name} exited with {code}: {log}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def wait_for_service(rpc: RpcClient, service: str, processes: Processes) -> None:
    """Until the service answers its health RPC with a reachable store."""
    for _ in range(600):
        processes.check_alive()
        try:
            reply = await rpc.call(
                health_subject(service), HealthRequest(), HealthReply, timeout_s=1.0
            )
            if reply.ok:
                return
        except Problem:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{service} did not become healthy")


async def wait_for_gateway(base_url: str, processes: Processes) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=2.0) as client:
        for _ in range(600):
            processes.check_alive()
            try:
                if (await client.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the gateway did not start")


def service_env(
    *, nats_url: str, mongo_url: str, prefix: str, data_dir: Path, sandbox_url: str, public: str
) -> dict[str, str]:
    """One environment for every process of the section (same databases, same sandbox)."""
    env = dict(os.environ)
    env.update(
        NATS_URL=nats_url,
        MONGODB_URL=mongo_url,
        GAMONTJ_DB_PREFIX=prefix,
        GAMONTJ_DATA_DIR=str(data_dir),
        GAMONTJ_LOG_LEVEL="WARNING",
        # A shared, busy machine: RPCs (OAuth callback, token fetches) may queue for a while.
        GAMONTJ_RPC_TIMEOUT_S="20",
        GAMONTJ_MASTODON_INSTANCE_URL=f"{sandbox_url}/mastodon",
        GAMONTJ_PUBLIC_BASE_URL=public,
        # Seeding registers 100 people: the cheapest hashing, as the tests use.
        GAMONTJ_ARGON2_TIME_COST="1",
        GAMONTJ_ARGON2_MEMORY_KIB="256",
        GAMONTJ_ARGON2_PARALLELISM="1",
    )
    return env
