"""The service-side re-check: the caller's current role in the workspace, against the one table."""

from __future__ import annotations

from services.auth.app.core import AuthCore
from services.auth.domain.api_key import is_api_key_actor
from services.auth.domain.errors import (
    NotFound,
    PermissionDenied,
    UserCredentialRequired,
    WorkspaceRequired,
)
from services.auth.domain.permissions import Permission, allows
from services.auth.domain.roles import Role
from services.auth.domain.user import is_user_actor
from services.auth.domain.workspace import Workspace
from shared.tenancy import RequestContext


def require_user(ctx: RequestContext) -> str:
    """The user id behind the request; API keys and system callers are refused."""
    if not is_user_actor(ctx.actor):
        raise UserCredentialRequired(ctx.actor)
    return ctx.actor


async def actor_role(core: AuthCore, ctx: RequestContext, ws: Workspace) -> Role:
    """The role stored now (not the one in the token): demotions take effect at once here."""
    if is_api_key_actor(ctx.actor):
        key = await core.api_keys.get(tenant_id=ws.id, api_key_id=ctx.actor)
        if key is None or key.revoked_at_ms:
            raise NotFound("workspace")
        return key.role
    role = ws.role_of(ctx.actor)
    if role is None:
        # A former member sees the workspace as absent, like any outsider.
        raise NotFound("workspace")
    return role


async def authorize(
    core: AuthCore, ctx: RequestContext, permission: Permission
) -> tuple[Workspace, Role]:
    """The caller's workspace and role, if that role grants `permission` there."""
    if not ctx.tenant_id:
        raise WorkspaceRequired(permission)
    ws = await core.workspaces.get(tenant_id=ctx.tenant_id)
    if ws is None:
        raise NotFound("workspace")
    role = await actor_role(core, ctx, ws)
    if not allows(role, permission):
        raise PermissionDenied(permission)
    return ws, role
