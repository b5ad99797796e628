"""Port: signing keys (public JWK, sealed private key, validity period)."""

from __future__ import annotations

from typing import Any, Protocol

import msgspec

from services.auth.domain.signing_key import KeyPeriod


class SigningKey(msgspec.Struct, frozen=True, kw_only=True):
    kid: str
    public_jwk: dict[str, Any]
    sealed_private: bytes
    period: KeyPeriod


class SigningKeyRepository(Protocol):
    """Keys are global to the service, not tenant data."""

    async def live(self, *, now_ms: int) -> list[SigningKey]:
        """Keys not yet expired, oldest period first."""
        ...

    async def add(self, key: SigningKey) -> None: ...
