"""Use case: the gateway asks which workspace and role an API key stands for."""

from __future__ import annotations

from services.auth.app.core import AuthCore
from services.auth.domain.errors import InvalidApiKey
from services.auth.domain.secret_token import API_KEY_PREFIX, digest
from shared.contracts.auth import VerifyApiKeyRequest
from shared.contracts.auth_views import ApiKeyIdentity


async def verify_api_key(core: AuthCore, request: VerifyApiKeyRequest) -> ApiKeyIdentity:
    """Found by digest; last use is recorded, at most once a minute per key."""
    if not request.key.startswith(API_KEY_PREFIX):
        raise InvalidApiKey()
    key = await core.api_keys.by_hash(key_hash=digest(request.key))
    if key is None or key.revoked_at_ms:
        raise InvalidApiKey()
    await core.api_keys.touch(
        tenant_id=key.tenant_id,
        api_key_id=key.id,
        now_ms=core.clock.now_ms(),
        every_ms=core.policy.api_key_touch_every_s * 1000,
    )
    return ApiKeyIdentity(api_key_id=key.id, tenant_id=key.tenant_id, role=key.role)
