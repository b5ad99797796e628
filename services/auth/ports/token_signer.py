"""Port: signs access tokens and publishes the public keys that verify them."""

from __future__ import annotations

from typing import Any, Protocol


class TokenSigner(Protocol):
    """Signing keys never leave the implementation; only public JWKs do."""

    async def sign(self, claims: dict[str, Any]) -> str: ...

    async def jwks(self) -> list[dict[str, Any]]:
        """Public keys of every key whose tokens may still be valid (including the next one)."""
        ...

    async def rotate(self) -> None:
        """Create the keys the schedule asks for (idempotent; run periodically)."""
        ...
