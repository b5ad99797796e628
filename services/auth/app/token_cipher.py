"""Use case support: encrypt provider tokens at rest with a data key per workspace.

AES-256-GCM; the associated data binds each ciphertext to its workspace, connection and field,
so a ciphertext copied to another connection, field or workspace does not decrypt. Destroying
a workspace's data key makes every copy of its tokens unreadable (crypto-shredding).
"""

from __future__ import annotations

import os
import time

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.auth.ports.data_key_repository import DataKeyRepository
from services.auth.ports.key_vault import KeyUnwrapError, KeyVault

_VERSION = b"\x01"
_NONCE_BYTES = 12


class TokenUnreadable(Exception):
    """The ciphertext cannot be decrypted: wrong binding, tampered, or its key was shredded."""


class TokenCipher:
    """Encrypts and decrypts token fields; caches unwrapped keys briefly (bounded by `cache_s`)."""

    def __init__(self, vault: KeyVault, keys: DataKeyRepository, *, cache_s: float = 30.0) -> None:
        self._vault = vault
        self._keys = keys
        self._cache_s = cache_s
        self._cache: dict[str, tuple[float, AESGCM]] = {}

    async def encrypt(
        self, *, tenant_id: str, connection_id: str, field: str, plaintext: str
    ) -> bytes:
        aead = await self._aead(tenant_id, create=True)
        nonce = os.urandom(_NONCE_BYTES)
        sealed = aead.encrypt(nonce, plaintext.encode(), _binding(tenant_id, connection_id, field))
        return _VERSION + nonce + sealed

    async def decrypt(
        self, *, tenant_id: str, connection_id: str, field: str, ciphertext: bytes
    ) -> str:
        aead = await self._aead(tenant_id, create=False)
        if ciphertext[:1] != _VERSION:
            raise TokenUnreadable("unknown ciphertext format")
        nonce, sealed = ciphertext[1 : 1 + _NONCE_BYTES], ciphertext[1 + _NONCE_BYTES :]
        try:
            plain = aead.decrypt(nonce, sealed, _binding(tenant_id, connection_id, field))
        except InvalidTag as exc:
            raise TokenUnreadable("ciphertext does not belong here or was altered") from exc
        return plain.decode()

    async def shred(self, *, tenant_id: str) -> bool:
        """Destroy the workspace's data key: every token encrypted under it becomes noise."""
        self._cache.pop(tenant_id, None)
        return await self._keys.destroy(tenant_id=tenant_id)

    async def _aead(self, tenant_id: str, *, create: bool) -> AESGCM:
        cached = self._cache.get(tenant_id)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        wrapped = await self._keys.get(tenant_id=tenant_id)
        if wrapped is None:
            if not create:
                raise TokenUnreadable("the workspace has no data key (never created or shredded)")
            wrapped = await self._new_key(tenant_id)
        try:
            key = await self._vault.unwrap(wrapped, context=_key_context(tenant_id))
        except KeyUnwrapError as exc:
            raise TokenUnreadable("the workspace data key cannot be unwrapped") from exc
        aead = AESGCM(key)
        self._cache[tenant_id] = (time.monotonic() + self._cache_s, aead)
        return aead

    async def _new_key(self, tenant_id: str) -> bytes:
        wrapped = await self._vault.wrap(
            AESGCM.generate_key(bit_length=256), context=_key_context(tenant_id)
        )
        return await self._keys.add_if_absent(
            tenant_id=tenant_id, wrapped=wrapped, key_id=self._vault.key_id
        )


def _binding(tenant_id: str, connection_id: str, field: str) -> bytes:
    return f"gamontj/token/v1|{tenant_id}|{connection_id}|{field}".encode()


def _key_context(tenant_id: str) -> bytes:
    return f"gamontj/data-key/v1|{tenant_id}".encode()
