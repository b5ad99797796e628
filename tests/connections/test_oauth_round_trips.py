"""A full connect per provider against its sandbox, through the connection use cases."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from sandbox.runner import RunningSandbox
from services.auth.adapters.provider_settings import ProviderSettings
from services.auth.app.complete_authorization import CallbackInput, complete_authorization
from services.auth.app.connect_with_password import connect_with_password
from services.auth.app.connection_context import ConnectionContext
from services.auth.app.connection_token import connection_token
from services.auth.app.start_authorization import start_authorization
from services.auth.domain.connection import Connection

pytestmark = pytest.mark.integration


async def consent(http: httpx.AsyncClient, authorize_url: str) -> dict[str, str]:
    """What the user's browser does: open the consent page, come back with its redirect."""
    response = await http.get(authorize_url, follow_redirects=False)
    assert response.status_code in (302, 303, 307), response.text
    query = parse_qs(urlsplit(response.headers["location"]).query)
    return {key: values[0] for key, values in query.items()}


async def connect(
    ctx: ConnectionContext,
    http: httpx.AsyncClient,
    settings: ProviderSettings,
    provider: str,
    *,
    tenant_id: str = "w_1",
    user_id: str = "u_1",
) -> Connection:
    started = await start_authorization(
        ctx,
        tenant_id=tenant_id,
        user_id=user_id,
        provider=provider,
        redirect_uri=settings.redirect_uri(provider),
    )
    answer = await consent(http, started.authorize_url)
    return await complete_authorization(
        ctx, CallbackInput(provider=provider, state=answer["state"], code=answer["code"])
    )


async def test_tiktok_connects_with_the_granted_scopes_and_encrypted_tokens(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    db: AsyncDatabase[Any],
) -> None:
    connection = await connect(connections, provider_http, provider_settings, "tiktok")
    assert connection.provider == "tiktok" and connection.status == "active"
    assert set(connection.scopes) == {"user.info.basic", "video.upload", "video.publish"}
    assert connection.access_expires_at is not None and connection.display_name
    issued = await connection_token(connections, tenant_id="w_1", connection_id=connection.id)
    stored = await db.connections.find_one({"_id": connection.id})
    assert stored is not None
    assert issued.access_token.encode() not in bytes(stored["tokens"]["access"])


async def test_connecting_the_same_account_again_updates_it(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
) -> None:
    first = await connect(connections, provider_http, provider_settings, "tiktok")
    second = await connect(connections, provider_http, provider_settings, "tiktok")
    assert first.id == second.id
    assert [c.id for c in await connections.connections.list_all(tenant_id="w_1")] == [first.id]


async def test_fewer_scopes_granted_are_recorded_as_granted(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    sb: RunningSandbox,
) -> None:
    from sandbox.consent import Consent

    sb.state.consents.add(Consent(provider="tiktok", scopes=["user.info.basic", "video.upload"]))
    connection = await connect(connections, provider_http, provider_settings, "tiktok")
    assert set(connection.scopes) == {"user.info.basic", "video.upload"}


async def test_mastodon_registers_once_per_instance_and_connects_with_pkce(
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    sb: RunningSandbox,
) -> None:
    first = await connect(connections, provider_http, provider_settings, "mastodon")
    await connect(connections, provider_http, provider_settings, "mastodon", tenant_id="w_2")
    assert first.provider == "mastodon" and first.handle
    assert sb.state.counters.calls_to("mastodon", "apps") == 1
    issued = await connection_token(connections, tenant_id="w_1", connection_id=first.id)
    assert issued.expires_at is None  # Mastodon tokens do not expire


async def test_bluesky_connects_with_an_app_password_that_is_never_stored(
    connections: ConnectionContext, sb: RunningSandbox, db: AsyncDatabase[Any]
) -> None:
    from sandbox.bluesky.state import DEFAULT_APP_PASSWORD, DEFAULT_HANDLE

    connection = await connect_with_password(
        connections,
        tenant_id="w_1",
        user_id="u_1",
        provider="bluesky",
        identifier=DEFAULT_HANDLE,
        password=DEFAULT_APP_PASSWORD,
    )
    assert connection.account_id.startswith("did:") and connection.handle == DEFAULT_HANDLE
    assert connection.refresh_expires_at is not None
    async for doc in db.connections.find({}):
        assert DEFAULT_APP_PASSWORD not in repr(doc)
