"""A real publisher process SIGKILLed mid-publish, restarted: every target published once.

The gateway, auth, media, audit and an API-only publisher run in the test's loop; the
scheduler runs in `python -m services.publisher`, a process of its own. The sandbox holds the
provider's answers after it has accepted the posts, the process is killed by its PID while it
waits, and a new process takes over once the lease has expired: each target is unconfirmed,
reconciled against the provider and published, with exactly one post per target in the
sandbox's own ledger.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msgspec
import pytest

from sandbox.faults import Fault
from sandbox.runner import RunningSandbox
from shared.settings import Settings, env_name
from shared.telemetry import Telemetry
from tests.auth.helpers import register
from tests.auth.platform import Platform, module_settings, running
from tests.e2e.conftest import point_providers_at
from tests.e2e.publishing import (
    attempts,
    connect,
    create_post,
    publish_now,
    read_post,
    target_for,
    upload_video,
    wait_settled,
)
from tests.support.platform import REPO_ROOT
from tests.support.waiting import eventually

pytestmark = [pytest.mark.integration, pytest.mark.slow]

LEASE_S = 2.0
HOLD_MS = 120_000  # far longer than the test: only the kill ends the wait
WORKER_TIMINGS: dict[str, Any] = {
    "publisher_lease_s": LEASE_S,
    "publisher_idle_s": 0.1,
    "publisher_http_timeout_s": 60.0,
    "publisher_backoff_base_s": 0.1,
    "publisher_poll_gap_s": 0.1,
    "publisher_poll_cap_s": 0.5,
    "publisher_reconcile_delay_s": 0.2,
    "outbox_poll_s": 0.05,
    "log_level": "WARNING",
}
HELD = {"mastodon": "statuses", "bluesky": "createRecord", "tiktok": "status_fetch"}


@pytest.fixture
async def platform(
    nats_url: str,
    mongo_url: str,
    tmp_path: Path,
    telemetry: Telemetry,
    sandbox: RunningSandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Platform]:
    """Everything but the scheduler in this loop: the in-process publisher only serves RPCs."""
    point_providers_at(monkeypatch, sandbox)
    base = module_settings(nats_url, mongo_url, tmp_path)
    settings = msgspec.structs.replace(base, publisher_scheduler=False)
    async with running(settings, telemetry, also=("media", "publisher", "audit")) as started:
        yield started


def worker_env(settings: Settings, log_dir: Path) -> dict[str, str]:
    """The same databases and broker as the platform, with short leases and quick polls."""
    env = dict(os.environ)
    fields = {
        "env": "test",
        "nats_url": settings.nats_url,
        "mongodb_url": settings.mongodb_url,
        "db_prefix": settings.db_prefix,
        "data_dir": str(log_dir),
        "publisher_scheduler": "true",
        **WORKER_TIMINGS,
    }
    env.update({env_name(name): str(value) for name, value in fields.items()})
    return env


@contextmanager
def publisher_process(
    settings: Settings, log_dir: Path, name: str
) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m services.publisher` as its own process, stopped by its PID at the end."""
    log = (log_dir / f"{name}.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.publisher"],
        cwd=REPO_ROOT,
        env=worker_env(settings, log_dir),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


async def sigkill(proc: subprocess.Popen[bytes]) -> None:
    """Kill the process by its PID, with no chance to clean up, and reap it."""
    os.kill(proc.pid, signal.SIGKILL)
    await eventually(_returncode(proc), lambda code: code is not None, within_s=10)
    assert proc.returncode == -signal.SIGKILL, proc.returncode


def _returncode(proc: subprocess.Popen[bytes]) -> Callable[[], Awaitable[int | None]]:
    async def probe() -> int | None:
        return proc.poll()  # never blocks

    return probe


async def test_a_publisher_killed_mid_publish_is_recovered_by_a_new_process_without_a_duplicate(
    platform: Platform, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    http = platform.http
    owner = await register(http)
    connections = {p: await connect(http, owner, p) for p in HELD}
    video = await upload_video(http, owner, tmp_path)
    # Bluesky takes images only: the video goes to TikTok in a post of its own.
    text_only = [target_for(p, connections[p]["id"]) for p in ("mastodon", "bluesky")]
    post_ids = [
        await create_post(http, owner, text_only, media=[]),
        await create_post(http, owner, [target_for("tiktok", connections["tiktok"]["id"])],
                          media=[video]),
    ]  # fmt: skip
    faults = {
        provider: sandbox.state.faults.add(
            Fault(provider=provider, endpoint=endpoint, kind="hold_answer", latency_ms=HOLD_MS)
        )
        for provider, endpoint in HELD.items()
    }
    counters = sandbox.state.counters

    def all_held() -> bool:
        # Mastodon and Bluesky accepted their posts; TikTok's upload is done and its status
        # fetch is being held: every answer is on its way to a process about to die.
        accepted = {p.provider for p in counters.posts}
        tiktok = [p for p in sandbox.state.tiktok.publishes.values() if p.upload_complete]
        return (
            {"mastodon", "bluesky", "tiktok"} <= accepted
            and bool(tiktok)
            and (counters.calls_to("tiktok", "status_fetch") >= 1)
        )

    async def held() -> bool:
        return all_held()

    with publisher_process(platform.settings, tmp_path, "first") as first:
        for post_id in post_ids:
            await publish_now(http, owner, post_id)
        await eventually(held, bool, within_s=30, every_s=0.05)
        for post_id in post_ids:
            midway = await read_post(http, owner, post_id)
            assert {t["state"] for t in midway["targets"]} == {"publishing"}, midway
        await sigkill(first)
    for fault in faults.values():  # the provider answers now, to a connection nobody holds
        sandbox.state.faults.remove(fault.id)

    with publisher_process(platform.settings, tmp_path, "second"):
        posts = [await wait_settled(http, owner, p, within_s=60) for p in post_ids]

    by_provider = {t["provider"]: t for post in posts for t in post["targets"]}
    assert {p: t["state"] for p, t in by_provider.items()} == dict.fromkeys(HELD, "published")
    for provider in HELD:
        accepted = [p for p in counters.posts if p.provider == provider]
        assert len(accepted) == 1, (provider, accepted)  # exactly once, by the sandbox's count
    assert counters.calls_to("mastodon", "statuses") == 2  # the lost call and one replay
    assert counters.calls_to("bluesky", "createRecord") == 1  # found by getRecord, not re-sent
    assert counters.calls_to("tiktok", "video_init") == 1  # the publish_id was kept

    tried = await attempts(http, owner, post_ids[0])
    for provider in ("mastodon", "bluesky"):
        target_id = by_provider[provider]["target_id"]
        mine = [(a["kind"], a["outcome"]) for a in tried if a["target_id"] == target_id]
        assert [kind for kind, _ in mine] == ["publish", "reconcile"], tried
        assert mine[1][1] == "found", tried

    async def trail() -> dict[str, int]:
        counts: dict[str, int] = {}
        for name in ("post_published", "post_unconfirmed"):
            params: dict[str, str | int] = {"type": f"publisher.{name}", "limit": 200}
            page = await http.get("/v1/audit/events", params=params, headers=owner.headers)
            counts[name] = len(page.json().get("items", []))
        return counts

    # Mastodon and Bluesky were unconfirmed, then reconciled; TikTok kept its publish_id.
    expected = {"post_published": 3, "post_unconfirmed": 2}
    assert await eventually(trail, lambda c: c == expected, within_s=20) == expected
