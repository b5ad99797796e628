"""Use case: a valid access token for the publisher, refreshed first when it expires soon."""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec

from services.auth.app.connection_context import ConnectionContext
from services.auth.app.refresh_connection import refresh_connection
from services.auth.domain.connection import (
    Connection,
    ConnectionNotFound,
    ConnectionStatus,
    ConnectionUnusable,
    needs_refresh,
)


class IssuedToken(msgspec.Struct, frozen=True, kw_only=True):
    connection: Connection
    access_token: str
    expires_at: datetime | None


async def connection_token(
    ctx: ConnectionContext,
    *,
    tenant_id: str,
    connection_id: str,
    min_valid: timedelta = timedelta(0),
) -> IssuedToken:
    """Never hands out a token of a connection that needs re-authorisation or was revoked."""
    connection = await ctx.connections.get(tenant_id=tenant_id, connection_id=connection_id)
    if connection is None:
        raise ConnectionNotFound(connection_id)
    ahead = max(ctx.policy.token_ahead, min_valid)
    if needs_refresh(connection, now=ctx.clock(), ahead=ahead):
        connection = await refresh_connection(
            ctx, tenant_id=tenant_id, connection_id=connection_id, force=False
        )
    if connection.status is not ConnectionStatus.ACTIVE:
        raise ConnectionUnusable(connection.status)
    sealed = await ctx.connections.tokens(tenant_id=tenant_id, connection_id=connection_id)
    if sealed is None:
        raise ConnectionNotFound(connection_id)
    token = await ctx.cipher.decrypt(
        tenant_id=tenant_id, connection_id=connection_id, field="access", ciphertext=sealed.access
    )
    return IssuedToken(
        connection=connection, access_token=token, expires_at=connection.access_expires_at
    )
