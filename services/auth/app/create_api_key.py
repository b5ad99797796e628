"""Use case: create an API key for the caller's workspace; its value is shown this once only."""

from __future__ import annotations

from services.auth.app.authorize import authorize
from services.auth.app.core import AuthCore
from services.auth.app.idempotency import idempotency_mark
from services.auth.app.views import api_key_view
from services.auth.domain.api_key import API_KEY_ID_PREFIX, SHOWN_PREFIX_LENGTH, ApiKey
from services.auth.domain.errors import IdempotencyKeyReused, IdempotentResultGone, RoleTooHigh
from services.auth.domain.names import clean_name
from services.auth.domain.permissions import Permission
from services.auth.domain.roles import at_least, parse_role
from services.auth.domain.secret_token import API_KEY_PREFIX, digest, new_secret
from shared.contracts.auth import ApiKeyCreated, CreateApiKeyRequest
from shared.contracts.auth_views import CreatedApiKey
from shared.ids import new_id

UNNAMED = "Unnamed key"


async def create_api_key(core: AuthCore, request: CreateApiKeyRequest) -> CreatedApiKey:
    """A key never gets a role above its creator's; a replay answers without the secret."""
    ctx = request.ctx
    ws, mine = await authorize(core, ctx, Permission.API_KEYS_MANAGE)
    name, role = clean_name(request.key_name, default=UNNAMED), parse_role(request.role)
    if not at_least(mine, role):
        raise RoleTooHigh(role)
    mark = idempotency_mark("api_key", ctx.actor, request.idempotency_key)
    if (
        earlier := await core.api_keys.by_idempotency(tenant_id=ws.id, idempotency=mark)
    ) is not None:
        return _replay(earlier, name, role)
    secret = new_secret(API_KEY_PREFIX)
    key = ApiKey(
        id=new_id(API_KEY_ID_PREFIX),
        tenant_id=ws.id,
        name=name,
        role=role,
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        key_hash=digest(secret),
        created_by=ctx.actor,
        created_at_ms=core.clock.now_ms(),
    )
    event = ApiKeyCreated(
        tenant_id=ws.id, actor=ctx.actor, api_key_id=key.id, key_name=name, role=role
    )
    if not await core.api_keys.add(key, idempotency=mark, events=[event]):
        earlier = await core.api_keys.by_idempotency(tenant_id=ws.id, idempotency=mark)
        assert earlier is not None
        return _replay(earlier, name, role)
    return CreatedApiKey(api_key=api_key_view(key), key=secret)


def _replay(earlier: ApiKey, name: str, role: str) -> CreatedApiKey:
    if (earlier.name, earlier.role) != (name, role):
        raise IdempotencyKeyReused("api_key")
    if earlier.revoked_at_ms:
        raise IdempotentResultGone(earlier.id)
    return CreatedApiKey(api_key=api_key_view(earlier), replayed=True)
