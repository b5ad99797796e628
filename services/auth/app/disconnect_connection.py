"""Use case: disconnect an account: revoke at the provider (best effort, recorded), drop tokens."""

from __future__ import annotations

from services.auth.app.connection_context import ConnectionContext
from services.auth.domain.connection import ConnectionNotFound
from services.auth.domain.provider_grant import ProviderError
from services.auth.ports.connection_repository import SealedTokens
from shared.contracts.connection_events import ConnectionDisconnected


async def disconnect_connection(
    ctx: ConnectionContext, *, tenant_id: str, connection_id: str, actor: str
) -> str:
    """Returns the revocation outcome: `revoked`, `failed: …` or `not_attempted`."""
    connection = await ctx.connections.get(tenant_id=tenant_id, connection_id=connection_id)
    sealed = await ctx.connections.tokens(tenant_id=tenant_id, connection_id=connection_id)
    if connection is None or sealed is None:
        raise ConnectionNotFound(connection_id)
    outcome = await _revoke(ctx, connection.provider, tenant_id, connection_id, sealed)
    event = ConnectionDisconnected(
        tenant_id=tenant_id,
        actor=actor,
        connection_id=connection_id,
        provider=connection.provider,
        revocation=outcome,
    )
    if not await ctx.connections.delete(
        tenant_id=tenant_id, connection_id=connection_id, events=[event]
    ):
        raise ConnectionNotFound(connection_id)
    return outcome


async def _revoke(
    ctx: ConnectionContext, provider: str, tenant_id: str, connection_id: str, sealed: SealedTokens
) -> str:
    # Revoking the refresh token ends the whole grant where providers distinguish the two.
    field, ciphertext = ("refresh", sealed.refresh) if sealed.refresh else ("access", sealed.access)
    try:
        token = await ctx.cipher.decrypt(
            tenant_id=tenant_id, connection_id=connection_id, field=field, ciphertext=ciphertext
        )
        await ctx.providers.get(provider).revoke(token=token)
    except ProviderError as error:
        return f"failed: {error.failure.value}"
    return "revoked"
