"""Tokens at rest: bound to workspace, connection and field; unreadable after shredding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.auth.adapters.local_key_vault import LocalKeyFileVault
from services.auth.adapters.mongo_data_key_repository import MongoDataKeyRepository
from services.auth.app.token_cipher import TokenCipher, TokenUnreadable

pytestmark = pytest.mark.integration

TOKEN = "act.sandbox-tiktok-access-token-0123456789"


@pytest.fixture
def cipher(db: AsyncDatabase[Any], tmp_path: Path) -> TokenCipher:
    vault = LocalKeyFileVault.from_file(tmp_path / "master.key", create=True)
    return TokenCipher(vault, MongoDataKeyRepository(db))


async def test_the_stored_ciphertext_is_not_the_token(cipher: TokenCipher) -> None:
    sealed = await cipher.encrypt(
        tenant_id="w1", connection_id="c1", field="access", plaintext=TOKEN
    )
    assert TOKEN.encode() not in sealed
    assert (
        await cipher.decrypt(tenant_id="w1", connection_id="c1", field="access", ciphertext=sealed)
        == TOKEN
    )


@pytest.mark.parametrize(
    ("tenant_id", "connection_id", "field"),
    [("w2", "c1", "access"), ("w1", "c2", "access"), ("w1", "c1", "refresh")],
    ids=["other-workspace", "other-connection", "other-field"],
)
async def test_a_ciphertext_moved_elsewhere_does_not_decrypt(
    cipher: TokenCipher, tenant_id: str, connection_id: str, field: str
) -> None:
    sealed = await cipher.encrypt(
        tenant_id="w1", connection_id="c1", field="access", plaintext=TOKEN
    )
    await cipher.encrypt(tenant_id="w2", connection_id="c9", field="access", plaintext="other")
    with pytest.raises(TokenUnreadable):
        await cipher.decrypt(
            tenant_id=tenant_id, connection_id=connection_id, field=field, ciphertext=sealed
        )


async def test_a_tampered_ciphertext_is_refused(cipher: TokenCipher) -> None:
    sealed = bytearray(
        await cipher.encrypt(tenant_id="w1", connection_id="c1", field="access", plaintext=TOKEN)
    )
    sealed[-1] ^= 0x01
    with pytest.raises(TokenUnreadable):
        await cipher.decrypt(
            tenant_id="w1", connection_id="c1", field="access", ciphertext=bytes(sealed)
        )


async def test_shredding_the_workspace_key_makes_kept_copies_unreadable(
    db: AsyncDatabase[Any], tmp_path: Path, cipher: TokenCipher
) -> None:
    kept = await cipher.encrypt(tenant_id="w1", connection_id="c1", field="access", plaintext=TOKEN)
    assert await cipher.shred(tenant_id="w1") is True
    vault = LocalKeyFileVault.from_file(tmp_path / "master.key", create=False)
    fresh_process = TokenCipher(vault, MongoDataKeyRepository(db))
    for reader in (cipher, fresh_process):
        with pytest.raises(TokenUnreadable):
            await reader.decrypt(
                tenant_id="w1", connection_id="c1", field="access", ciphertext=kept
            )
