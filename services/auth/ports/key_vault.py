"""Port: the key vault that wraps workspace data keys with a master key it never reveals."""

from __future__ import annotations

from typing import Protocol


class KeyVault(Protocol):
    """Envelope encryption's outer layer: a local key file in development, a KMS in production."""

    @property
    def key_id(self) -> str:
        """Which master key wraps new data keys (recorded next to each wrapped key)."""
        ...

    async def wrap(self, data_key: bytes, *, context: bytes) -> bytes:
        """Encrypt a data key; `context` is authenticated and must be given again to unwrap."""
        ...

    async def unwrap(self, wrapped: bytes, *, context: bytes) -> bytes:
        """Decrypt a wrapped data key; raises `KeyUnwrapError` on any mismatch."""
        ...


class KeyUnwrapError(Exception):
    """The wrapped key cannot be opened with this vault and context."""
