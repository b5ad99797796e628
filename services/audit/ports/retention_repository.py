"""Port: each workspace's retention settings (absent means the defaults)."""

from __future__ import annotations

from typing import Protocol

from services.audit.domain.retention import RetentionSettings
from shared.contracts.envelope import Event


class RetentionRepository(Protocol):
    async def get(self, *, tenant_id: str) -> RetentionSettings | None: ...

    async def put(
        self, *, tenant_id: str, settings: RetentionSettings, events: list[Event]
    ) -> None:
        """Store the settings and their change event in one write."""
        ...

    async def customised(self) -> dict[str, RetentionSettings]:
        """Every workspace that changed the defaults (for the purge job)."""
        ...
