"""Sessions and tokens: a refresh-token family per sign-in and short-lived signed access tokens."""

from __future__ import annotations

from collections.abc import Sequence

from services.auth.app.core import AuthCore
from services.auth.app.record_privacy_acceptance import accept_current_policy
from services.auth.domain.privacy import AcceptedBy
from services.auth.domain.roles import Role
from services.auth.domain.secret_token import digest
from services.auth.domain.session import SESSION_PREFIX, RefreshFamily, new_refresh_token
from services.auth.domain.workspace import Workspace
from shared.contracts.auth import NO_TENANT, LoginSucceeded
from shared.contracts.auth_views import TokenPair
from shared.ids import new_id

Seat = tuple[str, Role]  # (workspace id, role there)


async def open_session(
    core: AuthCore,
    *,
    user_id: str,
    seat: Seat | None,
    login: bool,
    accepted_by: AcceptedBy = AcceptedBy.CONTINUED_USE,
) -> TokenPair:
    """A new refresh-token family (with `login_succeeded` when it comes from a password)."""
    now = core.clock.now_ms()
    family_id = new_id(SESSION_PREFIX)
    refresh_token = new_refresh_token(family_id)
    tenant_id = seat[0] if seat else ""
    family = RefreshFamily(
        id=family_id,
        user_id=user_id,
        tenant_id=tenant_id,
        current_hash=digest(refresh_token),
        used={},
        created_at_ms=now,
        expires_at_ms=now + core.policy.refresh_ttl_s * 1000,
    )
    succeeded = LoginSucceeded(
        tenant_id=tenant_id or NO_TENANT, actor=user_id, user_id=user_id, session_id=family_id
    )
    events = [succeeded] if login else []
    await core.sessions.start(family, events=events)
    return await token_pair(
        core,
        user_id=user_id,
        seat=seat,
        session_id=family_id,
        refresh_token=refresh_token,
        accepted_by=accepted_by,
    )


async def token_pair(
    core: AuthCore,
    *,
    user_id: str,
    seat: Seat | None,
    session_id: str,
    refresh_token: str,
    accepted_by: AcceptedBy = AcceptedBy.CONTINUED_USE,
) -> TokenPair:
    """Issuing tokens is use of the service: the current policy version is recorded first."""
    accepted = await accept_current_policy(core, user_id=user_id, accepted_by=accepted_by)
    now_s = core.clock.now_ms() // 1000
    policy = core.policy
    claims = {
        "iss": policy.issuer,
        "aud": policy.audience,
        "sub": user_id,
        "tid": seat[0] if seat else "",
        "role": seat[1].value if seat else "",
        "jti": new_id(),
        "sid": session_id,
        "pv": accepted.version,
        "iat": now_s,
        "nbf": now_s,
        "exp": now_s + policy.access_ttl_s,
    }
    return TokenPair(
        access_token=await core.signer.sign(claims),
        expires_in=policy.access_ttl_s,
        refresh_token=refresh_token,
        refresh_expires_in=policy.refresh_ttl_s,
        workspace_id=seat[0] if seat else None,
        role=seat[1].value if seat else None,
    )


async def seat_for(core: AuthCore, *, user_id: str, preferred: str = "") -> Seat | None:
    """The preferred workspace while the user is still a member, else their oldest, else none."""
    if preferred:
        ws = await core.workspaces.get(tenant_id=preferred)
        role = ws.role_of(user_id) if ws else None
        if role is not None:
            return preferred, role
    return first_seat(await core.workspaces.for_user(user_id=user_id), user_id)


def first_seat(workspaces: Sequence[Workspace], user_id: str) -> Seat | None:
    for ws in workspaces:
        if (role := ws.role_of(user_id)) is not None:
            return ws.id, role
    return None
