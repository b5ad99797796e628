"""Use case: a signed-in user accepts an invitation sent to their e-mail and joins the workspace."""

from __future__ import annotations

from services.auth.app.authorize import require_user
from services.auth.app.core import AuthCore
from services.auth.app.update_workspace import update_workspace
from services.auth.app.views import workspace_view
from services.auth.domain.errors import NotFound
from services.auth.domain.invitation import Invitation
from services.auth.domain.secret_token import digest
from services.auth.domain.workspace import Workspace, add_member
from shared.contracts.auth import AcceptInvitationRequest, MemberAdded
from shared.contracts.auth_views import WorkspaceView
from shared.contracts.envelope import Event


async def accept_invitation(core: AuthCore, request: AcceptInvitationRequest) -> WorkspaceView:
    """Unknown, used, expired or addressed to someone else: all the same 404."""
    user_id = require_user(request.ctx)
    user = await core.users.get(user_id=user_id)
    invitation = await core.invitations.by_token_hash(token_hash=digest(request.token))
    now = core.clock.now_ms()
    if user is None or invitation is None or not invitation.open_for(user.email, now_ms=now):
        raise NotFound("invitation")

    async def join(ws: Workspace) -> tuple[Workspace, list[Event]]:
        joined = add_member(ws, user_id, invitation.role, now_ms=now)
        return joined, [_added(invitation, user_id)]

    # Membership first, then the invitation is spent: a crash in between leaves it reusable
    # by the same person, whose second try then finds the membership (409), never a lost join.
    ws = await update_workspace(core, tenant_id=invitation.tenant_id, change=join)
    await core.invitations.mark_accepted(
        tenant_id=invitation.tenant_id, invitation_id=invitation.id, user_id=user_id, now_ms=now
    )
    return workspace_view(ws, invitation.role)


def _added(invitation: Invitation, user_id: str) -> MemberAdded:
    return MemberAdded(
        tenant_id=invitation.tenant_id,
        actor=user_id,
        user_id=user_id,
        role=invitation.role,
        source="invitation",
        invitation_id=invitation.id,
    )
