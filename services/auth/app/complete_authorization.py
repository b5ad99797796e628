"""Use case: the provider's callback; every refusal has its own code and stores nothing."""

from __future__ import annotations

import hmac

import msgspec

from services.auth.app.connection_context import ConnectionContext
from services.auth.app.save_connection import save_connection
from services.auth.app.start_authorization import digest
from services.auth.domain.connection import Connection
from services.auth.domain.oauth_transaction import (
    CallbackRefusal,
    CallbackRefused,
    OAuthTransaction,
)
from services.auth.domain.provider_grant import ProviderError


class CallbackInput(msgspec.Struct, frozen=True, kw_only=True):
    provider: str
    state: str = ""
    code: str = ""
    error: str = ""
    error_description: str = ""
    browser_binding: str = ""
    caller_user_id: str = ""


async def complete_authorization(ctx: ConnectionContext, callback: CallbackInput) -> Connection:
    """Check the state first, so that nothing a forged callback says is ever acted upon."""
    transaction = await _consume_state(ctx, callback)
    _check_binding(transaction, callback)
    if callback.error:
        reason = (
            CallbackRefusal.ACCESS_DENIED
            if callback.error == "access_denied"
            else CallbackRefusal.PROVIDER_ERROR
        )
        raise CallbackRefused(reason, callback.error[:100])
    if not callback.code:
        raise CallbackRefused(CallbackRefusal.MISSING_CODE)
    adapter = ctx.providers.get(callback.provider)
    try:
        grant = await adapter.exchange_code(
            code=callback.code,
            code_verifier=transaction.code_verifier,
            redirect_uri=transaction.redirect_uri,
        )
        profile = await adapter.profile(grant=grant)
    except ProviderError as exc:
        raise CallbackRefused(CallbackRefusal.EXCHANGE_FAILED, exc.detail) from exc
    return await save_connection(
        ctx,
        tenant_id=transaction.tenant_id,
        user_id=transaction.user_id,
        provider=callback.provider,
        grant=grant,
        profile=profile,
    )


async def _consume_state(ctx: ConnectionContext, callback: CallbackInput) -> OAuthTransaction:
    if not callback.state:
        raise CallbackRefused(CallbackRefusal.MISSING_STATE)
    state_hash = digest(callback.state)
    transaction = await ctx.transactions.consume(state_hash=state_hash, now=ctx.clock())
    if transaction is None:
        replayed = await ctx.transactions.exists(state_hash=state_hash)
        raise CallbackRefused(
            CallbackRefusal.REPLAYED_STATE if replayed else CallbackRefusal.UNKNOWN_STATE
        )
    if transaction.expires_at <= ctx.clock():
        raise CallbackRefused(CallbackRefusal.EXPIRED_STATE)
    return transaction


def _check_binding(transaction: OAuthTransaction, callback: CallbackInput) -> None:
    if transaction.provider != callback.provider:
        # A code meant for one provider arriving at another's callback (mix-up attack).
        raise CallbackRefused(CallbackRefusal.WRONG_PROVIDER)
    if callback.caller_user_id and callback.caller_user_id != transaction.user_id:
        raise CallbackRefused(CallbackRefusal.OTHER_USER)
    if transaction.browser_hash and not hmac.compare_digest(
        transaction.browser_hash,
        digest(callback.browser_binding) if callback.browser_binding else "",
    ):
        raise CallbackRefused(CallbackRefusal.OTHER_BROWSER)
