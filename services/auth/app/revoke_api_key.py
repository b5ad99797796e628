"""Use case: revoke an API key of the caller's workspace."""

from __future__ import annotations

from services.auth.app.authorize import authorize
from services.auth.app.core import AuthCore
from services.auth.domain.errors import NotFound
from services.auth.domain.permissions import Permission
from shared.contracts.auth import ApiKeyRevoked, RevokeApiKeyRequest
from shared.contracts.auth_views import Done


async def revoke_api_key(core: AuthCore, request: RevokeApiKeyRequest) -> Done:
    """Another workspace's key, or one already revoked, is not found here."""
    ctx = request.ctx
    ws, _ = await authorize(core, ctx, Permission.API_KEYS_MANAGE)
    event = ApiKeyRevoked(tenant_id=ws.id, actor=ctx.actor, api_key_id=request.api_key_id)
    revoked = await core.api_keys.revoke(
        tenant_id=ws.id, api_key_id=request.api_key_id, now_ms=core.clock.now_ms(), events=[event]
    )
    if not revoked:
        raise NotFound("api_key")
    return Done()
