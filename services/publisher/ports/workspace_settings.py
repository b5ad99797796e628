"""Port: the publishing settings of a workspace (whether posts need approval)."""

from __future__ import annotations

from typing import Protocol

import msgspec


class PublishingSettings(msgspec.Struct, frozen=True, kw_only=True):
    require_approval: bool = False


class WorkspaceSettings(Protocol):
    """Per-workspace settings kept by the publisher; defaults when never set."""

    async def get(self, *, tenant_id: str) -> PublishingSettings: ...

    async def put(self, *, tenant_id: str, settings: PublishingSettings) -> None: ...
