"""Retention settings per workspace, and the purge that keeps the remaining chain verifiable."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext
from pymongo import AsyncMongoClient

from services.audit.adapters.mongo_ops_log_repository import MongoOpsLogRepository
from services.audit.adapters.mongo_retention_repository import MongoRetentionRepository
from services.audit.adapters.mongo_trail_purge import MongoTrailPurge
from services.audit.adapters.mongo_trail_repository import MongoTrailRepository
from services.audit.app.purge_expired import purge_expired
from services.audit.app.read_trail import verify_trail
from services.audit.app.record_event import record_event
from shared.contracts import audit as contract
from shared.errors import Problem
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.rpc import RpcClient
from shared.runtime import ServiceApp
from shared.settings import Settings
from shared.telemetry import Telemetry
from shared.tenancy import RequestContext, TenantId
from tests.audit.test_audit_service import PostFailed
from tests.support.events import read_all
from tests.support.platform import start_service
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

OWNER = RequestContext(tenant_id=TenantId("w_r"), actor="u_1", role="owner")
EDITOR = RequestContext(tenant_id=TenantId("w_r"), actor="u_2", role="editor")


@pytest.fixture
async def rpc(
    settings: Settings, telemetry: Telemetry, js: JetStreamContext
) -> AsyncIterator[RpcClient]:
    app: ServiceApp = await start_service("audit", settings, telemetry)
    caller: NatsBroker = make_broker(settings, service="caller")
    await connect_broker(caller, settings)
    yield RpcClient(caller, timeout_s=5)
    await caller.stop()
    await app.stop()


async def test_settings_default_then_change_and_the_change_is_announced(
    rpc: RpcClient, js: JetStreamContext
) -> None:
    defaults = await rpc.call(
        contract.RETENTION_GET, contract.GetRetention(ctx=OWNER), contract.Retention
    )
    assert defaults.ops_log_days == 90
    wanted = contract.Retention(
        audit_trail_days=365, ops_log_days=30, media_after_publish_days=7, drafts_days=60
    )
    stored = await rpc.call(
        contract.RETENTION_PUT,
        contract.PutRetention(ctx=OWNER, settings=wanted),
        contract.Retention,
    )
    assert stored == wanted
    again = await rpc.call(
        contract.RETENTION_GET, contract.GetRetention(ctx=OWNER), contract.Retention
    )
    assert again == wanted
    announced = await eventually(
        lambda: read_all(js, "evt.audit.retention_changed.w_r"), lambda m: len(m) == 1
    )
    assert b'"ops_log_days":30' in announced[0].data


async def test_out_of_bounds_settings_are_all_listed_and_nothing_changes(rpc: RpcClient) -> None:
    wanted = contract.Retention(
        audit_trail_days=1, ops_log_days=9999, media_after_publish_days=7, drafts_days=60
    )
    with pytest.raises(Problem) as refused:
        await rpc.call(
            contract.RETENTION_PUT,
            contract.PutRetention(ctx=OWNER, settings=wanted),
            contract.Retention,
        )
    # The contract carries the bounds, so the request is refused at the boundary (400).
    assert (refused.value.status, refused.value.code) == (400, "bad_request")
    assert "audit_trail_days" in refused.value.detail
    current = await rpc.call(
        contract.RETENTION_GET, contract.GetRetention(ctx=OWNER), contract.Retention
    )
    assert current.ops_log_days == 90


async def test_editors_cannot_change_retention(rpc: RpcClient) -> None:
    wanted = contract.Retention(
        audit_trail_days=365, ops_log_days=30, media_after_publish_days=7, drafts_days=60
    )
    with pytest.raises(Problem) as refused:
        await rpc.call(
            contract.RETENTION_PUT,
            contract.PutRetention(ctx=EDITOR, settings=wanted),
            contract.Retention,
        )
    assert refused.value.code == "forbidden"


async def test_expired_data_is_gone_after_the_purge_and_the_rest_still_verifies(
    mongo: AsyncMongoClient[Any], settings: Settings
) -> None:
    db = mongo[settings.database_name("audit")]
    trail, ops = MongoTrailRepository(db), MongoOpsLogRepository(db)
    now = datetime(2026, 11, 29, tzinfo=UTC)
    for days_ago in (800, 750, 10, 5):
        event = PostFailed(
            tenant_id="w_r",
            post_id=f"p{days_ago}",
            reason="r",
            occurred_at=now - timedelta(days=days_ago),
        )
        await record_event(trail, ops, msgspec.json.encode(event))
    removed = await purge_expired(MongoRetentionRepository(db), MongoTrailPurge(db), now=now)
    assert removed == {"trail": 2, "ops_log": 2}  # 730-day trail, 90-day ops log by default
    report = await verify_trail(trail, tenant_id="w_r", role="owner")
    assert report.ok and report.entries == 2
    assert {e.subject for e in await ops.recent(tenant_id="w_r", before_ms=None, limit=10)} == {
        "p10",
        "p5",
    }


def test_the_service_lists_every_out_of_bounds_setting_at_once() -> None:
    from services.audit.domain.retention import RetentionSettings, violations

    found = violations(RetentionSettings(audit_trail_days=1, ops_log_days=9999))
    assert {v["field"] for v in found} == {"audit_trail_days", "ops_log_days"}
