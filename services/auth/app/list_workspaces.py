"""Use case: the workspaces the signed-in user belongs to, with their role in each."""

from __future__ import annotations

from services.auth.app.authorize import require_user
from services.auth.app.core import AuthCore
from services.auth.app.views import workspace_view
from shared.contracts.auth import ListWorkspacesRequest
from shared.contracts.auth_views import WorkspaceList


async def list_workspaces(core: AuthCore, request: ListWorkspacesRequest) -> WorkspaceList:
    """Only memberships of the caller; never anyone else's."""
    user_id = require_user(request.ctx)
    items = []
    for ws in await core.workspaces.for_user(user_id=user_id):
        role = ws.role_of(user_id)
        if role is not None:
            items.append(workspace_view(ws, role))
    return WorkspaceList(items=items)
