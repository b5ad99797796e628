"""Port: when each media item was last sent to a provider, and which outlived their window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from services.media.domain.media import Media


class PublishMarks(Protocol):
    async def mark(self, *, tenant_id: str, media_ids: Sequence[str], at: datetime) -> int:
        """Record a send at `at` (an earlier mark never overwrites a later one)."""
        ...

    async def tenants(self) -> list[str]:
        """Workspaces with media that has been sent at least once."""
        ...

    async def published_before(
        self, *, tenant_id: str, before: datetime, limit: int
    ) -> list[Media]:
        """Live media whose last send was before the moment."""
        ...
