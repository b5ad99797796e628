"""`rpc.publisher.*` through real NATS against the service as its process builds it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext

from services.publisher.bootstrap import Overrides, build
from shared.contracts.publisher import SUBJECTS
from shared.contracts.publisher_rpc import (
    AttemptList,
    CreatePostRequest,
    ListPostsRequest,
    PostPage,
    PostRef,
    PostView,
    PublishNowRequest,
    RetryTargetRequest,
    ScheduleInput,
    SchedulePostRequest,
    TargetInput,
    TikTokSettings,
)
from shared.errors import Problem
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.rpc import RpcClient
from shared.settings import Settings
from shared.telemetry import Telemetry
from shared.tenancy import RequestContext, TenantId
from tests.support.events import read_all
from tests.support.publisher_fakes import (
    FakeConnectionDirectory,
    FakeMediaCatalog,
    FakePublishingProvider,
)
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
CTX = RequestContext(tenant_id=TenantId("t_rpc"), actor="u_1", role="editor")


@pytest.fixture
async def rpc(settings: Settings, telemetry: Telemetry, js: JetStreamContext) -> AsyncIterator[Any]:
    provider = FakePublishingProvider("mastodon")
    connections = FakeConnectionDirectory()
    connections.add("t_rpc", "c_1", "mastodon")
    fast = msgspec.structs.replace(settings, publisher_idle_s=0.05, publisher_backoff_base_s=0.05)
    app = build(
        fast,
        telemetry,
        Overrides(
            providers={"mastodon": provider}, connections=connections, media=FakeMediaCatalog()
        ),
    )
    await app.start()
    caller: NatsBroker = make_broker(settings, service="caller")
    await connect_broker(caller, settings)
    try:
        yield RpcClient(caller, timeout_s=5), provider
    finally:
        await caller.stop()
        await app.stop()


async def call(client: RpcClient, operation: str, request: Any, reply: type[Any]) -> Any:
    return await client.call(SUBJECTS[operation], request, reply)


async def test_create_publish_now_and_read_back_over_rpc_with_events(
    rpc: Any, js: JetStreamContext
) -> None:
    client, provider = rpc
    created: PostView = await call(
        client,
        "create_post",
        CreatePostRequest(
            ctx=CTX,
            text="hello from rpc",
            targets=[TargetInput(connection_id="c_1", provider="mastodon")],
            idempotency_key="idem-1",
        ),
        PostView,
    )
    assert created.targets[0].state == "draft"
    await call(client, "publish_now", PublishNowRequest(ctx=CTX, post_id=created.post_id), PostView)
    done: PostView = await eventually(
        lambda: call(client, "get_post", PostRef(ctx=CTX, post_id=created.post_id), PostView),
        lambda view: view.targets[0].state == "published",
    )
    target = done.targets[0]
    assert target.url and target.provider_post_id and target.lateness_ms is not None
    attempts: AttemptList = await call(
        client, "list_attempts", PostRef(ctx=CTX, post_id=created.post_id), AttemptList
    )
    assert [(a.kind, a.outcome) for a in attempts.items] == [("publish", "published")]
    assert "token" not in msgspec.json.encode(attempts).decode().lower()
    subjects = await eventually(
        lambda: read_all(js, "evt.publisher.>"), lambda msgs: len(msgs) >= 4, within_s=5
    )
    kinds = [m.subject.split(".")[2] for m in subjects]
    assert kinds.count("data_disclosed") == 1  # written with post_publishing, in either order
    assert [k for k in kinds if k != "data_disclosed"] == [
        "post_scheduled",
        "post_publishing",
        "post_published",
    ]
    assert all(m.subject.endswith(".t_rpc") for m in subjects)
    assert sum(provider.accepted.values()) == 1


async def create(client: RpcClient, text: str = "hi", **fields: Any) -> PostView:
    targets = fields.pop("targets", [TargetInput(connection_id="c_1", provider="mastodon")])
    request = CreatePostRequest(ctx=CTX, text=text, targets=targets, **fields)
    view: PostView = await call(client, "create_post", request, PostView)
    return view


async def test_a_nonexistent_local_time_is_refused_with_its_code(rpc: Any) -> None:
    client, _ = rpc
    created = await create(client)
    when = ScheduleInput(local_time="2030-03-31T02:30:00", timezone="Europe/Paris")
    request = SchedulePostRequest(ctx=CTX, post_id=created.post_id, schedule=when)
    with pytest.raises(Problem) as gap:
        await call(client, "schedule_post", request, PostView)
    assert (gap.value.code, gap.value.status) == ("schedule_time_nonexistent", 422)
    assert "03:00" in gap.value.detail


async def test_every_violation_comes_back_in_one_problem(rpc: Any) -> None:
    client, _ = rpc
    targets = [
        TargetInput(connection_id="c_1", provider="mastodon", tiktok=TikTokSettings()),
        TargetInput(connection_id="c_gone", provider="mastodon"),
    ]
    created = await create(client, "x" * 600, targets=targets)
    when = ScheduleInput(local_time="2030-03-31T09:00:00", timezone="Europe/Paris")
    request = SchedulePostRequest(ctx=CTX, post_id=created.post_id, schedule=when)
    with pytest.raises(Problem) as invalid:
        await call(client, "schedule_post", request, PostView)
    assert (invalid.value.code, invalid.value.status) == ("validation_failed", 422)
    assert {e["code"] for e in invalid.value.errors} == {
        "mastodon_text_too_long",
        "options_provider_mismatch",
        "connection_not_found",
    }


async def test_another_workspaces_post_is_not_found(rpc: Any) -> None:
    client, _ = rpc
    created = await create(client)
    other = RequestContext(tenant_id=TenantId("t_else"), actor="u", role="owner")
    with pytest.raises(Problem) as missing:
        await call(client, "get_post", PostRef(ctx=other, post_id=created.post_id), PostView)
    assert (missing.value.code, missing.value.status) == ("post_not_found", 404)


async def test_a_reused_idempotency_key_with_another_body_is_a_422(rpc: Any) -> None:
    client, _ = rpc
    first = await create(client, "a", idempotency_key="k")
    assert (await create(client, "a", idempotency_key="k")).post_id == first.post_id
    with pytest.raises(Problem) as reused:
        await create(client, "b", idempotency_key="k")
    assert (reused.value.code, reused.value.status) == ("idempotency_key_reused", 422)


async def test_a_draft_cannot_be_retried_and_drafts_are_listed_by_status(rpc: Any) -> None:
    client, _ = rpc
    created = await create(client)
    request = RetryTargetRequest(
        ctx=CTX, post_id=created.post_id, target_id=created.targets[0].target_id
    )
    with pytest.raises(Problem) as refused:
        await call(client, "retry_target", request, PostView)
    assert (refused.value.code, refused.value.status) == ("target_not_retryable", 409)
    page: PostPage = await call(
        client, "list_posts", ListPostsRequest(ctx=CTX, status="draft"), PostPage
    )
    assert created.post_id in [p.post_id for p in page.items]
