"""The connection RPCs over real NATS: codes, roles, and no token outside `connection_token`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from faststream.nats import NatsBroker
from nats.js.client import JetStreamContext
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pymongo.asynchronous.database import AsyncDatabase

from sandbox.runner import RunningSandbox
from services.auth.adapters.mongo_connection_repository import COLLECTION
from services.auth.adapters.provider_settings import ProviderSettings
from services.auth.app.connection_context import ConnectionContext
from services.auth.entrypoints.nats_connections_rpc import register_connection_rpc
from shared.contracts import connection_rpc as rpc
from shared.contracts import connections as internal
from shared.errors import Problem
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.outbox import OUTBOX_FIELD
from shared.messaging.rpc import RpcClient
from shared.settings import Settings
from shared.telemetry import Telemetry
from shared.tenancy import RequestContext, TenantId

pytestmark = pytest.mark.integration

OWNER = RequestContext(tenant_id=TenantId("w_1"), actor="u_1", role="owner")
EDITOR = RequestContext(tenant_id=TenantId("w_1"), actor="u_2", role="editor")
STRANGER = RequestContext(tenant_id=TenantId("w_2"), actor="u_9", role="owner")


@pytest.fixture
async def client(
    settings: Settings,
    telemetry: Telemetry,
    js: JetStreamContext,
    connections: ConnectionContext,
    provider_settings: ProviderSettings,
) -> AsyncIterator[RpcClient]:
    service = make_broker(settings, service="auth", tracer_provider=telemetry.tracer_provider)
    register_connection_rpc(service, connections, provider_settings.redirect_uri)
    await connect_broker(service, settings)
    await service.start()
    caller: NatsBroker = make_broker(settings, service="caller")
    await connect_broker(caller, settings)
    yield RpcClient(caller, timeout_s=5)
    await caller.stop()
    await service.stop()


async def connect_tiktok(client: RpcClient, http: httpx.AsyncClient) -> rpc.ConnectionView:
    started = await client.call(
        rpc.AUTHORIZE,
        rpc.AuthorizeConnection(ctx=OWNER, provider="tiktok"),
        rpc.AuthorizationStarted,
    )
    redirect = (await http.get(started.authorize_url)).headers["location"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(redirect).query).items()}
    return await client.call(
        rpc.CALLBACK,
        rpc.CompleteConnection(provider="tiktok", state=query["state"], code=query["code"]),
        rpc.ConnectionView,
    )


async def test_connect_list_use_and_disconnect_over_rpc(
    client: RpcClient, provider_http: httpx.AsyncClient
) -> None:
    connected = await connect_tiktok(client, provider_http)
    listed = await client.call(rpc.LIST, rpc.ListConnections(ctx=OWNER), rpc.ConnectionList)
    assert [c.id for c in listed.items] == [connected.id]
    token = await client.call(
        internal.CONNECTION_TOKEN,
        internal.ConnectionTokenRequest(ctx=OWNER, connection_id=connected.id),
        internal.ConnectionToken,
    )
    assert token.access_token and token.connection_id == connected.id
    assert token.scopes == connected.scopes and "***" in repr(token)
    described = await client.call(
        internal.DESCRIBE_CONNECTION,
        internal.DescribeConnectionRequest(ctx=OWNER, connection_id=connected.id),
        internal.ConnectionDescription,
    )
    assert (described.provider, described.status) == ("tiktok", "active")
    gone = await client.call(
        rpc.DISCONNECT, rpc.ConnectionRef(ctx=OWNER, connection_id=connected.id), rpc.Disconnected
    )
    assert gone.revocation == "revoked"


async def test_only_owners_and_admins_manage_connections(client: RpcClient) -> None:
    with pytest.raises(Problem) as refused:
        await client.call(
            rpc.AUTHORIZE,
            rpc.AuthorizeConnection(ctx=EDITOR, provider="tiktok"),
            rpc.AuthorizationStarted,
        )
    assert refused.value.code == "forbidden"


async def test_another_workspace_gets_not_found_for_every_operation(
    client: RpcClient, provider_http: httpx.AsyncClient
) -> None:
    connected = await connect_tiktok(client, provider_http)
    ref = rpc.ConnectionRef(ctx=STRANGER, connection_id=connected.id)
    token_request = internal.ConnectionTokenRequest(ctx=STRANGER, connection_id=connected.id)
    describe = internal.DescribeConnectionRequest(ctx=STRANGER, connection_id=connected.id)
    calls: list[tuple[str, Any, type[Any]]] = [
        (rpc.GET, ref, rpc.ConnectionView),
        (rpc.REFRESH, ref, rpc.ConnectionView),
        (rpc.DISCONNECT, ref, rpc.Disconnected),
        (internal.CONNECTION_TOKEN, token_request, internal.ConnectionToken),
        (internal.DESCRIBE_CONNECTION, describe, internal.ConnectionDescription),
    ]
    for subject, request, reply in calls:
        with pytest.raises(Problem) as refused:
            await client.call(subject, request, reply)
        assert (refused.value.code, refused.value.status) == ("connection_not_found", 404), subject


async def test_the_catalogue_lists_each_provider_with_its_scopes(client: RpcClient) -> None:
    catalog = await client.call(rpc.PROVIDERS, rpc.ListProviders(), rpc.ProviderCatalog)
    by_name = {p.name: p for p in catalog.items}
    assert set(by_name) == {"tiktok", "mastodon", "bluesky"}
    assert "video.publish" in by_name["tiktok"].scopes and by_name["tiktok"].asynchronous_publishing
    assert by_name["bluesky"].connect_flow == "app_password"


async def test_no_token_leaves_through_logs_spans_events_or_answers(
    client: RpcClient,
    provider_http: httpx.AsyncClient,
    spans: InMemorySpanExporter,
    js: JetStreamContext,
    db: AsyncDatabase[Any],
    caplog: pytest.LogCaptureFixture,
    sb: RunningSandbox,
) -> None:
    caplog.set_level(logging.DEBUG)
    connected = await connect_tiktok(client, provider_http)
    await client.call(
        rpc.REFRESH, rpc.ConnectionRef(ctx=OWNER, connection_id=connected.id), rpc.ConnectionView
    )
    # Every token the provider ever issued to us: access and (rotated) refresh tokens.
    secrets = [*sb.state.tiktok.access, *sb.state.tiktok.refresh]
    assert len(secrets) >= 3
    stored = await db[COLLECTION].find_one({"_id": connected.id})
    assert stored is not None
    outbox = repr(stored.get(OUTBOX_FIELD))
    answers = repr(connected) + repr(
        await client.call(rpc.LIST, rpc.ListConnections(ctx=OWNER), rpc.ConnectionList)
    )
    attributes = repr([dict(s.attributes or {}) for s in spans.get_finished_spans()])
    for secret in secrets:
        for where, text in [
            ("logs", caplog.text),
            ("spans", attributes),
            ("events", outbox),
            ("answers", answers),
        ]:
            assert secret not in text, f"a token leaked into {where}"
