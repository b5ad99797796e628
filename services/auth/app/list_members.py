"""Use case: the members of the caller's workspace, with their e-mail and role."""

from __future__ import annotations

from services.auth.app.authorize import authorize
from services.auth.app.core import AuthCore
from services.auth.app.views import member_views
from services.auth.domain.permissions import Permission
from shared.contracts.auth import ListMembersRequest
from shared.contracts.auth_views import MemberList


async def list_members(core: AuthCore, request: ListMembersRequest) -> MemberList:
    """Scoped to the credential's workspace; there is no way to name another one."""
    ws, _ = await authorize(core, request.ctx, Permission.MEMBERS_READ)
    users = await core.users.get_many(user_ids=list(ws.members))
    return MemberList(items=member_views(ws, users))
