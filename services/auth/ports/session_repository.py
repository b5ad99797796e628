"""Port: refresh-token families (sessions); rotation is a compare-and-set on the current digest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from services.auth.domain.session import RefreshFamily
from shared.contracts.envelope import Event


class SessionRepository(Protocol):
    """Families belong to a user; the tenant is only which workspace the session is in."""

    async def start(self, family: RefreshFamily, *, events: Sequence[Event]) -> None: ...

    async def get(self, *, family_id: str) -> RefreshFamily | None: ...

    async def rotate(
        self,
        *,
        family_id: str,
        expected_hash: str,
        new_hash: str,
        tenant_id: str,
        now_ms: int,
        expires_at_ms: int,
    ) -> bool:
        """Replace the current digest if it is still `expected_hash` and the family is live."""
        ...

    async def revoke(self, *, family_id: str, now_ms: int, reason: str) -> bool: ...
