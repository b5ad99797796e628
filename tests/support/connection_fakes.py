"""Fakes of the auth service's connection ports (KeyVault, DataKeyRepository)."""

from __future__ import annotations

import hashlib
import hmac

from services.auth.ports.key_vault import KeyUnwrapError


class FakeKeyVault:
    """XOR-and-MAC 'wrapping': enough to tell right from wrong context, never for real keys."""

    def __init__(self, secret: bytes = b"fake-master") -> None:
        self._secret = secret

    @property
    def key_id(self) -> str:
        return "fake"

    async def wrap(self, data_key: bytes, *, context: bytes) -> bytes:
        tag = hmac.new(self._secret, context + data_key, hashlib.sha256).digest()
        return tag + self._mask(data_key, context)

    async def unwrap(self, wrapped: bytes, *, context: bytes) -> bytes:
        tag, data_key = wrapped[:32], self._mask(wrapped[32:], context)
        expected = hmac.new(self._secret, context + data_key, hashlib.sha256).digest()
        if not hmac.compare_digest(tag, expected):
            raise KeyUnwrapError("context mismatch")
        return data_key

    def _mask(self, data: bytes, context: bytes) -> bytes:
        pad = hashlib.sha512(self._secret + context).digest()
        return bytes(b ^ pad[i % len(pad)] for i, b in enumerate(data))


class FakeDataKeyRepository:
    def __init__(self) -> None:
        self.keys: dict[str, bytes] = {}

    async def get(self, *, tenant_id: str) -> bytes | None:
        return self.keys.get(tenant_id)

    async def add_if_absent(self, *, tenant_id: str, wrapped: bytes, key_id: str) -> bytes:
        return self.keys.setdefault(tenant_id, wrapped)

    async def destroy(self, *, tenant_id: str) -> bool:
        return self.keys.pop(tenant_id, None) is not None
