"""Port: removal of expired audit data (trail entries keep an anchor for verification)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class TrailPurge(Protocol):
    async def tenants(self, *, excluding: list[str]) -> list[str]:
        """Workspaces with audit data, other than those listed."""
        ...

    async def ops_before(self, *, tenant_id: str, before: datetime) -> int: ...

    async def trail_before(self, *, tenant_id: str, before: datetime) -> int:
        """Delete a prefix of the chain, recording the last deleted entry as the new anchor."""
        ...
