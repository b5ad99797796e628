"""The Mastodon adapter inside the engine, against the Mastodon sandbox and its faults."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from sandbox.faults import Fault
from sandbox.runner import RunningSandbox, running_sandbox
from services.publisher.adapters.http_mastodon_publisher import HttpMastodonPublisher
from services.publisher.app.create_post import create_post
from services.publisher.app.schedule_post import publish_now
from services.publisher.domain.post import MastodonOptions, TargetSpec
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.target_state import FINAL, TargetState
from shared.store.indexes import ensure_indexes
from tests.sandbox.support import mastodon_login
from tests.support.publisher_fakes import (
    FakeClock,
    FakeConnectionDirectory,
    FakeMediaCatalog,
)
from tests.support.publisher_rig import INDEXES, Rig, make_core, running
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def sandbox() -> AsyncIterator[RunningSandbox]:
    async with running_sandbox() as running:
        yield running


@pytest.fixture
async def mastodon_rig(
    sandbox: RunningSandbox, publisher_db: AsyncDatabase[Any]
) -> AsyncIterator[tuple[Rig, RunningSandbox]]:
    sandbox.state.reset()
    await ensure_indexes(publisher_db, INDEXES)
    async with httpx.AsyncClient(base_url=sandbox.base_url, timeout=5) as login:
        token = await mastodon_login(login)
    async with httpx.AsyncClient(timeout=0.5) as http:
        provider = HttpMastodonPublisher(http, media_poll_s=0.01)
        connections = FakeConnectionDirectory()
        connections.add("t_one", "c_m", "mastodon", endpoint=sandbox.url("mastodon"), token=token)
        media, clock = FakeMediaCatalog(), FakeClock()
        core = make_core(publisher_db, provider, connections, media, clock)
        yield Rig(publisher_db, core, provider, connections, media, clock), sandbox  # type: ignore[arg-type]


async def publish(rig: Rig, text: str = "hello fediverse") -> TargetRecord:
    spec = TargetSpec(
        id="", connection_id="c_m", provider="mastodon",
        mastodon=MastodonOptions(visibility="unlisted", spoiler_text="cw"),
    )  # fmt: skip
    details = await create_post(
        rig.core, rig.ctx(), text=text, media=(), tags=(), targets=(spec,),
        idempotency_key="", fingerprint="",
    )  # fmt: skip
    await publish_now(rig.core, rig.ctx(), details.post.id, "UTC")
    return await rig.record("t_one", details.post.targets[0].id)


def sandbox_posts(sb: RunningSandbox, key: str) -> int:
    return sum(1 for p in sb.state.counters.posts_for("mastodon") if p.key == key)


FAULTS = {
    "no fault": None,
    "503 once": Fault(provider="mastodon", kind="error", endpoint="statuses", times=1),
    "429 with reset": Fault(
        provider="mastodon", kind="rate_limit", endpoint="statuses", times=1, retry_after_s=1
    ),
    "reset before processing": Fault(
        provider="mastodon", kind="reset_before", endpoint="statuses", times=1
    ),
    "reset after processing": Fault(
        provider="mastodon", kind="reset_after", endpoint="statuses", times=1
    ),
    "timeout after the provider accepted": Fault(
        provider="mastodon", kind="latency", endpoint="statuses", times=1, latency_ms=900
    ),
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
async def test_a_mastodon_status_is_posted_exactly_once_whatever_the_fault(
    mastodon_rig: tuple[Rig, RunningSandbox], fault: Fault | None
) -> None:
    rig, sb = mastodon_rig
    if fault is not None:
        sb.state.faults.add(fault)
    record = await publish(rig)
    async with running(rig.core):
        done = await eventually(
            lambda: rig.record("t_one", record.id), lambda r: r.state in FINAL, within_s=10
        )
    assert done.state is TargetState.PUBLISHED, done
    assert sandbox_posts(sb, done.key) == 1
    assert done.url and done.provider_post_id
    calls = sb.state.counters.calls_to("mastodon", "statuses")
    assert calls == (1 if fault is None else 2)  # the fault was met, then a single repeat


async def test_a_revoked_mastodon_token_fails_the_target_as_needing_reauth(
    mastodon_rig: tuple[Rig, RunningSandbox],
) -> None:
    rig, sb = mastodon_rig
    record = await publish(rig)
    rig.connections.tokens["c_m"] = "revoked-or-unknown"
    async with running(rig.core):
        done = await eventually(lambda: rig.record("t_one", record.id), lambda r: r.state in FINAL)
    assert done.state is TargetState.FAILED and done.failure is not None
    assert done.failure.code == "connection_needs_reauth"
    assert sb.state.counters.posts_for("mastodon") == []
