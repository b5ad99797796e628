"""Refresh: single-flight, transient failures never disconnect, only invalid_grant does."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from opentelemetry.sdk.metrics.export import InMemoryMetricReader

from sandbox.faults import Fault
from sandbox.runner import RunningSandbox
from services.auth.adapters.provider_settings import ProviderSettings
from services.auth.app.connection_context import ConnectionContext
from services.auth.app.connection_token import connection_token
from services.auth.app.refresh_connection import refresh_connection
from services.auth.app.refresh_due_connections import refresh_due_connections
from services.auth.domain.connection import ConnectionStatus, ConnectionUnusable
from shared.observability.metric_names import TOKEN_REFRESHES
from tests.connections.test_oauth_round_trips import connect
from tests.support.metrics import points

pytestmark = pytest.mark.integration


async def test_fifty_concurrent_refreshes_call_the_provider_once_and_keep_it_active(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    sb: RunningSandbox,
) -> None:
    connection = await connect(connections, provider_http, provider_settings, "tiktok")
    exchanges = sb.state.counters.calls_to("tiktok", "token")
    results = await asyncio.gather(
        *(
            refresh_connection(
                connections, tenant_id="w_1", connection_id=connection.id, force=True
            )
            for _ in range(50)
        )
    )
    assert sb.state.counters.calls_to("tiktok", "token") - exchanges == 1
    assert {r.status for r in results} == {ConnectionStatus.ACTIVE}
    # The rotated refresh token was stored: a later refresh works with it.
    again = await refresh_connection(
        connections, tenant_id="w_1", connection_id=connection.id, force=True
    )
    assert again.status is ConnectionStatus.ACTIVE and not again.last_refresh_error


async def test_a_5xx_during_refresh_leaves_the_connection_active(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    sb: RunningSandbox,
) -> None:
    connection = await connect(connections, provider_http, provider_settings, "tiktok")
    sb.state.faults.add(Fault(provider="tiktok", kind="error", endpoint="token", status=503))
    after = await refresh_connection(
        connections, tenant_id="w_1", connection_id=connection.id, force=True
    )
    assert after.status is ConnectionStatus.ACTIVE
    assert "transient" in after.last_refresh_error or "503" in after.last_refresh_error
    issued = await connection_token(connections, tenant_id="w_1", connection_id=connection.id)
    assert issued.access_token


async def test_a_reset_connection_during_refresh_is_retried_then_succeeds(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    sb: RunningSandbox,
) -> None:
    connection = await connect(connections, provider_http, provider_settings, "tiktok")
    sb.state.faults.add(Fault(provider="tiktok", kind="reset_before", endpoint="token", times=1))
    after = await refresh_connection(
        connections, tenant_id="w_1", connection_id=connection.id, force=True
    )
    assert after.status is ConnectionStatus.ACTIVE and not after.last_refresh_error


async def test_only_invalid_grant_requires_reauthorisation(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    sb: RunningSandbox,
) -> None:
    connection = await connect(connections, provider_http, provider_settings, "tiktok")
    sb.state.tiktok.refresh.clear()  # the user revoked our access at TikTok
    after = await refresh_connection(
        connections, tenant_id="w_1", connection_id=connection.id, force=True
    )
    assert after.status is ConnectionStatus.REAUTH_REQUIRED
    with pytest.raises(ConnectionUnusable):
        await connection_token(connections, tenant_id="w_1", connection_id=connection.id)


async def test_tokens_close_to_expiry_are_refreshed_by_the_background_pass(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    sb: RunningSandbox,
) -> None:
    sb.state.config.tiktok.access_expires_in = 120  # inside the 10-minute refresh window
    connection = await connect(connections, provider_http, provider_settings, "tiktok")
    sb.state.config.tiktok.access_expires_in = 86_400
    assert await refresh_due_connections(connections) == 1
    refreshed = await connections.connections.get(tenant_id="w_1", connection_id=connection.id)
    assert refreshed is not None and refreshed.access_expires_at is not None
    assert refreshed.access_expires_at > connection.access_expires_at  # type: ignore[operator]


async def test_refresh_outcomes_are_counted_per_provider(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    sb: RunningSandbox,
    metric_reader: InMemoryMetricReader,
) -> None:
    connection = await connect(connections, provider_http, provider_settings, "tiktok")
    await refresh_connection(connections, tenant_id="w_1", connection_id=connection.id, force=True)
    sb.state.faults.add(Fault(provider="tiktok", kind="error", endpoint="token", status=503))
    await refresh_connection(connections, tenant_id="w_1", connection_id=connection.id, force=True)
    outcomes = {
        p.attributes["gamontj.refresh.outcome"]
        for p in points(metric_reader, TOKEN_REFRESHES.name)
        if p.attributes.get("gamontj.provider") == "tiktok"
    }
    assert {"refreshed", "transient_failure"} <= outcomes
