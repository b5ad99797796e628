"""Port: pending OAuth transactions, consumed at most once."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from services.auth.domain.oauth_transaction import OAuthTransaction


class OAuthTransactionRepository(Protocol):
    """Transactions are global by state hash (the callback does not know the tenant yet)."""

    async def add(self, transaction: OAuthTransaction) -> None: ...

    async def consume(self, *, state_hash: str, now: datetime) -> OAuthTransaction | None:
        """Atomically mark it used and return it; None when unknown or already used."""
        ...

    async def exists(self, *, state_hash: str) -> bool:
        """Whether such a transaction was ever stored (tells a replay from a forgery)."""
        ...
