"""Port: data-subject requests (the saga's state) and the export parts they gather."""

from __future__ import annotations

from typing import Protocol

from services.audit.domain.privacy_request import PrivacyRequest
from shared.contracts.privacy import ServicePart

# A request found by its Idempotency-Key, with the fingerprint of the body that filed it.
IdempotentRequest = tuple[PrivacyRequest, str]


class PrivacyRequestRepository(Protocol):
    """Reads are scoped by tenant; claims look across workspaces (the saga worker)."""

    async def add(
        self, request: PrivacyRequest, *, idempotency: str, fingerprint: str
    ) -> PrivacyRequest | None:
        """Insert; None when `idempotency` was already used by this requester here."""
        ...

    async def by_idempotency(
        self, *, tenant_id: str, idempotency: str
    ) -> IdempotentRequest | None: ...

    async def get(self, *, tenant_id: str, request_id: str) -> PrivacyRequest | None: ...

    async def claim(self, *, owner: str, now_ms: int, lease_ms: int) -> PrivacyRequest | None:
        """A running request whose lease has lapsed, now leased to `owner` (fence raised)."""
        ...

    async def save(
        self, request: PrivacyRequest, *, lease_until_ms: int, old_tenant_id: str | None = None
    ) -> bool:
        """Write if the stored fence is still the request's (the lease is still ours)."""
        ...

    async def add_part(self, *, tenant_id: str, request_id: str, part: ServicePart) -> None:
        """Keep one service's export part (replaces an earlier copy from a retried step)."""
        ...

    async def parts(self, *, tenant_id: str, request_id: str) -> list[ServicePart]: ...

    async def seal_parts(self, *, tenant_id: str, request_id: str, expires_ms: int) -> None:
        """From now on the parts of this export expire at `expires_ms`."""
        ...
