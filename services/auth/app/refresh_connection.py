"""Use case: refresh a connection's tokens, single-flight across processes.

Transient failures (5xx, 429, timeouts, resets) are retried with backoff and never disconnect;
only a definitive `invalid_grant` moves the connection to `reauth_required`. A rotated refresh
token is stored (fenced by the lease) before anything else can use the connection.
"""

from __future__ import annotations

import asyncio

from services.auth.app.connection_context import ConnectionContext
from services.auth.domain.connection import (
    Connection,
    ConnectionNotFound,
    ConnectionStatus,
    RefreshOutcome,
    expiry,
    needs_refresh,
)
from services.auth.domain.provider_grant import ProviderError, ProviderFailure, TokenGrant
from services.auth.ports.connection_repository import RefreshLease, SealedTokens
from shared.contracts.connection_events import (
    ConnectionReauthRequired,
    ConnectionRefreshed,
    ConnectionRefreshFailed,
)
from shared.contracts.envelope import Event
from shared.ids import new_id
from shared.metrics import counter
from shared.observability.metric_names import PROVIDER, REFRESH_OUTCOME, TOKEN_REFRESHES

_WAIT_STEP_S = 0.05


async def refresh_connection(
    ctx: ConnectionContext, *, tenant_id: str, connection_id: str, force: bool
) -> Connection:
    """Refresh now (`force`) or only when close to expiry; concurrent callers share one refresh."""
    requested_at = ctx.clock()
    lease = await ctx.connections.acquire_refresh_lease(
        tenant_id=tenant_id,
        connection_id=connection_id,
        owner=new_id("lease"),
        now=ctx.clock(),
        ttl_s=ctx.policy.lease_s,
    )
    if lease is None:
        return await _after_other_refresh(ctx, tenant_id, connection_id)
    connection = await ctx.connections.get(tenant_id=tenant_id, connection_id=connection_id)
    sealed = await ctx.connections.tokens(tenant_id=tenant_id, connection_id=connection_id)
    if connection is None or sealed is None:
        await _release(ctx, connection_id, tenant_id, lease)
        raise ConnectionNotFound(connection_id)
    # Triggers that arrive together coalesce: a refresh that finished after this one was
    # asked for already answered it, even if our lease came only after that refresh's release.
    already = connection.refreshed_at is not None and connection.refreshed_at >= requested_at
    due = (force and not already) or needs_refresh(
        connection, now=ctx.clock(), ahead=ctx.policy.ahead
    )
    if not due or connection.status is not ConnectionStatus.ACTIVE or sealed.refresh is None:
        await _release(ctx, connection_id, tenant_id, lease)
        return connection
    refresh_token = await ctx.cipher.decrypt(
        tenant_id=tenant_id, connection_id=connection_id, field="refresh", ciphertext=sealed.refresh
    )
    try:
        grant = await _refresh_with_retries(ctx, connection.provider, refresh_token)
    except ProviderError as failure:
        await _record_failure(ctx, connection, lease, failure)
        outcome = (
            "reauth_required"
            if failure.failure is ProviderFailure.INVALID_GRANT
            else ("transient_failure" if not failure.definitive else "refused")
        )
    else:
        await _record_success(ctx, connection, lease, grant, sealed)
        outcome = "refreshed"
    counter(TOKEN_REFRESHES).add(1, {PROVIDER: connection.provider, REFRESH_OUTCOME: outcome})
    return await _reload(ctx, tenant_id, connection_id)


async def _refresh_with_retries(
    ctx: ConnectionContext, provider: str, refresh_token: str
) -> TokenGrant:
    adapter = ctx.providers.get(provider)
    for delay in (*ctx.policy.retry_delays_s, None):
        try:
            return await adapter.refresh(refresh_token=refresh_token)
        except ProviderError as error:
            if error.definitive or delay is None:
                raise
            await asyncio.sleep(delay)
    raise AssertionError("unreachable: the last attempt either returns or raises")


async def _record_success(
    ctx: ConnectionContext,
    connection: Connection,
    lease: RefreshLease,
    grant: TokenGrant,
    previous: SealedTokens,
) -> None:
    now = ctx.clock()
    fresh = await ctx.seal(tenant_id=connection.tenant_id, connection_id=connection.id, grant=grant)
    # A provider that does not rotate keeps answering without a refresh token: keep ours.
    tokens = SealedTokens(access=fresh.access, refresh=fresh.refresh or previous.refresh)
    access_expires = expiry(now, grant.expires_in)
    refresh_expires = expiry(now, grant.refresh_expires_in) or connection.refresh_expires_at
    outcome = RefreshOutcome(
        access_expires_at=access_expires,
        refresh_expires_at=refresh_expires,
        refreshed_at=now,
        expiry_changed=True,
    )
    event = ConnectionRefreshed(
        tenant_id=connection.tenant_id,
        connection_id=connection.id,
        provider=connection.provider,
        access_expires_at=access_expires,
    )
    await _store(ctx, connection, lease, outcome, tokens, [event])


async def _record_failure(
    ctx: ConnectionContext, connection: Connection, lease: RefreshLease, error: ProviderError
) -> None:
    tenant_id, connection_id, provider = connection.tenant_id, connection.id, connection.provider
    events: list[Event] = [
        ConnectionRefreshFailed(
            tenant_id=tenant_id,
            connection_id=connection_id,
            provider=provider,
            failure=error.failure.value,
            detail=error.detail,
            transient=not error.definitive,
        )
    ]
    status = ConnectionStatus.ACTIVE
    if error.failure is ProviderFailure.INVALID_GRANT:
        status = ConnectionStatus.REAUTH_REQUIRED
        events.append(
            ConnectionReauthRequired(
                tenant_id=tenant_id,
                connection_id=connection_id,
                provider=provider,
                reason=error.detail,
            )
        )
    outcome = RefreshOutcome(status=status, last_refresh_error=error.detail)
    await _store(ctx, connection, lease, outcome, None, events)


async def _store(
    ctx: ConnectionContext,
    connection: Connection,
    lease: RefreshLease,
    outcome: RefreshOutcome,
    tokens: SealedTokens | None,
    events: list[Event],
) -> None:
    await ctx.connections.store_refresh(
        tenant_id=connection.tenant_id,
        connection_id=connection.id,
        lease=lease,
        outcome=outcome,
        tokens=tokens,
        events=events,
    )


async def _release(
    ctx: ConnectionContext, connection_id: str, tenant_id: str, lease: RefreshLease
) -> None:
    await ctx.connections.store_refresh(
        tenant_id=tenant_id,
        connection_id=connection_id,
        lease=lease,
        outcome=None,
        tokens=None,
        events=[],
    )


async def _after_other_refresh(
    ctx: ConnectionContext, tenant_id: str, connection_id: str
) -> Connection:
    """Someone else holds the lease: wait for their result instead of refreshing twice."""
    waited = 0.0
    while waited < ctx.policy.lease_s and await ctx.connections.is_leased(
        tenant_id=tenant_id, connection_id=connection_id, now=ctx.clock()
    ):
        await asyncio.sleep(_WAIT_STEP_S)
        waited += _WAIT_STEP_S
    return await _reload(ctx, tenant_id, connection_id)


async def _reload(ctx: ConnectionContext, tenant_id: str, connection_id: str) -> Connection:
    connection = await ctx.connections.get(tenant_id=tenant_id, connection_id=connection_id)
    if connection is None:
        raise ConnectionNotFound(connection_id)
    return connection
