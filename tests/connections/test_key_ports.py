"""One suite per port, run against the fake and every real adapter."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.auth.adapters.local_key_vault import LocalKeyFileVault
from services.auth.adapters.mongo_data_key_repository import MongoDataKeyRepository
from services.auth.ports.data_key_repository import DataKeyRepository
from services.auth.ports.key_vault import KeyUnwrapError, KeyVault
from tests.support.connection_fakes import FakeDataKeyRepository, FakeKeyVault


@pytest.fixture(params=["fake", "local-file"])
def vault(request: pytest.FixtureRequest, tmp_path: Path) -> KeyVault:
    if request.param == "fake":
        return FakeKeyVault()
    return LocalKeyFileVault.from_file(tmp_path / "keys" / "master.key", create=True)


async def test_a_wrapped_key_opens_only_with_its_context(vault: KeyVault) -> None:
    key = os.urandom(32)
    wrapped = await vault.wrap(key, context=b"workspace-a")
    assert key not in wrapped
    assert await vault.unwrap(wrapped, context=b"workspace-a") == key
    with pytest.raises(KeyUnwrapError):
        await vault.unwrap(wrapped, context=b"workspace-b")


def test_the_local_master_key_file_is_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "master.key"
    first = LocalKeyFileVault.from_file(path, create=True)
    assert path.stat().st_mode & 0o777 == 0o600
    assert LocalKeyFileVault.from_file(path, create=False).key_id == first.key_id
    with pytest.raises(FileNotFoundError):
        LocalKeyFileVault.from_file(tmp_path / "absent.key", create=False)


RepoFactory = Callable[[], DataKeyRepository]


@pytest.fixture(params=["fake", "mongo"])
async def data_keys(
    request: pytest.FixtureRequest, db: AsyncDatabase[Any]
) -> AsyncIterator[DataKeyRepository]:
    if request.param == "fake":
        yield FakeDataKeyRepository()
    else:
        yield MongoDataKeyRepository(db)


@pytest.mark.integration
async def test_the_first_stored_key_wins_and_destroying_it_is_final(
    data_keys: DataKeyRepository,
) -> None:
    assert await data_keys.get(tenant_id="w1") is None
    assert await data_keys.add_if_absent(tenant_id="w1", wrapped=b"first", key_id="k") == b"first"
    assert await data_keys.add_if_absent(tenant_id="w1", wrapped=b"second", key_id="k") == b"first"
    assert await data_keys.get(tenant_id="w2") is None
    assert await data_keys.destroy(tenant_id="w1") is True
    assert await data_keys.get(tenant_id="w1") is None
    assert await data_keys.destroy(tenant_id="w1") is False
