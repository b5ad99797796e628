"""Use case: change a member's role (never above one's own; the last owner stays owner)."""

from __future__ import annotations

from services.auth.app.authorize import actor_role, authorize
from services.auth.app.core import AuthCore
from services.auth.app.update_workspace import update_workspace
from services.auth.app.views import member_views
from services.auth.domain.errors import PermissionDenied
from services.auth.domain.permissions import Permission, allows
from services.auth.domain.roles import parse_role
from services.auth.domain.workspace import Workspace, change_role
from shared.contracts.auth import ChangeMemberRoleRequest, MemberRoleChanged
from shared.contracts.auth_views import MemberView
from shared.contracts.envelope import Event


async def change_member_role(core: AuthCore, request: ChangeMemberRoleRequest) -> MemberView:
    """The rules are checked again on the copy that is written, so a race cannot break them."""
    ctx = request.ctx
    ws, _ = await authorize(core, ctx, Permission.MEMBERS_MANAGE)
    role = parse_role(request.role)

    async def change(current: Workspace) -> tuple[Workspace, list[Event]]:
        mine = await actor_role(core, ctx, current)
        if not allows(mine, Permission.MEMBERS_MANAGE):
            raise PermissionDenied(Permission.MEMBERS_MANAGE)
        previous = current.role_of(request.user_id)
        changed = change_role(current, actor_role=mine, user_id=request.user_id, role=role)
        if previous == role:
            return changed, []
        event = MemberRoleChanged(
            tenant_id=current.id,
            actor=ctx.actor,
            user_id=request.user_id,
            previous_role=previous or "",
            role=role,
        )
        return changed, [event]

    updated = await update_workspace(core, tenant_id=ws.id, change=change)
    user = await core.users.get(user_id=request.user_id)
    views = member_views(updated, [user] if user else [])
    return next(v for v in views if v.user_id == request.user_id)
