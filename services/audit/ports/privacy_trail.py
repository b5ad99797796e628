"""Port: audit's records as a data-subject request sees them (trail, ops log, ledger, requests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol

from services.audit.domain.trail import TrailEntry


class PrivacyTrail(Protocol):
    """Every method is scoped by tenant."""

    def entries(self, *, tenant_id: str) -> AsyncIterator[TrailEntry]:
        """The workspace's trail in sequence order."""
        ...

    async def ops_entries(self, *, tenant_id: str) -> list[dict[str, Any]]: ...

    async def disclosures(self, *, tenant_id: str) -> list[dict[str, Any]]:
        """The workspace's disclosure-ledger entries, oldest first."""
        ...

    async def redact(self, entry: TrailEntry) -> bool:
        """Store the pseudonymised form of a trail entry (same seq and hash)."""
        ...

    async def drop_ops(self, *, tenant_id: str, entry_ids: list[str]) -> int: ...

    async def forget_requester(
        self, *, tenant_id: str, user_id: str, keep_request: str
    ) -> dict[str, int]:
        """The user's earlier requests here lose their name; their export parts are deleted."""
        ...

    async def erase_workspace(self, *, tenant_id: str, keep_request: str) -> dict[str, int]:
        """Delete the workspace's trail, anchors, ops log, retention and other requests."""
        ...
