"""Use case: move the session to another workspace the user belongs to (new tokens for it)."""

from __future__ import annotations

from services.auth.app.authorize import require_user
from services.auth.app.core import AuthCore
from services.auth.app.issue_tokens import open_session, token_pair
from services.auth.domain.errors import NotFound
from services.auth.domain.roles import Role
from services.auth.domain.secret_token import digest
from services.auth.domain.session import new_refresh_token
from shared.contracts.auth import SwitchWorkspaceRequest
from shared.contracts.auth_views import TokenPair


async def switch_workspace(core: AuthCore, request: SwitchWorkspaceRequest) -> TokenPair:
    """Without membership the workspace is as absent as one that does not exist (404)."""
    user_id = require_user(request.ctx)
    ws = await core.workspaces.get(tenant_id=request.workspace_id)
    role = ws.role_of(user_id) if ws else None
    if ws is None or role is None:
        raise NotFound("workspace")
    seat = (ws.id, role)
    rotated = await _rotate_session(core, user_id, request.session_id, seat)
    return rotated or await open_session(core, user_id=user_id, seat=seat, login=False)


async def _rotate_session(
    core: AuthCore, user_id: str, session_id: str, seat: tuple[str, Role]
) -> TokenPair | None:
    """The session keeps its family: the refresh token the client held is rotated away."""
    family = await core.sessions.get(family_id=session_id) if session_id else None
    now = core.clock.now_ms()
    if family is None or family.user_id != user_id or family.revoked_at_ms:
        return None
    if family.expires_at_ms <= now:
        return None
    new_token = new_refresh_token(family.id)
    rotated = await core.sessions.rotate(
        family_id=family.id,
        expected_hash=family.current_hash,
        new_hash=digest(new_token),
        tenant_id=seat[0],
        now_ms=now,
        expires_at_ms=now + core.policy.refresh_ttl_s * 1000,
    )
    if not rotated:
        return None
    return await token_pair(
        core, user_id=user_id, seat=seat, session_id=family.id, refresh_token=new_token
    )
