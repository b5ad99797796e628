"""Use case: end a session by revoking its refresh-token family."""

from __future__ import annotations

from services.auth.app.core import AuthCore
from services.auth.domain.session import Presented, classify, family_of
from shared.contracts.auth import LogoutRequest
from shared.contracts.auth_views import Done


async def logout(core: AuthCore, request: LogoutRequest) -> Done:
    """Always answers done, so the call reveals nothing about the token it was given."""
    family_id = family_of(request.refresh_token)
    family = await core.sessions.get(family_id=family_id) if family_id else None
    if family is None or family.revoked_at_ms:
        return Done()
    now = core.clock.now_ms()
    presented = classify(family, request.refresh_token, now_ms=now)
    # Only the token's holder may end the session; a rotated copy ends it too (it is a reuse).
    if presented is not Presented.INVALID:
        await core.sessions.revoke(family_id=family.id, now_ms=now, reason="logout")
    return Done()
