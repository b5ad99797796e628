"""Port: removal of posts the workspace no longer keeps (deleted ones, stale drafts)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class PostPurge(Protocol):
    async def tenants(self) -> list[str]:
        """Workspaces that have posts."""
        ...

    async def deleted_posts(self, *, tenant_id: str, limit: int) -> list[str]:
        """Ids of soft-deleted posts."""
        ...

    async def stale_drafts(
        self, *, tenant_id: str, updated_before: datetime, limit: int
    ) -> list[str]:
        """Ids of live posts never sent whose last change is older than the moment."""
        ...

    async def erase(self, *, tenant_id: str, post_id: str, drafts_only: bool) -> bool:
        """Remove the post, its targets and attempts; False (nothing removed) while one of its
        targets still has an event to publish, or, with `drafts_only`, was ever scheduled."""
        ...
