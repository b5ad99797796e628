"""A service process: fails fast with a clear message, drains in-flight work when stopped."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import msgspec
import pytest
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext

from shared.contracts.rpc import RpcRequest
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.rpc import RpcClient, rpc_handler
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.support.platform import REPO_ROOT, start_service_app

pytestmark = pytest.mark.integration


class SlowWork(RpcRequest, frozen=True, kw_only=True):
    seconds: float


class WorkDone(msgspec.Struct, frozen=True):
    finished: bool


async def test_a_stopping_service_finishes_the_request_it_is_handling(
    settings: Settings, telemetry: Telemetry, js: JetStreamContext
) -> None:
    started = asyncio.Event()

    def add_slow_handler(app_broker: NatsBroker) -> None:
        @rpc_handler(app_broker, "rpc.audit.kerneltest_slow", queue="audit", request_type=SlowWork)
        async def slow(request: SlowWork) -> WorkDone:
            started.set()
            await asyncio.sleep(request.seconds)
            return WorkDone(finished=True)

    app = await start_service_app("audit", settings, telemetry, before_start=add_slow_handler)
    caller = make_broker(settings, service="caller")
    await connect_broker(caller, settings)
    try:
        rpc = RpcClient(caller, timeout_s=5)
        call = asyncio.create_task(
            rpc.call("rpc.audit.kerneltest_slow", SlowWork(seconds=0.5), WorkDone)
        )
        await started.wait()
        await app.stop()  # what SIGTERM triggers
        assert (await call).finished is True
    finally:
        await caller.stop()


def test_a_service_without_nats_exits_with_a_message_naming_the_url(settings: Settings) -> None:
    env = dict(os.environ)
    env.update(
        NATS_URL="nats://127.0.0.1:1",
        MONGODB_URL=settings.mongodb_url,
        GAMONTJ_CONNECT_TIMEOUT_S="1",
    )
    result = subprocess.run(
        [sys.executable, "-m", "services.publisher"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "cannot reach NATS at nats://127.0.0.1:1" in result.stderr


def test_a_service_without_its_store_exits_with_a_message_naming_the_url(
    settings: Settings,
) -> None:
    env = dict(os.environ)
    env.update(
        NATS_URL=settings.nats_url,
        MONGODB_URL="mongodb://127.0.0.1:1",
        GAMONTJ_CONNECT_TIMEOUT_S="1",
    )
    result = subprocess.run(
        [sys.executable, "-m", "services.media"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "cannot reach MongoDB at mongodb://127.0.0.1:1" in result.stderr
