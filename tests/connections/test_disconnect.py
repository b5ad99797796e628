"""Disconnecting revokes at the provider (outcome recorded) and destroys the stored tokens."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from sandbox.faults import Fault
from sandbox.runner import RunningSandbox
from services.auth.adapters.provider_settings import ProviderSettings
from services.auth.app.connection_context import ConnectionContext
from services.auth.app.connection_token import connection_token
from services.auth.app.disconnect_connection import disconnect_connection
from services.auth.domain.connection import ConnectionNotFound
from tests.connections.test_oauth_round_trips import connect

pytestmark = pytest.mark.integration


async def test_disconnect_revokes_and_forgets_the_tokens(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    sb: RunningSandbox,
    db: AsyncDatabase[Any],
) -> None:
    connection = await connect(connections, provider_http, provider_settings, "tiktok")
    outcome = await disconnect_connection(
        connections, tenant_id="w_1", connection_id=connection.id, actor="u_1"
    )
    assert outcome == "revoked"
    assert sb.state.counters.calls_to("tiktok", "revoke") == 1
    stored = await db.connections.find_one({"_id": connection.id})
    assert stored is not None and stored["tokens"] is None
    with pytest.raises(ConnectionNotFound):
        await connection_token(connections, tenant_id="w_1", connection_id=connection.id)


async def test_a_failed_revocation_is_recorded_and_the_tokens_still_go(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    sb: RunningSandbox,
) -> None:
    connection = await connect(connections, provider_http, provider_settings, "tiktok")
    sb.state.faults.add(Fault(provider="tiktok", kind="error", endpoint="revoke", status=502))
    outcome = await disconnect_connection(
        connections, tenant_id="w_1", connection_id=connection.id, actor="u_1"
    )
    assert outcome == "failed: transient"
    assert (
        await connections.connections.tokens(tenant_id="w_1", connection_id=connection.id) is None
    )


async def test_another_workspace_cannot_see_or_use_a_connection(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
) -> None:
    connection = await connect(connections, provider_http, provider_settings, "tiktok")
    assert await connections.connections.get(tenant_id="w_2", connection_id=connection.id) is None
    with pytest.raises(ConnectionNotFound):
        await connection_token(connections, tenant_id="w_2", connection_id=connection.id)
    with pytest.raises(ConnectionNotFound):
        await disconnect_connection(
            connections, tenant_id="w_2", connection_id=connection.id, actor="u_9"
        )
