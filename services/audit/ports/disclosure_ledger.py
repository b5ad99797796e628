"""Port: the disclosure ledger (what left for which provider, when), per workspace."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import msgspec

from services.audit.domain.disclosure_entry import DisclosureEntry


class DisclosureFilter(msgspec.Struct, frozen=True, kw_only=True):
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    provider: str | None = None


class DisclosureLedger(Protocol):
    async def record(self, entry: DisclosureEntry) -> None:
        """Idempotent by the entry's id: a redelivered event leaves one entry."""
        ...

    async def page(
        self, *, tenant_id: str, where: DisclosureFilter, before: str | None, limit: int
    ) -> list[DisclosureEntry]:
        """Newest first, strictly older than the position `before` when given."""
        ...

    async def tenants(self) -> list[str]:
        """Workspaces that have ledger entries (for the retention job)."""
        ...

    async def purge_before(self, *, tenant_id: str, before: datetime) -> int:
        """Delete the workspace's entries older than the moment; how many went."""
        ...
