"""The ledger over real NATS and the store: recorded once, read newest first, kept as long as
the audit trail."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext
from pymongo import AsyncMongoClient

from services.audit.adapters.mongo_disclosure_ledger import MongoDisclosureLedger
from services.audit.adapters.mongo_retention_repository import MongoRetentionRepository
from services.audit.app.disclosure_purge import purge_disclosures
from services.audit.app.disclosure_record import record_disclosure
from services.audit.domain.retention import RetentionSettings
from services.audit.ports.disclosure_ledger import DisclosureFilter
from shared.contracts import disclosures as contract
from shared.contracts.disclosures import Disclosure, PublisherDataDisclosed
from shared.errors import Problem
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.rpc import RpcClient
from shared.settings import Settings
from shared.telemetry import Telemetry
from shared.tenancy import RequestContext, TenantId
from tests.retention.events import emit
from tests.support.platform import start_service
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

OWNER = RequestContext(tenant_id=TenantId("w_d"), actor="u_1", role="owner")
EDITOR = RequestContext(tenant_id=TenantId("w_d"), actor="u_2", role="editor")
OTHER = RequestContext(tenant_id=TenantId("w_e"), actor="u_3", role="owner")
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
START = datetime(2026, 11, 1, tzinfo=UTC)


def disclosed(tenant: str, provider: str, minute: int, **extra: Any) -> PublisherDataDisclosed:
    return PublisherDataDisclosed(
        tenant_id=tenant,
        occurred_at=START + timedelta(minutes=minute),
        trace=TRACEPARENT,
        disclosure=Disclosure(
            provider=provider,
            connection_id=f"con_{provider}",
            categories=["post_text", "account_identifier"],
            post_id=f"pst_{minute}",
            target_id=f"tgt_{minute}",
            attempt=1,
            **extra,
        ),
    )


@pytest.fixture
async def rpc(
    settings: Settings, telemetry: Telemetry, js: JetStreamContext
) -> AsyncIterator[RpcClient]:
    app = await start_service("audit", settings, telemetry)
    caller: NatsBroker = make_broker(settings, service="caller")
    await connect_broker(caller, settings)
    yield RpcClient(caller, timeout_s=5)
    await caller.stop()
    await app.stop()


async def read(
    rpc: RpcClient, ctx: RequestContext = OWNER, **query: Any
) -> contract.DisclosurePage:
    request = contract.ReadDisclosures(ctx=ctx, **query)
    return await rpc.call(contract.READ, request, contract.DisclosurePage)


async def test_each_disclosure_is_recorded_once_and_read_newest_first_page_by_page(
    js: JetStreamContext, rpc: RpcClient
) -> None:
    events = [disclosed("w_d", ("mastodon", "tiktok")[i % 2], i) for i in range(5)]
    for event in events:
        await emit(js, event)
    await emit(js, events[0], msg_id="redelivered")  # past the duplicate filter: still one
    await emit(js, disclosed("w_e", "bluesky", 9))

    everything = await eventually(lambda: read(rpc), lambda p: len(p.items) == 5)
    assert [i.id for i in everything.items] == [e.event_id for e in reversed(events)]
    newest = everything.items[0]
    assert (newest.source, newest.provider, newest.connection_id) == (
        "publisher",
        "mastodon",
        "con_mastodon",
    )
    assert newest.categories == ["account_identifier", "post_text"]
    assert (newest.post_id, newest.target_id, newest.attempt) == ("pst_4", "tgt_4", 1)
    assert newest.occurred_at == START + timedelta(minutes=4)
    assert newest.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"

    first = await read(rpc, limit=2)
    second = await read(rpc, limit=2, cursor=first.next_cursor)
    third = await read(rpc, limit=2, cursor=second.next_cursor)
    paged = [i.id for page in (first, second, third) for i in page.items]
    assert paged == [i.id for i in everything.items] and third.next_cursor is None

    tiktok = await read(rpc, provider="tiktok")
    assert [i.post_id for i in tiktok.items] == ["pst_3", "pst_1"]
    window = await read(
        rpc,
        occurred_from=START + timedelta(minutes=1),
        occurred_to=START + timedelta(minutes=3),
    )
    assert [i.post_id for i in window.items] == ["pst_2", "pst_1"]
    assert [i.provider for i in (await read(rpc, OTHER)).items] == ["bluesky"]


async def test_only_owners_and_admins_read_the_ledger(rpc: RpcClient) -> None:
    with pytest.raises(Problem) as refused:
        await read(rpc, EDITOR)
    assert (refused.value.status, refused.value.code) == (403, "forbidden")


async def test_entries_are_kept_as_long_as_the_audit_trail_then_purged(
    mongo: AsyncMongoClient[Any], settings: Settings
) -> None:
    db = mongo[settings.database_name("audit")]
    ledger, retention = MongoDisclosureLedger(db), MongoRetentionRepository(db)
    now = START + timedelta(days=800)
    for tenant, days_ago in (("w_d", 740), ("w_d", 700), ("w_e", 100), ("w_e", 20)):
        event = disclosed(tenant, "tiktok", 0)
        event = msgspec.structs.replace(event, occurred_at=now - timedelta(days=days_ago))
        await record_disclosure(ledger, msgspec.json.encode(event))
    # w_e keeps its trail (and so its ledger) for 60 days; w_d has the default 730.
    await retention.put(tenant_id="w_e", settings=RetentionSettings(audit_trail_days=60), events=[])

    assert await purge_disclosures(retention, ledger, now=now) == 2

    left = {
        tenant: [
            (now - e.occurred_at).days
            for e in await ledger.page(
                tenant_id=tenant, where=DisclosureFilter(), before=None, limit=10
            )
        ]
        for tenant in ("w_d", "w_e")
    }
    assert left == {"w_d": [700], "w_e": [20]}
