"""Port: the publisher's own copy of each workspace's drafts window (`audit.retention_changed`)."""

from __future__ import annotations

from typing import Protocol

from services.publisher.domain.retention_window import DraftWindow


class RetentionCopy(Protocol):
    async def apply(self, window: DraftWindow) -> bool:
        """Store unless a later change is already stored; True when stored."""
        ...

    async def get(self, *, tenant_id: str) -> DraftWindow:
        """The workspace's window, or the default one."""
        ...
