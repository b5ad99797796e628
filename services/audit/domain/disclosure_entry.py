"""A disclosure ledger entry: one time workspace data left for a provider."""

from __future__ import annotations

from datetime import datetime

import msgspec

from shared.store.values import epoch_ms


class DisclosureEntry(msgspec.Struct, frozen=True, kw_only=True):
    """`entry_id` is the id of the event that reported the disclosure (idempotent by it)."""

    tenant_id: str
    entry_id: str
    source: str  # the service that sent the data
    provider: str
    connection_id: str
    categories: list[str]
    purpose: str
    post_id: str = ""
    target_id: str = ""
    media_ids: list[str] = msgspec.field(default_factory=list)
    attempt: int = 0
    occurred_at: datetime
    trace_id: str = ""

    @property
    def position(self) -> str:
        """Sortable and unique within a workspace: newest-first order and the page cursor."""
        return position_of(epoch_ms(self.occurred_at), self.entry_id)


def position_of(occurred_ms: int, entry_id: str) -> str:
    return f"{occurred_ms:013d}:{entry_id}"
