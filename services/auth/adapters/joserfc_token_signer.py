"""TokenSigner with joserfc: Ed25519 JWTs, keys rotated by `kid`, private keys sealed by a vault."""

from __future__ import annotations

import asyncio
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc import jwt
from joserfc.jwk import OKPKey

from services.auth.domain.signing_key import (
    ACCESS_TOKEN_TYPE,
    ALGORITHM,
    KeyPeriod,
    KeySchedule,
    periods_to_add,
    signing_period,
)
from services.auth.ports.clock import Clock
from services.auth.ports.key_vault import KeyVault
from services.auth.ports.signing_key_repository import SigningKey, SigningKeyRepository

# How long a process keeps signing with the key it chose before looking again.
_CHOICE_TTL_MS = 30_000


class JoserfcTokenSigner:
    def __init__(
        self,
        keys: SigningKeyRepository,
        vault: KeyVault,
        clock: Clock,
        schedule: KeySchedule,
    ) -> None:
        self._keys = keys
        self._vault = vault
        self._clock = clock
        self._schedule = schedule
        self._opened: dict[str, OKPKey] = {}
        self._choice: tuple[SigningKey, int] | None = None
        self._lock = asyncio.Lock()

    async def sign(self, claims: dict[str, Any]) -> str:
        key = await self._signing_key()
        header = {"alg": ALGORITHM, "typ": ACCESS_TOKEN_TYPE, "kid": key.kid}
        return jwt.encode(header, claims, await self._open(key), algorithms=[ALGORITHM])

    async def jwks(self) -> list[dict[str, Any]]:
        return [key.public_jwk for key in await self._keys.live(now_ms=self._clock.now_ms())]

    async def rotate(self) -> None:
        async with self._lock:
            now = self._clock.now_ms()
            live = await self._keys.live(now_ms=now)
            for period in periods_to_add([k.period for k in live], self._schedule, now_ms=now):
                await self._keys.add(await self._new_key(period))

    async def _signing_key(self) -> SigningKey:
        now = self._clock.now_ms()
        if self._choice is not None:
            key, chosen_at = self._choice
            if now - chosen_at < _CHOICE_TTL_MS and key.period.sign_until_ms > now:
                return key
        live = await self._keys.live(now_ms=now)
        index = signing_period([k.period for k in live], now_ms=now)
        if index is None:
            await self.rotate()
            live = await self._keys.live(now_ms=now)
            index = signing_period([k.period for k in live], now_ms=now)
        if index is None:
            raise RuntimeError("no signing key covers the current time")
        self._choice = (live[index], now)
        return live[index]

    async def _new_key(self, period: KeyPeriod) -> SigningKey:
        key = OKPKey.generate_key("Ed25519")
        kid = key.thumbprint()
        public = {**key.as_dict(private=False), "kid": kid, "alg": ALGORITHM, "use": "sig"}
        private: Ed25519PrivateKey = key.private_key  # type: ignore[assignment]
        sealed = await self._vault.wrap(private.private_bytes_raw(), context=_context(kid))
        return SigningKey(kid=kid, public_jwk=public, sealed_private=sealed, period=period)

    async def _open(self, key: SigningKey) -> OKPKey:
        opened = self._opened.get(key.kid)
        if opened is None:
            raw = await self._vault.unwrap(key.sealed_private, context=_context(key.kid))
            opened = OKPKey.import_key(Ed25519PrivateKey.from_private_bytes(raw))
            self._opened[key.kid] = opened
        return opened


def _context(kid: str) -> bytes:
    # Binds the sealed bytes to their key id: a sealed key copied under another kid won't open.
    return f"gamontj/signing-key/v1|{kid}".encode()
