"""The Bluesky adapter inside the engine, against the Bluesky sandbox and its faults."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from sandbox.faults import Fault
from sandbox.runner import RunningSandbox, running_sandbox
from services.publisher.adapters.bluesky_errors import xrpc_http_error
from services.publisher.adapters.bluesky_richtext import facets_for, rkey_for
from services.publisher.adapters.http_bluesky_publisher import HttpBlueskyPublisher
from services.publisher.app.create_post import create_post
from services.publisher.app.schedule_post import publish_now
from services.publisher.domain.errors import ValidationFailed
from services.publisher.domain.inputs import ConnectionInfo, MediaInfo, MediaKind
from services.publisher.domain.post import TargetSpec
from services.publisher.domain.publishing import ErrorKind
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.target_state import FINAL, TargetState
from shared.store.indexes import ensure_indexes
from tests.sandbox.support import bluesky_login
from tests.support.publisher_fakes import FakeClock, FakeConnectionDirectory, FakeMediaCatalog
from tests.support.publisher_rig import INDEXES, Rig, make_core, running
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
POST = "app.bsky.feed.post"


@pytest.fixture(scope="module")
async def sandbox() -> AsyncIterator[RunningSandbox]:
    async with running_sandbox() as running:
        yield running


def _media_plane(request: httpx.Request) -> httpx.Response:
    """Our media plane's signed URLs (FakeMediaCatalog hands out http://media.test/...)."""
    return httpx.Response(200, content=PNG, headers={"Content-Type": "image/png"})


@pytest.fixture
async def bluesky_rig(
    sandbox: RunningSandbox, publisher_db: AsyncDatabase[Any]
) -> AsyncIterator[tuple[Rig, RunningSandbox, str]]:
    sandbox.state.reset()
    await ensure_indexes(publisher_db, INDEXES)
    async with httpx.AsyncClient(base_url=sandbox.base_url, timeout=5) as login:
        session = await bluesky_login(login)
    mounts = {"http://media.test": httpx.MockTransport(_media_plane)}
    async with httpx.AsyncClient(timeout=0.5, mounts=mounts) as http:
        provider = HttpBlueskyPublisher(http)
        connections = FakeConnectionDirectory()
        connections.add("t_one", "c_b", "bluesky", token=session["accessJwt"])
        connections.connections[("t_one", "c_b")] = ConnectionInfo(
            id="c_b",
            provider="bluesky",
            account_id=session["did"],
            handle=session["handle"],
            endpoint=sandbox.url("bluesky"),
        )
        media, clock = FakeMediaCatalog(), FakeClock()
        core = make_core(publisher_db, provider, connections, media, clock)
        rig = Rig(publisher_db, core, provider, connections, media, clock)  # type: ignore[arg-type]
        yield rig, sandbox, session["did"]


async def publish(rig: Rig, text: str, media: tuple[str, ...] = ()) -> TargetRecord:
    spec = TargetSpec(id="", connection_id="c_b", provider="bluesky")
    details = await create_post(
        rig.core, rig.ctx(), text=text, media=media, tags=(), targets=(spec,),
        idempotency_key="", fingerprint="",
    )  # fmt: skip
    await publish_now(rig.core, rig.ctx(), details.post.id, "UTC")
    return await rig.record("t_one", details.post.targets[0].id)


async def run_until_final(rig: Rig, record: TargetRecord) -> TargetRecord:
    async with running(rig.core):
        return await eventually(
            lambda: rig.record("t_one", record.id), lambda r: r.state in FINAL, within_s=10
        )


def records(sb: RunningSandbox) -> dict[tuple[str, str, str], Any]:
    return sb.state.bluesky.records


async def test_text_image_and_link_facet_are_posted(
    bluesky_rig: tuple[Rig, RunningSandbox, str],
) -> None:
    rig, sb, did = bluesky_rig
    rig.media.add(
        MediaInfo(
            id="m_1", tenant_id="t_one", kind=MediaKind.IMAGE, status="ready",
            mime="image/png", size_bytes=len(PNG), width=4, height=3,
        )
    )  # fmt: skip
    text = "Café ☕ news: https://example.com/a?b=1. #gamontj"
    record = await publish(rig, text, media=("m_1",))
    done = await run_until_final(rig, record)

    assert done.state is TargetState.PUBLISHED, done
    rkey = rkey_for(done.key)
    assert len(rkey) == 13 and rkey[0] in "234567abcdefghij"
    assert done.url == f"https://bsky.app/profile/{did}/post/{rkey}"
    assert done.provider_post_id == f"at://{did}/{POST}/{rkey}"
    assert list(records(sb)) == [(did, POST, rkey)]
    value = records(sb)[(did, POST, rkey)].value
    assert value["text"] == text
    raw = text.encode()
    link, tag = value["facets"]
    start, end = link["index"]["byteStart"], link["index"]["byteEnd"]
    assert raw[start:end] == b"https://example.com/a?b=1"
    assert link["features"] == [
        {"$type": "app.bsky.richtext.facet#link", "uri": "https://example.com/a?b=1"}
    ]
    assert raw[tag["index"]["byteStart"] : tag["index"]["byteEnd"]] == b"#gamontj"
    assert tag["features"][0]["tag"] == "gamontj"
    (image,) = value["embed"]["images"]
    assert value["embed"]["$type"] == "app.bsky.embed.images"
    assert image["image"]["mimeType"] == "image/png" and image["image"]["size"] == len(PNG)
    assert image["image"]["ref"]["$link"] in sb.state.bluesky.blobs


async def test_a_reset_after_processing_is_reconciled_to_one_record(
    bluesky_rig: tuple[Rig, RunningSandbox, str],
) -> None:
    rig, sb, did = bluesky_rig
    sb.state.faults.add(
        Fault(provider="bluesky", kind="reset_after", endpoint="createRecord", times=1)
    )
    record = await publish(rig, "after the reset")
    done = await run_until_final(rig, record)
    assert done.state is TargetState.PUBLISHED, done
    trail = await rig.core.attempts.for_post(tenant_id="t_one", post_id=done.post_id)
    assert [(a.kind, a.outcome) for a in trail] == [
        ("publish", "ambiguous"),  # unconfirmed: the answer was lost after processing
        ("reconcile", "found"),
    ]
    assert list(records(sb)) == [(did, POST, rkey_for(done.key))]
    assert sb.state.counters.calls_to("bluesky", "createRecord") == 1  # never sent twice
    assert sb.state.counters.calls_to("bluesky", "getRecord") >= 1


async def test_a_5xx_before_sending_is_retried_into_one_record(
    bluesky_rig: tuple[Rig, RunningSandbox, str],
) -> None:
    rig, sb, did = bluesky_rig
    sb.state.faults.add(Fault(provider="bluesky", kind="error", endpoint="createRecord", times=1))
    done = await run_until_final(rig, await publish(rig, "after a 503"))
    assert done.state is TargetState.PUBLISHED, done
    assert list(records(sb)) == [(did, POST, rkey_for(done.key))]
    assert sb.state.counters.calls_to("bluesky", "createRecord") == 2


async def test_an_expired_token_needs_reauth_and_posts_nothing(
    bluesky_rig: tuple[Rig, RunningSandbox, str],
) -> None:
    rig, sb, _ = bluesky_rig
    record = await publish(rig, "too late")
    sb.state.clock.advance(3 * 3600)  # past the 2 h accessJwt lifetime
    done = await run_until_final(rig, record)
    assert done.state is TargetState.FAILED and done.failure is not None
    assert done.failure.code == "connection_needs_reauth"
    assert records(sb) == {}
    assert sb.state.counters.posts_for("bluesky") == []


async def test_over_long_text_is_a_validation_violation(
    bluesky_rig: tuple[Rig, RunningSandbox, str],
) -> None:
    rig, sb, _ = bluesky_rig
    with pytest.raises(ValidationFailed) as failed:
        await publish(rig, "é" * 301)
    codes = {v.code for v in failed.value.violations}
    assert "bluesky_text_too_long" in codes
    assert records(sb) == {}


def test_rkeys_are_deterministic_tids_and_facets_count_bytes() -> None:
    assert rkey_for("k-1") == rkey_for("k-1") != rkey_for("k-2")
    text = "👋 @alice.bsky.social see https://a.example/x, #tag"
    facets = facets_for(text)
    spans = [text.encode()[f["index"]["byteStart"] : f["index"]["byteEnd"]] for f in facets]
    assert spans == [b"https://a.example/x", b"#tag"]  # mentions stay plain text


def test_xrpc_errors_are_classified_like_mastodons() -> None:
    def answer(status: int, error: str, **headers: str) -> httpx.Response:
        return httpx.Response(status, json={"error": error, "message": "m"}, headers=headers)

    limited = xrpc_http_error(
        answer(429, "RateLimitExceeded", **{"ratelimit-reset": "1"}), idempotent=True
    )
    assert limited.retryable and limited.retry_after_s == 0.0
    assert xrpc_http_error(answer(400, "ExpiredToken"), idempotent=True).reason == (
        "connection_needs_reauth"
    )
    invalid = xrpc_http_error(answer(400, "InvalidRequest"), idempotent=True)
    assert invalid.reason == "provider_rejected" and not invalid.retryable
    unavailable = xrpc_http_error(answer(502, "InternalServerError"), idempotent=True)
    assert unavailable.kind is ErrorKind.REJECTED and unavailable.retryable
