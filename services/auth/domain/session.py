"""Refresh-token families: one per sign-in, rotated on every use, revoked whole on reuse."""

from __future__ import annotations

import enum

import msgspec

from services.auth.domain.secret_token import REFRESH_PREFIX, digest, new_secret

SESSION_PREFIX = "ses"


class RefreshFamily(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    user_id: str
    tenant_id: str
    current_hash: str
    # Digests of tokens already rotated away: seeing one again means a copy is in other hands.
    used: dict[str, int]
    created_at_ms: int
    expires_at_ms: int
    revoked_at_ms: int = 0


class Presented(enum.Enum):
    CURRENT = "current"
    REUSED = "reused"
    INVALID = "invalid"


def new_refresh_token(family_id: str) -> str:
    """The family id rides in the token so the family is found without a scan."""
    return f"{new_secret(REFRESH_PREFIX)}.{family_id}"


def family_of(token: str) -> str | None:
    if not token.startswith(REFRESH_PREFIX) or token.count(".") != 1:
        return None
    family_id = token.rsplit(".", 1)[1]
    return family_id if family_id.startswith(SESSION_PREFIX + "_") else None


def classify(family: RefreshFamily, token: str, *, now_ms: int) -> Presented:
    """What presenting `token` means for its family right now."""
    token_hash = digest(token)
    if token_hash in family.used:
        return Presented.REUSED
    if family.revoked_at_ms or family.expires_at_ms <= now_ms:
        return Presented.INVALID
    return Presented.CURRENT if token_hash == family.current_hash else Presented.INVALID
