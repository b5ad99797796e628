"""Use cases: read and replace a workspace's media settings (review gate, retention)."""

from __future__ import annotations

from services.media.app.context import MediaContext
from services.media.domain.access import READERS, SETTINGS_MANAGERS, require_role
from services.media.domain.workspace_settings import WorkspaceMediaSettings
from shared.tenancy import RequestContext


async def get_workspace_settings(
    ctx: MediaContext, request: RequestContext
) -> WorkspaceMediaSettings:
    """Defaults for a workspace that never changed them."""
    tenant_id = require_role(request, READERS)
    return await ctx.workspace_settings.get(tenant_id=tenant_id)


async def set_workspace_settings(
    ctx: MediaContext,
    request: RequestContext,
    *,
    review_required: bool,
    retention_days: int | None,
) -> WorkspaceMediaSettings:
    """Owners only; applies to media processed from now on."""
    tenant_id = require_role(request, SETTINGS_MANAGERS, internal_ok=False)
    settings = WorkspaceMediaSettings(
        tenant_id=tenant_id, review_required=review_required, retention_days=retention_days
    )
    await ctx.workspace_settings.save(settings)
    return settings
