"""Port: media's own copy of each workspace's retention window (from `audit.retention_changed`)."""

from __future__ import annotations

from typing import Protocol

from services.media.domain.retention_window import RetentionWindow


class RetentionCopy(Protocol):
    async def apply(self, window: RetentionWindow) -> bool:
        """Store unless a later change is already stored; True when stored."""
        ...

    async def get(self, *, tenant_id: str) -> RetentionWindow:
        """The workspace's window, or the default one."""
        ...
