"""`python -m shared.healthcheck`, the exec probe of the backend services, against real NATS."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import nats
import pytest
from nats.aio.client import Client
from nats.aio.msg import Msg

from shared.healthcheck import check, main
from tests.deploy.layout import REPO

pytestmark = pytest.mark.integration

Reply = Callable[[Msg], Awaitable[None]]


@pytest.fixture
async def client(nats_url: str) -> AsyncIterator[Client]:
    connection = await nats.connect(nats_url)
    yield connection
    await connection.close()


@pytest.fixture
def service() -> str:
    """A service name of this test's own, so no other responder answers for it."""
    return f"probe{uuid.uuid4().hex[:8]}"


async def respond(client: Client, service: str, body: dict[str, Any] | bytes) -> None:
    """A stand-in service answering rpc.<service>.health the way shared.runtime does."""
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()

    async def answer(message: Msg) -> None:
        assert json.loads(message.data) == {"ctx": {}}
        await message.respond(payload)

    await client.subscribe(f"rpc.{service}.health", queue=service, cb=answer)
    await client.flush()


def health(ok: bool, mongo: bool) -> dict[str, Any]:
    return {"ok": True, "data": {"service": "x", "ok": ok, "mongo": mongo}}


async def test_a_service_that_can_work_is_ready_and_alive(
    nats_url: str, client: Client, service: str
) -> None:
    await respond(client, service, health(ok=True, mongo=True))
    assert await check(nats_url, service) is None
    assert await check(nats_url, service, liveness=True) is None


async def test_a_service_without_its_store_is_alive_but_not_ready(
    nats_url: str, client: Client, service: str
) -> None:
    await respond(client, service, health(ok=False, mongo=False))
    assert await check(nats_url, service) == f"rpc.{service}.health answered not ok (mongo=false)"
    assert await check(nats_url, service, liveness=True) is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            {
                "ok": False,
                "problem": {"type": "t", "title": "t", "status": 500, "code": "internal_error"},
            },
            "answered a problem: internal_error",
        ),
        (b"<html>", "not a health reply"),
    ],
    ids=["problem", "garbage"],
)
async def test_a_wrong_answer_fails_both_probes(
    nats_url: str, client: Client, service: str, body: dict[str, Any] | bytes, reason: str
) -> None:
    await respond(client, service, body)
    for liveness in (False, True):
        failure = await check(nats_url, service, liveness=liveness)
        assert failure is not None and reason in failure


async def test_no_instance_and_a_silent_instance_fail_fast(
    nats_url: str, client: Client, service: str
) -> None:
    assert (
        await check(nats_url, service)
        == f"no {service} instance subscribes to rpc.{service}.health"
    )

    async def hang(_: Msg) -> None:
        await asyncio.sleep(1)

    await client.subscribe(f"rpc.{service}.health", cb=hang)
    await client.flush()
    assert (
        await check(nats_url, service, timeout_s=0.2)
        == f"rpc.{service}.health did not answer within 0.2s"
    )


async def test_an_unreachable_nats_is_reported_without_its_credentials() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    reason = await asyncio.wait_for(check(f"nats://user:pw@127.0.0.1:{port}", "auth"), 5)
    assert reason is not None and reason.startswith(f"cannot reach NATS at nats://127.0.0.1:{port}")
    assert "pw" not in reason


async def test_main_reads_nats_url_and_reports_one_line(
    nats_url: str,
    client: Client,
    service: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NATS_URL", nats_url)
    await respond(client, service, health(ok=False, mongo=False))
    # main() runs its own event loop, so it runs in a thread while this loop answers.
    assert await asyncio.to_thread(main, [service, "--liveness"]) == 0
    assert await asyncio.to_thread(main, [service]) == 1
    assert (
        capsys.readouterr().err
        == f"{service} unhealthy: rpc.{service}.health answered not ok (mongo=false)\n"
    )


def test_a_service_name_cannot_widen_the_subject() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["auth.>"])
    assert exited.value.code == 2


async def test_the_module_is_the_exec_probe_kubernetes_runs(
    nats_url: str, client: Client, service: str
) -> None:
    await respond(client, service, health(ok=True, mongo=True))
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "shared.healthcheck",
        service,
        cwd=REPO,
        env={**os.environ, "NATS_URL": nats_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert (process.returncode, out, err) == (0, b"", b"")
