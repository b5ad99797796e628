"""Port: connections and their encrypted tokens, with a refresh lease per connection."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import msgspec

from services.auth.domain.connection import Connection, RefreshOutcome
from shared.contracts.envelope import Event


class SealedTokens(msgspec.Struct, frozen=True, kw_only=True):
    """Ciphertexts only; decrypted by the TokenCipher when a token is needed."""

    access: bytes
    refresh: bytes | None = None


class RefreshLease(msgspec.Struct, frozen=True, kw_only=True):
    owner: str
    fence: int


class ConnectionRepository(Protocol):
    """Every method is scoped by tenant; another workspace's id behaves as absent."""

    async def find_by_account(
        self, *, tenant_id: str, provider: str, account_id: str
    ) -> Connection | None: ...

    async def upsert(
        self, connection: Connection, tokens: SealedTokens, *, events: list[Event]
    ) -> None:
        """Write under the connection's id; `ConnectionConflict` if the account has another id."""
        ...

    async def get(self, *, tenant_id: str, connection_id: str) -> Connection | None: ...

    async def list_all(self, *, tenant_id: str) -> list[Connection]: ...

    async def tokens(self, *, tenant_id: str, connection_id: str) -> SealedTokens | None: ...

    async def acquire_refresh_lease(
        self, *, tenant_id: str, connection_id: str, owner: str, now: datetime, ttl_s: float
    ) -> RefreshLease | None:
        """Single-flight across processes: None while someone else holds a live lease."""
        ...

    async def store_refresh(
        self,
        *,
        tenant_id: str,
        connection_id: str,
        lease: RefreshLease,
        outcome: RefreshOutcome | None,
        tokens: SealedTokens | None,
        events: list[Event],
    ) -> bool:
        """Write the outcome only if the lease is still ours (fenced); releases the lease."""
        ...

    async def is_leased(self, *, tenant_id: str, connection_id: str, now: datetime) -> bool:
        """Whether a live refresh lease is held (someone is refreshing right now)."""
        ...

    async def due_for_refresh(self, *, before: datetime, limit: int) -> list[Connection]:
        """Active connections across workspaces whose access token expires before `before`."""
        ...

    async def mark(
        self, *, tenant_id: str, connection_id: str, changes: dict[str, object], events: list[Event]
    ) -> bool: ...

    async def delete(self, *, tenant_id: str, connection_id: str, events: list[Event]) -> bool: ...


class ConnectionConflict(Exception):
    """The same account was connected concurrently under another id; look it up again."""
