"""Port: where each workspace's wrapped data key is kept (destroying it shreds the tokens)."""

from __future__ import annotations

from typing import Protocol


class DataKeyRepository(Protocol):
    """One wrapped data key per workspace."""

    async def get(self, *, tenant_id: str) -> bytes | None:
        """The wrapped key, or None when the workspace has none (never had or shredded)."""
        ...

    async def add_if_absent(self, *, tenant_id: str, wrapped: bytes, key_id: str) -> bytes:
        """Store `wrapped` unless a key exists; returns the key that is stored (race-safe)."""
        ...

    async def destroy(self, *, tenant_id: str) -> bool:
        """Delete the workspace's key for good; True when one existed."""
        ...
