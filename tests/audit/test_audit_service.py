"""The audit service over real NATS and the store: trail, verification, ops log, dead letters."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, ClassVar

import msgspec
import pytest
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext
from pymongo import AsyncMongoClient

from shared.contracts import audit as contract
from shared.contracts.envelope import Event
from shared.errors import Problem
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.consumer import DeadLetter, dead_subject
from shared.messaging.rpc import RpcClient
from shared.runtime import ServiceApp
from shared.settings import Settings
from shared.telemetry import Telemetry
from shared.tenancy import RequestContext, TenantId
from tests.support.platform import start_service
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

OWNER = RequestContext(tenant_id=TenantId("w_a"), actor="u_1", role="owner")
EDITOR = RequestContext(tenant_id=TenantId("w_a"), actor="u_2", role="editor")
OTHER = RequestContext(tenant_id=TenantId("w_b"), actor="u_3", role="owner")
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


class PostFailed(Event, frozen=True, kw_only=True):
    service: ClassVar[str] = "publisher"
    name: ClassVar[str] = "post_failed"
    post_id: str
    reason: str


@pytest.fixture
async def audit(
    settings: Settings, telemetry: Telemetry, js: JetStreamContext
) -> AsyncIterator[ServiceApp]:
    app = await start_service("audit", settings, telemetry)
    yield app
    await app.stop()


@pytest.fixture
async def rpc(settings: Settings, audit: ServiceApp) -> AsyncIterator[RpcClient]:
    caller: NatsBroker = make_broker(settings, service="caller")
    await connect_broker(caller, settings)
    yield RpcClient(caller, timeout_s=5)
    await caller.stop()


async def emit(js: JetStreamContext, event: Event) -> None:
    await js.publish(
        event.subject, msgspec.json.encode(event), headers={"Nats-Msg-Id": event.event_id}
    )


async def trail(rpc: RpcClient, ctx: RequestContext = OWNER) -> contract.TrailPage:
    return await rpc.call(contract.TRAIL, contract.ReadTrail(ctx=ctx), contract.TrailPage)


async def test_every_event_lands_once_in_its_workspace_chain_which_verifies(
    js: JetStreamContext, rpc: RpcClient
) -> None:
    events = [
        PostFailed(tenant_id="w_a", post_id=f"p{i}", reason="tiktok_spam_risk") for i in range(5)
    ]
    for event in events:
        await emit(js, event)
    await emit(js, PostFailed(tenant_id="w_b", post_id="x", reason="other"))
    # The same event again, past JetStream's duplicate filter (a redelivery): still one entry.
    await js.publish(
        events[0].subject, msgspec.json.encode(events[0]), headers={"Nats-Msg-Id": "again"}
    )

    page = await eventually(lambda: trail(rpc), lambda p: len(p.items) == 5)
    assert [item.seq for item in page.items] == [5, 4, 3, 2, 1]
    assert {item.event_id for item in page.items} == {e.event_id for e in events}
    assert len((await trail(rpc, OTHER)).items) == 1
    report = await rpc.call(
        contract.VERIFY, contract.VerifyTrail(ctx=OWNER), contract.ChainVerification
    )
    assert report.ok and report.entries == 5


async def test_tampering_with_a_stored_entry_is_reported_at_that_entry(
    js: JetStreamContext, rpc: RpcClient, mongo: AsyncMongoClient[Any], settings: Settings
) -> None:
    for i in range(3):
        await emit(js, PostFailed(tenant_id="w_a", post_id=f"p{i}", reason="r"))
    page = await eventually(lambda: trail(rpc), lambda p: len(p.items) == 3)
    target = next(item for item in page.items if item.seq == 2)
    stored = mongo[settings.database_name("audit")]["trail"]
    await stored.update_one(
        {"tenant_id": "w_a", "seq": 2}, {"$set": {"payload.reason": "nothing happened"}}
    )
    report = await rpc.call(
        contract.VERIFY, contract.VerifyTrail(ctx=OWNER), contract.ChainVerification
    )
    assert not report.ok
    assert (report.first_broken_seq, report.first_broken_event_id) == (2, target.event_id)


async def test_a_failed_publish_shows_in_the_ops_log_with_its_trace_id(
    js: JetStreamContext, rpc: RpcClient
) -> None:
    failed = PostFailed(
        tenant_id="w_a", post_id="p9", reason="connection_needs_reauth", trace=TRACEPARENT
    )
    await emit(js, failed)
    page = await eventually(
        lambda: rpc.call(contract.OPS_LOG, contract.ReadOpsLog(ctx=EDITOR), contract.OpsPage),
        lambda p: len(p.items) == 1,
    )
    entry = page.items[0]
    assert entry.kind == "publisher.post_failed" and entry.level == "error"
    assert entry.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert entry.subject == "p9" and "connection_needs_reauth" in entry.summary
    other = await rpc.call(contract.OPS_LOG, contract.ReadOpsLog(ctx=OTHER), contract.OpsPage)
    assert other.items == []


async def test_a_dead_lettered_message_reaches_its_workspace_ops_log(
    js: JetStreamContext, rpc: RpcClient
) -> None:
    original = PostFailed(tenant_id="w_a", post_id="p1", reason="x", trace=TRACEPARENT)
    letter = DeadLetter(
        consumer="publisher_scheduler",
        subject=original.subject,
        stream_sequence=42,
        deliveries=5,
        reason="RuntimeError: boom",
        data=msgspec.json.encode(original).decode(),
        dead_at=original.occurred_at,
    )
    await js.publish(
        dead_subject("publisher_scheduler"), msgspec.json.encode(letter), stream="DEAD"
    )
    page = await eventually(
        lambda: rpc.call(contract.OPS_LOG, contract.ReadOpsLog(ctx=OWNER), contract.OpsPage),
        lambda p: any(i.kind == "messaging.dead_lettered" for i in p.items),
    )
    dead = next(i for i in page.items if i.kind == "messaging.dead_lettered")
    assert "publisher_scheduler gave up after 5 attempts" in dead.summary
    assert dead.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"


async def test_editors_cannot_read_or_verify_the_trail(rpc: RpcClient) -> None:
    for subject, request, reply in [
        (contract.TRAIL, contract.ReadTrail(ctx=EDITOR), contract.TrailPage),
        (contract.VERIFY, contract.VerifyTrail(ctx=EDITOR), contract.ChainVerification),
    ]:
        with pytest.raises(Problem) as refused:
            await rpc.call(subject, request, reply)
        assert refused.value.code == "forbidden"


async def test_two_audit_processes_on_one_burst_keep_every_chain_whole(
    settings: Settings,
    telemetry: Telemetry,
    js: JetStreamContext,
    audit: ServiceApp,
    rpc: RpcClient,
) -> None:
    second = await start_service("audit", settings, telemetry)
    try:
        for i in range(400):
            await emit(js, PostFailed(tenant_id=("w_a", "w_b")[i % 2], post_id=f"p{i}", reason="r"))
        for ctx in (OWNER, OTHER):
            report = await eventually(
                lambda ctx=ctx: rpc.call(  # type: ignore[misc]
                    contract.VERIFY, contract.VerifyTrail(ctx=ctx), contract.ChainVerification
                ),
                lambda r: r.entries == 200,
                within_s=30,
            )
            assert report.ok, report
    finally:
        await second.stop()
