"""Use case: remove a member from the caller's workspace (never the last owner)."""

from __future__ import annotations

from services.auth.app.authorize import actor_role, authorize
from services.auth.app.core import AuthCore
from services.auth.app.update_workspace import update_workspace
from services.auth.domain.errors import PermissionDenied
from services.auth.domain.permissions import Permission, allows
from services.auth.domain.workspace import Workspace
from services.auth.domain.workspace import remove_member as without_member
from shared.contracts.auth import MemberRemoved, RemoveMemberRequest
from shared.contracts.auth_views import Done
from shared.contracts.envelope import Event


async def remove_member(core: AuthCore, request: RemoveMemberRequest) -> Done:
    """A user id from another workspace is simply not a member here: 404."""
    ctx = request.ctx
    ws, _ = await authorize(core, ctx, Permission.MEMBERS_MANAGE)

    async def change(current: Workspace) -> tuple[Workspace, list[Event]]:
        mine = await actor_role(core, ctx, current)
        if not allows(mine, Permission.MEMBERS_MANAGE):
            raise PermissionDenied(Permission.MEMBERS_MANAGE)
        previous = current.role_of(request.user_id)
        changed = without_member(current, actor_role=mine, user_id=request.user_id)
        event = MemberRemoved(
            tenant_id=current.id, actor=ctx.actor, user_id=request.user_id, role=previous or ""
        )
        return changed, [event]

    await update_workspace(core, tenant_id=ws.id, change=change)
    return Done()
