"""Use case: connect an app-password provider (Bluesky); the password itself is never stored."""

from __future__ import annotations

from services.auth.app.connection_context import ConnectionContext
from services.auth.app.save_connection import save_connection
from services.auth.domain.connection import Connection


async def connect_with_password(
    ctx: ConnectionContext,
    *,
    tenant_id: str,
    user_id: str,
    provider: str,
    identifier: str,
    password: str,
) -> Connection:
    """Opens a session with the app password and keeps only the session's tokens."""
    adapter = ctx.providers.get(provider)
    grant = await adapter.login_with_password(identifier=identifier, password=password)
    profile = await adapter.profile(grant=grant)
    return await save_connection(
        ctx, tenant_id=tenant_id, user_id=user_id, provider=provider, grant=grant, profile=profile
    )
