"""Store a granted connection: the same account in the same workspace is updated, not duplicated."""

from __future__ import annotations

from services.auth.app.connection_context import ConnectionContext
from services.auth.domain.connection import Connection, ConnectionStatus, expiry
from services.auth.domain.provider_grant import ProviderProfile, TokenGrant
from services.auth.ports.connection_repository import ConnectionConflict
from shared.contracts.connection_events import ConnectionConnected
from shared.ids import new_id


async def save_connection(
    ctx: ConnectionContext,
    *,
    tenant_id: str,
    user_id: str,
    provider: str,
    grant: TokenGrant,
    profile: ProviderProfile,
) -> Connection:
    """Granted scopes are recorded as the provider reported them, never as we asked."""
    for _ in range(2):  # a concurrent first connect of the same account: look it up again
        existing = await ctx.connections.find_by_account(
            tenant_id=tenant_id, provider=provider, account_id=profile.account_id
        )
        connection = _connection(ctx, tenant_id, user_id, provider, grant, profile, existing)
        tokens = await ctx.seal(tenant_id=tenant_id, connection_id=connection.id, grant=grant)
        event = ConnectionConnected(
            tenant_id=tenant_id,
            actor=user_id,
            connection_id=connection.id,
            provider=provider,
            scopes=list(grant.scopes),
            reconnected=existing is not None,
        )
        try:
            await ctx.connections.upsert(connection, tokens, events=[event])
        except ConnectionConflict:
            continue
        return connection
    raise ConnectionConflict(profile.account_id)


def _connection(
    ctx: ConnectionContext,
    tenant_id: str,
    user_id: str,
    provider: str,
    grant: TokenGrant,
    profile: ProviderProfile,
    existing: Connection | None,
) -> Connection:
    now = ctx.clock()
    return Connection(
        id=existing.id if existing else new_id("con"),
        tenant_id=tenant_id,
        provider=provider,
        account_id=profile.account_id,
        display_name=profile.display_name,
        handle=profile.handle,
        avatar_url=profile.avatar_url,
        scopes=grant.scopes,
        status=ConnectionStatus.ACTIVE,
        access_expires_at=expiry(now, grant.expires_in),
        refresh_expires_at=expiry(now, grant.refresh_expires_in),
        connected_by=user_id,
        connected_at=existing.connected_at if existing else now,
        refreshed_at=now,
    )
