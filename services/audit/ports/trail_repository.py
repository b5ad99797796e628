"""Port: the append-only trail store (entries are never updated except by redaction)."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Protocol

import msgspec

from services.audit.domain.trail import TrailEntry


class Appended(enum.Enum):
    APPENDED = "appended"
    DUPLICATE_EVENT = "duplicate_event"
    SEQUENCE_TAKEN = "sequence_taken"


class TrailFilter(msgspec.Struct, frozen=True, kw_only=True):
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    event_type: str | None = None
    actor: str | None = None
    subject: str | None = None


class TrailRepository(Protocol):
    """Per-workspace chains; every method is scoped by tenant."""

    async def head(self, *, tenant_id: str) -> tuple[int, str]:
        """The last sequence number and hash (0 and the genesis hash for an empty chain)."""
        ...

    async def has_event(self, *, tenant_id: str, event_id: str) -> bool: ...

    async def heads(self, *, tenant_ids: list[str]) -> dict[str, tuple[int, str]]:
        """The last sequence number and hash of several chains at once (absent: empty chain)."""
        ...

    async def recorded(self, *, tenant_ids: list[str], event_ids: list[str]) -> set[str]:
        """Which of these events are already in the trail."""
        ...

    async def append_run(self, entries: list[TrailEntry]) -> bool:
        """Insert consecutive entries of one chain in order; False when the first was taken.

        Entries before a collision stay: each continues the chain it was built on.
        """
        ...

    async def append(self, entry: TrailEntry) -> Appended:
        """Insert if neither the sequence number nor the event is already recorded."""
        ...

    async def query(
        self, *, tenant_id: str, where: TrailFilter, before_seq: int | None, limit: int
    ) -> list[TrailEntry]:
        """Newest first."""
        ...

    def scan(self, *, tenant_id: str, after_seq: int = 0) -> AsyncIterator[TrailEntry]:
        """Every entry after `after_seq`, in sequence order (for verification)."""
        ...

    async def anchor(self, *, tenant_id: str) -> tuple[int, str] | None:
        """Sequence number and hash the kept chain continues from (None: from genesis)."""
        ...
