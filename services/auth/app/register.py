"""Use case: create an account with its first workspace (as owner) and sign the user in."""

from __future__ import annotations

from services.auth.app.core import AuthCore
from services.auth.app.idempotency import idempotency_mark
from services.auth.app.issue_tokens import open_session
from services.auth.app.views import user_view, workspace_view
from services.auth.domain.email import normalize_email
from services.auth.domain.errors import EmailTaken, WeakPassword
from services.auth.domain.names import clean_name
from services.auth.domain.password_policy import weak_password_reasons
from services.auth.domain.privacy import AcceptedBy
from services.auth.domain.roles import Role
from services.auth.domain.user import USER_PREFIX, User
from services.auth.domain.workspace import WORKSPACE_PREFIX, founded
from shared.contracts.auth import MemberAdded, RegisterRequest, UserRegistered, WorkspaceCreated
from shared.contracts.auth_views import Registered
from shared.ids import new_id

DEFAULT_WORKSPACE_NAME = "My workspace"


async def register(core: AuthCore, request: RegisterRequest) -> Registered:
    """Account first (the e-mail's uniqueness decides), then its workspace, then tokens."""
    email = normalize_email(request.email)
    if reasons := weak_password_reasons(request.password, email):
        raise WeakPassword(reasons)
    name = clean_name(request.workspace_name, default=DEFAULT_WORKSPACE_NAME)
    if await core.users.by_email(email=email) is not None:
        raise EmailTaken(email)  # early, so a duplicate costs no password hashing
    now = core.clock.now_ms()
    password_hash = await core.passwords.hash(request.password)
    user = User(id=new_id(USER_PREFIX), email=email, password_hash=password_hash, created_at_ms=now)
    ws = founded(new_id(WORKSPACE_PREFIX), name, owner=user.id, now_ms=now)
    # The unique e-mail index settles a race between two registrations of the same address.
    await core.users.add(
        user, events=[UserRegistered(tenant_id=ws.id, actor=user.id, user_id=user.id)]
    )
    events = [
        WorkspaceCreated(
            tenant_id=ws.id,
            actor=user.id,
            workspace_id=ws.id,
            workspace_name=name,
            created_by=user.id,
        ),
        MemberAdded(
            tenant_id=ws.id, actor=user.id, user_id=user.id, role=Role.OWNER, source="registration"
        ),
    ]
    await core.workspaces.add(ws, idempotency=idempotency_mark("ws", user.id, ""), events=events)
    tokens = await open_session(
        core,
        user_id=user.id,
        seat=(ws.id, Role.OWNER),
        login=False,
        accepted_by=AcceptedBy.REGISTRATION,
    )
    return Registered(user=user_view(user), workspace=workspace_view(ws, Role.OWNER), tokens=tokens)
