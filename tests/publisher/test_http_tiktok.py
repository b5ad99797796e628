"""The TikTok adapter inside the engine, against the TikTok sandbox (chunked upload, status)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from sandbox.faults import Fault
from sandbox.runner import RunningSandbox, running_sandbox
from services.publisher.adapters.http_tiktok_publisher import HttpTikTokPublisher
from services.publisher.adapters.tiktok_api import chunk_plan, chunk_ranges
from services.publisher.app.create_post import create_post
from services.publisher.app.schedule_post import publish_now
from services.publisher.domain.inputs import MediaInfo, MediaKind
from services.publisher.domain.post import TargetSpec, TikTokOptions
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.target_state import FINAL, TargetState
from shared.store.indexes import ensure_indexes
from tests.sandbox.support import tiktok_login
from tests.support.publisher_fakes import FakeClock, FakeConnectionDirectory, FakeMediaCatalog
from tests.support.publisher_rig import INDEXES, Rig, make_core, running
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

SIZES = {"m_small": 300_000, "m_big": 11_000_000}


def _payload(size: int) -> bytes:
    return bytes(i % 251 for i in range(size))


def _media_plane(request: httpx.Request) -> httpx.Response:
    """Our media plane's signed URLs (FakeMediaCatalog hands out http://media.test/<id>)."""
    size = SIZES[request.url.path.strip("/")]
    return httpx.Response(200, content=_payload(size), headers={"Content-Type": "video/mp4"})


@pytest.fixture(scope="module")
async def sandbox() -> AsyncIterator[RunningSandbox]:
    async with running_sandbox() as running:
        yield running


async def _rig(
    sb: RunningSandbox, db: AsyncDatabase[Any], scopes: str
) -> AsyncIterator[tuple[Rig, RunningSandbox]]:
    sb.state.reset()
    sb.state.config.rate_limits_enabled = False
    await ensure_indexes(db, INDEXES)
    async with httpx.AsyncClient(base_url=sb.base_url, timeout=5) as login:
        token = await tiktok_login(login, scopes)
    mounts = {"http://media.test": httpx.MockTransport(_media_plane)}
    async with httpx.AsyncClient(timeout=5, mounts=mounts) as http:
        provider = HttpTikTokPublisher(http, chunk_size=5_000_000, status_poll_interval_s=0.05)
        connections = FakeConnectionDirectory()
        connections.add(
            "t_one", "c_t", "tiktok", scopes=tuple(token["scope"].split(",")),
            endpoint=sb.url("tiktok"), token=token["access_token"],
        )  # fmt: skip
        media, clock = FakeMediaCatalog(), FakeClock()
        for media_id, size in SIZES.items():
            media.add(
                MediaInfo(
                    id=media_id,
                    tenant_id="t_one",
                    kind=MediaKind.VIDEO,
                    status="ready",
                    mime="video/mp4",
                    size_bytes=size,
                    duration_s=12.0,
                )
            )
        core = make_core(db, provider, connections, media, clock)
        yield Rig(db, core, provider, connections, media, clock), sb  # type: ignore[arg-type]


@pytest.fixture
async def tiktok_rig(
    sandbox: RunningSandbox, publisher_db: AsyncDatabase[Any]
) -> AsyncIterator[tuple[Rig, RunningSandbox]]:
    async for rig in _rig(sandbox, publisher_db, "user.info.basic,video.publish,video.upload"):
        yield rig


@pytest.fixture
async def inbox_rig(
    sandbox: RunningSandbox, publisher_db: AsyncDatabase[Any]
) -> AsyncIterator[tuple[Rig, RunningSandbox]]:
    async for rig in _rig(sandbox, publisher_db, "user.info.basic,video.upload"):
        yield rig


async def publish_video(rig: Rig, media_id: str = "m_small", inbox: bool = False) -> TargetRecord:
    options = None if inbox else TikTokOptions(privacy_level="SELF_ONLY")
    spec = TargetSpec(id="", connection_id="c_t", provider="tiktok", tiktok=options)
    details = await create_post(
        rig.core, rig.ctx(), text="hello tiktok #gamontj", media=(media_id,), tags=(),
        targets=(spec,), idempotency_key="", fingerprint="",
    )  # fmt: skip
    await publish_now(rig.core, rig.ctx(), details.post.id, "UTC")
    return await rig.record("t_one", details.post.targets[0].id)


async def run_until_final(rig: Rig, record: TargetRecord) -> TargetRecord:
    async with running(rig.core):
        return await eventually(
            lambda: rig.record("t_one", record.id), lambda r: r.state in FINAL, within_s=10
        )


def accepted(sb: RunningSandbox) -> list[Any]:
    return sb.state.counters.posts_for("tiktok")


async def test_a_small_video_is_posted_directly_once(
    tiktok_rig: tuple[Rig, RunningSandbox],
) -> None:
    rig, sb = tiktok_rig
    done = await run_until_final(rig, await publish_video(rig))
    assert done.state is TargetState.PUBLISHED, done
    posts = accepted(sb)
    assert len(posts) == 1 and posts[0].kind == "video_direct"
    assert posts[0].details["source_info"]["total_chunk_count"] == 1
    assert done.handle is not None and done.handle.value == posts[0].post_id


async def test_without_video_publish_the_video_goes_to_the_inbox(
    inbox_rig: tuple[Rig, RunningSandbox],
) -> None:
    rig, sb = inbox_rig
    done = await run_until_final(rig, await publish_video(rig, inbox=True))
    assert done.state is TargetState.PUBLISHED, done
    posts = accepted(sb)
    assert len(posts) == 1 and posts[0].kind == "video_inbox"
    assert sb.state.counters.calls_to("tiktok", "video_init") == 0


async def test_an_11_mb_video_is_uploaded_in_two_chunks(
    tiktok_rig: tuple[Rig, RunningSandbox],
) -> None:
    rig, sb = tiktok_rig
    done = await run_until_final(rig, await publish_video(rig, "m_big"))
    assert done.state is TargetState.PUBLISHED, done
    posts = accepted(sb)
    assert len(posts) == 1
    source = posts[0].details["source_info"]
    assert (source["chunk_size"], source["total_chunk_count"]) == (5_000_000, 2)
    assert sb.state.counters.calls_to("tiktok", "upload") == 2


async def test_a_failed_status_fails_the_target_with_tiktoks_reason(
    tiktok_rig: tuple[Rig, RunningSandbox],
) -> None:
    rig, sb = tiktok_rig
    sb.state.config.tiktok.fail_reason = "duration_check_failed"
    done = await run_until_final(rig, await publish_video(rig))
    assert done.state is TargetState.FAILED and done.failure is not None
    assert done.failure.code == "tiktok_duration_check_failed"


async def test_a_429_on_init_is_retried_later(tiktok_rig: tuple[Rig, RunningSandbox]) -> None:
    rig, sb = tiktok_rig
    sb.state.faults.add(
        Fault(provider="tiktok", kind="rate_limit", endpoint="video_init", times=1, retry_after_s=1)
    )
    done = await run_until_final(rig, await publish_video(rig))
    assert done.state is TargetState.PUBLISHED, done
    assert sb.state.counters.calls_to("tiktok", "video_init") == 2
    assert len(accepted(sb)) == 1


def test_chunk_plans_follow_the_documented_rules() -> None:
    assert chunk_plan(4_999_999, 10_000_000) == (4_999_999, 1)
    assert chunk_plan(11_000_000, 5_000_000) == (5_000_000, 2)
    assert chunk_ranges(11_000_000, 5_000_000, 2) == [(0, 4_999_999), (5_000_000, 10_999_999)]
    assert chunk_plan(50_000_000, 10_000_000) == (10_000_000, 5)


async def test_an_invalid_token_needs_reauth_and_posts_nothing(
    tiktok_rig: tuple[Rig, RunningSandbox],
) -> None:
    rig, sb = tiktok_rig
    record = await publish_video(rig)
    rig.connections.tokens["c_t"] = "revoked-or-unknown"
    done = await run_until_final(rig, record)
    assert done.state is TargetState.FAILED and done.failure is not None
    assert done.failure.code == "connection_needs_reauth"
    assert accepted(sb) == []
