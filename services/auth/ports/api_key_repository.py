"""Port: API keys of a workspace, found by digest when they are presented."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from services.auth.domain.api_key import ApiKey
from shared.contracts.envelope import Event


class ApiKeyRepository(Protocol):
    """All lookups but `by_hash` are scoped by tenant; the digest itself is the credential."""

    async def add(self, key: ApiKey, *, idempotency: str, events: Sequence[Event]) -> bool:
        """Insert; False when `idempotency` was already used in this workspace."""
        ...

    async def by_idempotency(self, *, tenant_id: str, idempotency: str) -> ApiKey | None: ...

    async def by_hash(self, *, key_hash: str) -> ApiKey | None: ...

    async def get(self, *, tenant_id: str, api_key_id: str) -> ApiKey | None: ...

    async def list_active(self, *, tenant_id: str) -> list[ApiKey]: ...

    async def revoke(
        self, *, tenant_id: str, api_key_id: str, now_ms: int, events: Sequence[Event]
    ) -> bool:
        """True when an active key was revoked by this call."""
        ...

    async def touch(self, *, tenant_id: str, api_key_id: str, now_ms: int, every_ms: int) -> None:
        """Record use, at most one write per `every_ms` per key."""
        ...
