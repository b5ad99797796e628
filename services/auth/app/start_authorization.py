"""Use case: begin connecting a provider account (single-use state, PKCE S256, exact redirect)."""

from __future__ import annotations

import base64
import hashlib
import secrets

import msgspec

from services.auth.app.connection_context import ConnectionContext
from services.auth.domain.oauth_transaction import OAuthTransaction


class AuthorizationStarted(msgspec.Struct, frozen=True, kw_only=True):
    authorize_url: str
    expires_in: int


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def s256(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


async def start_authorization(
    ctx: ConnectionContext,
    *,
    tenant_id: str,
    user_id: str,
    provider: str,
    redirect_uri: str,
    browser_binding: str = "",
) -> AuthorizationStarted:
    """Store only hashes of the state and browser binding; the state travels in the URL."""
    adapter = ctx.providers.get(provider)
    state = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(48)
    await ctx.transactions.add(
        OAuthTransaction(
            state_hash=digest(state),
            tenant_id=tenant_id,
            user_id=user_id,
            provider=provider,
            code_verifier=verifier,
            redirect_uri=redirect_uri,
            browser_hash=digest(browser_binding) if browser_binding else "",
            expires_at=ctx.clock() + ctx.state_ttl,
        )
    )
    url = await adapter.authorization_url(
        state=state, code_challenge=s256(verifier), redirect_uri=redirect_uri
    )
    return AuthorizationStarted(authorize_url=url, expires_in=int(ctx.state_ttl.total_seconds()))
