"""Use case: the active API keys of the caller's workspace (prefix, name, role, last use)."""

from __future__ import annotations

from services.auth.app.authorize import authorize
from services.auth.app.core import AuthCore
from services.auth.app.views import api_key_view
from services.auth.domain.permissions import Permission
from shared.contracts.auth import ListApiKeysRequest
from shared.contracts.auth_views import ApiKeyList


async def list_api_keys(core: AuthCore, request: ListApiKeysRequest) -> ApiKeyList:
    """Never the secret: only what identifies a key to the people managing it."""
    ws, _ = await authorize(core, request.ctx, Permission.API_KEYS_READ)
    keys = await core.api_keys.list_active(tenant_id=ws.id)
    return ApiKeyList(items=[api_key_view(key) for key in keys])
