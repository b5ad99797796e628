"""Port: the operational log a workspace troubleshoots from."""

from __future__ import annotations

from typing import Protocol

from services.audit.domain.ops import OpsEntry


class OpsLogRepository(Protocol):
    async def record(self, entry: OpsEntry) -> None:
        """Idempotent by entry id."""
        ...

    async def recent(
        self, *, tenant_id: str, before_ms: int | None, limit: int, kind: str | None = None
    ) -> list[OpsEntry]:
        """Newest first."""
        ...
