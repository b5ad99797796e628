"""KeyVault backed by a local master-key file (development and single-host installs)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.auth.ports.key_vault import KeyUnwrapError

_VERSION = b"\x01"
_NONCE_BYTES = 12


class LocalKeyFileVault:
    """AES-256-GCM with a 32-byte master key read from a file that only its owner can read."""

    def __init__(self, master_key: bytes, *, key_id: str = "local-1") -> None:
        if len(master_key) != 32:
            raise ValueError("the master key must be 32 bytes (AES-256)")
        self._aead = AESGCM(master_key)
        self._key_id = key_id

    @classmethod
    def from_file(cls, path: Path, *, create: bool) -> LocalKeyFileVault:
        """Load the key; with `create` (development only) make one, readable by its owner only."""
        if not path.exists():
            if not create:
                raise FileNotFoundError(f"master key file {path} is missing")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(base64.b64encode(AESGCM.generate_key(bit_length=256)))
        return cls(base64.b64decode(path.read_bytes().strip()), key_id=f"file:{path.name}")

    @property
    def key_id(self) -> str:
        return self._key_id

    async def wrap(self, data_key: bytes, *, context: bytes) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _VERSION + nonce + self._aead.encrypt(nonce, data_key, context)

    async def unwrap(self, wrapped: bytes, *, context: bytes) -> bytes:
        if wrapped[:1] != _VERSION or len(wrapped) < 1 + _NONCE_BYTES + 16:
            raise KeyUnwrapError("unknown wrapped-key format")
        nonce, sealed = wrapped[1 : 1 + _NONCE_BYTES], wrapped[1 + _NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, sealed, context)
        except InvalidTag as exc:
            raise KeyUnwrapError("wrong master key or context") from exc
