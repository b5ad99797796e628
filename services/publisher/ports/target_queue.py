"""Port: per-target progress, which is also the scheduler's durable queue (leases, fences)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import msgspec

from services.publisher.domain.failure import Failure
from services.publisher.domain.publishing import ProviderHandle
from services.publisher.domain.record import Lease, TargetRecord
from services.publisher.domain.target_state import TargetState
from shared.contracts.envelope import Event

UNSET = msgspec.UNSET


class TargetChange(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Fields to change on a target; UNSET keeps a field, None clears `run_at`/`due_at`."""

    state: TargetState | msgspec.UnsetType = UNSET
    due_at: datetime | msgspec.UnsetType | None = UNSET
    run_at: datetime | msgspec.UnsetType | None = UNSET
    sends: int | msgspec.UnsetType = UNSET
    key: str | msgspec.UnsetType = UNSET
    revision: int | msgspec.UnsetType = UNSET
    attempt_open: int | msgspec.UnsetType = UNSET
    handle: ProviderHandle | msgspec.UnsetType | None = UNSET
    provider_post_id: str | msgspec.UnsetType = UNSET
    url: str | msgspec.UnsetType = UNSET
    inbox: bool | msgspec.UnsetType = UNSET
    failure: Failure | msgspec.UnsetType | None = UNSET
    last_error: str | msgspec.UnsetType = UNSET
    lateness_ms: int | msgspec.UnsetType = UNSET
    reconciles: int | msgspec.UnsetType = UNSET
    polls: int | msgspec.UnsetType = UNSET
    sent_at: datetime | msgspec.UnsetType | None = UNSET
    accepted_at: datetime | msgspec.UnsetType | None = UNSET
    published_at: datetime | msgspec.UnsetType = UNSET


class CalendarPage(msgspec.Struct, frozen=True, kw_only=True):
    post_ids: list[str]
    next_cursor: str | None = None


class TargetQueue(Protocol):
    """Targets by tenant for the API; claims across tenants for the scheduler."""

    async def ensure(self, records: Sequence[TargetRecord]) -> None:
        """Create the records that do not exist yet (existing ones are left untouched)."""
        ...

    async def for_post(self, *, tenant_id: str, post_id: str) -> list[TargetRecord]: ...

    async def get(self, *, tenant_id: str, target_id: str) -> TargetRecord | None: ...

    async def move(
        self,
        *,
        tenant_id: str,
        target_id: str,
        sources: frozenset[TargetState],
        change: TargetChange,
        events: Sequence[Event],
    ) -> bool:
        """A person's transition: only from `sources`; it voids any lease (bumps the fence)."""
        ...

    async def claim_due(
        self, *, now: datetime, owner: str, lease_s: float, limit: int
    ) -> list[tuple[TargetRecord, Lease]]:
        """Atomically lease up to `limit` due targets of any workspace, each with a new fence."""
        ...

    async def write(
        self,
        record: TargetRecord,
        lease: Lease,
        change: TargetChange,
        events: Sequence[Event] = (),
        *,
        release: bool = False,
    ) -> bool:
        """Apply `change` only while `lease` still holds the target (fenced); False otherwise."""
        ...

    async def renew(self, record: TargetRecord, lease: Lease, *, until: datetime) -> bool:
        """Extend a lease during a long provider call; False when it was lost."""
        ...

    async def next_run_at(self) -> datetime | None:
        """The earliest time any queued target needs work (lets the scheduler sleep exactly)."""
        ...

    async def take_poll_slot(
        self, *, tenant_id: str, connection_id: str, now: datetime, gap_s: float
    ) -> bool:
        """Shared status-poll budget per connection across processes: one poll per `gap_s`."""
        ...

    async def calendar(
        self,
        *,
        tenant_id: str,
        start: datetime,
        end: datetime,
        states: frozenset[TargetState] | None,
        cursor: str | None,
        limit: int,
    ) -> CalendarPage:
        """Post ids with a target due in [start, end) (optionally in `states`), by due time."""
        ...
