"""Use case: trade a refresh token for new tokens; a reused token revokes its whole family."""

from __future__ import annotations

from services.auth.app.core import AuthCore
from services.auth.app.issue_tokens import seat_for, token_pair
from services.auth.domain.errors import InvalidRefreshToken, RefreshTokenReused
from services.auth.domain.secret_token import digest
from services.auth.domain.session import Presented, classify, family_of, new_refresh_token
from shared.contracts.auth import RefreshRequest
from shared.contracts.auth_views import TokenPair


async def refresh_session(core: AuthCore, request: RefreshRequest) -> TokenPair:
    """Rotation is a compare-and-set: of two uses of one token, the second counts as reuse."""
    family_id = family_of(request.refresh_token)
    family = await core.sessions.get(family_id=family_id) if family_id else None
    if family is None:
        raise InvalidRefreshToken()
    now = core.clock.now_ms()
    presented = classify(family, request.refresh_token, now_ms=now)
    if presented is Presented.REUSED:
        await core.sessions.revoke(family_id=family.id, now_ms=now, reason="reuse")
        raise RefreshTokenReused()
    if presented is Presented.INVALID:
        raise InvalidRefreshToken()
    seat = await seat_for(core, user_id=family.user_id, preferred=family.tenant_id)
    new_token = new_refresh_token(family.id)
    rotated = await core.sessions.rotate(
        family_id=family.id,
        expected_hash=digest(request.refresh_token),
        new_hash=digest(new_token),
        tenant_id=seat[0] if seat else "",
        now_ms=now,
        expires_at_ms=now + core.policy.refresh_ttl_s * 1000,
    )
    if not rotated:
        # Someone rotated it between our read and our write: the same token was used twice.
        await core.sessions.revoke(family_id=family.id, now_ms=now, reason="reuse")
        raise RefreshTokenReused()
    return await token_pair(
        core, user_id=family.user_id, seat=seat, session_id=family.id, refresh_token=new_token
    )
