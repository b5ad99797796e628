"""Invitations: a single-use token, bound to the invited e-mail, valid for a limited time."""

from __future__ import annotations

import msgspec

from services.auth.domain.roles import Role

INVITATION_PREFIX = "inv"


class Invitation(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    tenant_id: str
    email: str
    role: Role
    token_hash: str
    invited_by: str
    created_at_ms: int
    expires_at_ms: int
    accepted_by: str = ""
    accepted_at_ms: int = 0

    def open_for(self, email: str, *, now_ms: int) -> bool:
        """Usable by this address now: not yet accepted, not expired, sent to this e-mail."""
        return not self.accepted_by and self.expires_at_ms > now_ms and self.email == email
