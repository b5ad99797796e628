"""Use case: who the caller is, where they are a member, and which policy version they accepted."""

from __future__ import annotations

from services.auth.app.authorize import require_user
from services.auth.app.core import AuthCore
from services.auth.app.views import privacy_view, user_view, workspace_view
from services.auth.domain.errors import NotFound
from shared.contracts.auth import MeRequest
from shared.contracts.auth_views import MeView, WorkspaceView


async def describe_me(core: AuthCore, request: MeRequest) -> MeView:
    """The current workspace is the token's, shown only while the user is still a member there."""
    user_id = require_user(request.ctx)
    user = await core.users.get(user_id=user_id)
    if user is None:
        raise NotFound("user")
    memberships: list[WorkspaceView] = []
    current: WorkspaceView | None = None
    for ws in await core.workspaces.for_user(user_id=user_id):
        role = ws.role_of(user_id)
        if role is None:
            continue
        view = workspace_view(ws, role)
        memberships.append(view)
        if ws.id == request.ctx.tenant_id:
            current = view
    accepted = await core.privacy.latest(user_id=user_id)
    return MeView(
        user=user_view(user),
        current_workspace=current,
        memberships=memberships,
        privacy=privacy_view(core.policy.privacy_policy_version, accepted),
    )
