"""Port: invitations, found by the digest of their token."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from services.auth.domain.invitation import Invitation
from shared.contracts.envelope import Event


class InvitationRepository(Protocol):
    """Single use is enforced by `mark_accepted`, a conditional write."""

    async def add(
        self, invitation: Invitation, *, idempotency: str, events: Sequence[Event]
    ) -> bool:
        """Insert; False when `idempotency` was already used in this workspace."""
        ...

    async def by_idempotency(self, *, tenant_id: str, idempotency: str) -> Invitation | None: ...

    async def by_token_hash(self, *, token_hash: str) -> Invitation | None: ...

    async def mark_accepted(
        self, *, tenant_id: str, invitation_id: str, user_id: str, now_ms: int
    ) -> bool: ...
