"""Use cases: read and change the workspace's publishing settings (approval required?)."""

from __future__ import annotations

from services.publisher.app.context import Publisher
from services.publisher.domain.roles import require_reviewer
from services.publisher.ports.workspace_settings import PublishingSettings
from shared.tenancy import RequestContext


async def get_settings(core: Publisher, ctx: RequestContext) -> PublishingSettings:
    """The workspace's settings (defaults when never set)."""
    return await core.settings.get(tenant_id=ctx.require_tenant())


async def update_settings(
    core: Publisher, ctx: RequestContext, settings: PublishingSettings
) -> PublishingSettings:
    """Owners and admins decide whether posts need approval."""
    tenant_id = ctx.require_tenant()
    require_reviewer(ctx.role)
    await core.settings.put(tenant_id=tenant_id, settings=settings)
    return settings
