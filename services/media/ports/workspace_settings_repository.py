"""Port: each workspace's media settings (review gate, retention)."""

from __future__ import annotations

from typing import Protocol

from services.media.domain.workspace_settings import WorkspaceMediaSettings


class WorkspaceSettingsRepository(Protocol):
    """Defaults apply to a workspace that never saved settings."""

    async def get(self, *, tenant_id: str) -> WorkspaceMediaSettings: ...

    async def save(self, settings: WorkspaceMediaSettings) -> None: ...

    async def with_retention(self) -> list[WorkspaceMediaSettings]:
        """Every workspace that keeps attached media for a limited number of days."""
        ...
