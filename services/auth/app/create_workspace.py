"""Use case: a signed-in user creates another workspace and becomes its owner."""

from __future__ import annotations

from services.auth.app.authorize import require_user
from services.auth.app.core import AuthCore
from services.auth.app.idempotency import idempotency_mark
from services.auth.app.views import workspace_view
from services.auth.domain.errors import IdempotencyKeyReused
from services.auth.domain.names import clean_name
from services.auth.domain.roles import Role
from services.auth.domain.workspace import WORKSPACE_PREFIX, Workspace, founded
from shared.contracts.auth import CreateWorkspaceRequest, MemberAdded, WorkspaceCreated
from shared.contracts.auth_views import WorkspaceCreatedReply
from shared.ids import new_id

UNTITLED = "Untitled workspace"


async def create_workspace(
    core: AuthCore, request: CreateWorkspaceRequest
) -> WorkspaceCreatedReply:
    """Replays of the same Idempotency-Key answer the workspace created the first time."""
    user_id = require_user(request.ctx)
    name = clean_name(request.workspace_name, default=UNTITLED)
    mark = idempotency_mark("workspace", user_id, request.idempotency_key)
    if (earlier := await core.workspaces.by_idempotency(idempotency=mark)) is not None:
        return _replay(earlier, name, user_id)
    ws = founded(new_id(WORKSPACE_PREFIX), name, owner=user_id, now_ms=core.clock.now_ms())
    events = [
        WorkspaceCreated(
            tenant_id=ws.id,
            actor=user_id,
            workspace_id=ws.id,
            workspace_name=name,
            created_by=user_id,
        ),
        MemberAdded(
            tenant_id=ws.id,
            actor=user_id,
            user_id=user_id,
            role=Role.OWNER,
            source="workspace_created",
        ),
    ]
    if not await core.workspaces.add(ws, idempotency=mark, events=events):
        earlier = await core.workspaces.by_idempotency(idempotency=mark)
        assert earlier is not None  # the insert lost to exactly this document
        return _replay(earlier, name, user_id)
    return WorkspaceCreatedReply(workspace=workspace_view(ws, Role.OWNER))


def _replay(earlier: Workspace, name: str, user_id: str) -> WorkspaceCreatedReply:
    if earlier.name != name:
        raise IdempotencyKeyReused("workspace")
    role = earlier.role_of(user_id) or Role.OWNER
    return WorkspaceCreatedReply(workspace=workspace_view(earlier, role), replayed=True)
