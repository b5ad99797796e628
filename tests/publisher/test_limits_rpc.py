"""`rpc.publisher.account_limits` against the provider sandbox, and `GET /v1/connections/{id}`
carrying its answer as `publishing` (or null with a reason, never failing the read)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import msgspec
import pytest
from faststream.nats import NatsBroker

from sandbox.config import MastodonConfig, SandboxConfig
from sandbox.faults import Fault
from sandbox.runner import RunningSandbox, running_sandbox
from sandbox.state import SandboxState
from shared.contracts.publisher_limits import (
    ACCOUNT_LIMITS,
    AccountLimitsReply,
    AccountLimitsRequest,
)
from shared.errors import Problem
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.rpc import RpcClient
from shared.runtime import ServiceApp
from shared.telemetry import Telemetry
from shared.tenancy import RequestContext, TenantId
from tests.auth.helpers import Session, register
from tests.auth.platform import drop_databases, module_settings
from tests.e2e.conftest import point_providers_at
from tests.e2e.publishing import connect
from tests.support.platform import gateway_client, start_service

pytestmark = [pytest.mark.integration, pytest.mark.slow]

INSTANCE_LIMIT = 640  # not Mastodon's default 500: the answer must come from the instance
CREATOR_OPTIONS = ["FOLLOWER_OF_CREATOR", "SELF_ONLY"]


@dataclass
class Rig:
    http: httpx.AsyncClient
    sandbox: RunningSandbox
    rpc: RpcClient
    publisher: ServiceApp


@pytest.fixture
async def rig(
    nats_url: str,
    mongo_url: str,
    tmp_path: Path,
    telemetry: Telemetry,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Rig]:
    config = SandboxConfig(mastodon=MastodonConfig(max_characters=INSTANCE_LIMIT))
    async with running_sandbox(SandboxState(config)) as sandbox:
        creator = sandbox.state.tiktok.account_for(None)
        creator.privacy_level_options = list(CREATOR_OPTIONS)
        creator.max_video_post_duration_sec = 180
        creator.duet_disabled = True
        point_providers_at(monkeypatch, sandbox)
        settings = module_settings(nats_url, mongo_url, tmp_path)
        apps = [await start_service(name, settings, telemetry) for name in ("auth", "publisher")]
        caller: NatsBroker = make_broker(settings, service="caller")
        await connect_broker(caller, settings)
        try:
            async with gateway_client(settings, telemetry) as http:
                yield Rig(http, sandbox, RpcClient(caller, timeout_s=5), apps[1])
        finally:
            await caller.stop()
            for app in reversed(apps):
                if not app.stopped:
                    await app.stop()
            await drop_databases(settings)


def ctx_of(owner: Session) -> RequestContext:
    return RequestContext(tenant_id=TenantId(owner.workspace_id), actor=owner.user_id, role="owner")


async def ask(rig: Rig, owner: Session, connection_id: str) -> AccountLimitsReply:
    request = AccountLimitsRequest(ctx=ctx_of(owner), connection_id=connection_id)
    return await rig.rpc.call(ACCOUNT_LIMITS, request, AccountLimitsReply)


async def test_tiktok_creator_info_and_mastodon_instance_limits_over_rpc(rig: Rig) -> None:
    owner = await register(rig.http)
    tiktok = await connect(rig.http, owner, "tiktok")
    mastodon = await connect(rig.http, owner, "mastodon")

    creator = await ask(rig, owner, tiktok["id"])
    assert creator.unavailable is None
    assert creator.publishing is not None and creator.publishing.tiktok is not None
    found = creator.publishing.tiktok
    assert found.mode == "direct"
    assert found.privacy_level_options == CREATOR_OPTIONS
    assert found.max_video_post_duration_sec == 180
    assert (found.comment_disabled, found.duet_disabled, found.stitch_disabled) == (
        False,
        True,
        False,
    )

    instance = await ask(rig, owner, mastodon["id"])
    assert instance.publishing is not None and instance.publishing.mastodon is not None
    assert instance.publishing.mastodon.max_characters == INSTANCE_LIMIT
    assert instance.publishing.tiktok is None
    for reply in (creator, instance):
        assert "token" not in msgspec.json.encode(reply).decode().lower()


async def test_another_workspace_cannot_read_a_connections_limits(rig: Rig) -> None:
    owner = await register(rig.http)
    stranger = await register(rig.http)
    tiktok = await connect(rig.http, owner, "tiktok")
    with pytest.raises(Problem) as refused:
        await ask(rig, stranger, tiktok["id"])
    assert refused.value.status == 404
    answer = await rig.http.get(f"/v1/connections/{tiktok['id']}", headers=stranger.headers)
    assert answer.status_code == 404, answer.text


async def test_the_connection_answer_carries_publishing(rig: Rig) -> None:
    http = rig.http
    owner = await register(http)
    tiktok = await connect(http, owner, "tiktok")
    answer = await http.get(f"/v1/connections/{tiktok['id']}", headers=owner.headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    listed = (await http.get("/v1/connections", headers=owner.headers)).json()["items"][0]
    assert {k: v for k, v in body.items() if k in listed} == listed  # the fields of before
    assert body["publishing_unavailable"] is None
    assert body["publishing"] == {
        "provider": "tiktok",
        "tiktok": {
            "mode": "direct",
            "privacy_level_options": CREATOR_OPTIONS,
            "max_video_post_duration_sec": 180,
            "comment_disabled": False,
            "duet_disabled": True,
            "stitch_disabled": False,
        },
        "mastodon": None,
    }
    assert "access_token" not in answer.text


async def test_a_provider_that_cannot_be_asked_leaves_publishing_null_with_a_reason(
    rig: Rig,
) -> None:
    http = rig.http
    owner = await register(http)
    tiktok = await connect(http, owner, "tiktok")
    rig.sandbox.state.faults.add(
        Fault(provider="tiktok", kind="error", endpoint="creator_info", status=503)
    )
    answer = await http.get(f"/v1/connections/{tiktok['id']}", headers=owner.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["publishing"] is None
    assert answer.json()["publishing_unavailable"]["code"] == "provider_limits_unavailable"
    assert answer.json()["status"] == "active"


async def test_a_connection_needing_reauthorisation_says_so_instead_of_limits(rig: Rig) -> None:
    http = rig.http
    owner = await register(http)
    tiktok = await connect(http, owner, "tiktok")
    for grant in rig.sandbox.state.tiktok.grants.values():
        grant.revoked = True
    await http.post(f"/v1/connections/{tiktok['id']}/refresh", headers=owner.headers)
    answer = await http.get(f"/v1/connections/{tiktok['id']}", headers=owner.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "reauth_required"
    assert answer.json()["publishing"] is None
    assert answer.json()["publishing_unavailable"]["code"] == "connection_needs_reauth"


async def test_without_the_publisher_the_connection_is_still_read(rig: Rig) -> None:
    http = rig.http
    owner = await register(http)
    mastodon = await connect(http, owner, "mastodon")
    await rig.publisher.stop()
    answer = await http.get(f"/v1/connections/{mastodon['id']}", headers=owner.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["id"] == mastodon["id"]
    assert answer.json()["publishing"] is None
    unavailable = answer.json()["publishing_unavailable"]
    assert unavailable["code"] in {"service_unavailable", "upstream_timeout"}
    assert "rpc." not in unavailable["message"]  # no internal subject names for people
