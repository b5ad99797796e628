"""One storage suite, run against the fake, the filesystem adapter and the S3 adapter (moto)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.media.adapters.fs_blob_storage import FsBlobStorage
from services.media.adapters.s3_blob_storage import S3BlobStorage
from services.media.ports.blob_storage import BlobMissing, BlobStorage
from tests.media.conftest import BUCKET
from tests.media.fakes import FakeBlobStorage

BIG = os.urandom(17 * 1024 * 1024 + 123)  # three S3 parts, several filesystem blocks


@pytest.fixture(params=["fake", "fs", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStorage:
    if request.param == "fake":
        return FakeBlobStorage()
    if request.param == "fs":
        return FsBlobStorage(tmp_path / "blobs")
    # Each test writes under its own prefix, so the shared bucket needs no cleaning.
    return S3BlobStorage(request.getfixturevalue("s3_client"), BUCKET, temp_dir=tmp_path)


async def _stream(data: bytes, *, fail_after: int | None = None) -> AsyncIterator[bytes]:
    for start in range(0, len(data), 64 * 1024):
        if fail_after is not None and start >= fail_after:
            raise ValueError("the client went away")
        yield data[start : start + 64 * 1024]


async def _read(storage: BlobStorage, key: str) -> bytes:
    return b"".join([chunk async for chunk in storage.read(key)])


async def test_stored_bytes_read_back_identical(storage: BlobStorage) -> None:
    assert await storage.put("t_1/m_big", _stream(BIG)) == len(BIG)
    assert await storage.put("t_1/m_small", _stream(b"tiny")) == 4
    assert await storage.size("t_1/m_big") == len(BIG)
    assert await _read(storage, "t_1/m_big") == BIG
    assert await _read(storage, "t_1/m_small") == b"tiny"
    assert await storage.keys("t_1") == ["t_1/m_big", "t_1/m_small"]


async def test_a_stream_that_fails_leaves_nothing_stored(storage: BlobStorage) -> None:
    with pytest.raises(ValueError, match="went away"):
        await storage.put("t_2/m_1", _stream(BIG, fail_after=10 * 1024 * 1024))
    with pytest.raises(ValueError, match="went away"):
        await storage.put("t_2/m_2", _stream(b"x" * 200_000, fail_after=100_000))
    assert await storage.keys("t_2") == []
    assert await storage.size("t_2/m_1") is None


async def test_a_cancelled_upload_leaves_nothing_stored(storage: BlobStorage) -> None:
    async def endless() -> AsyncIterator[bytes]:
        while True:
            yield b"y" * 65536
            await asyncio.sleep(0)

    task = asyncio.ensure_future(storage.put("t_3/m_1", endless()))
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await storage.keys("t_3") == []


async def test_missing_bytes_are_reported_and_deleting_twice_is_fine(
    storage: BlobStorage,
) -> None:
    assert await storage.size("t_4/m_none") is None
    with pytest.raises(BlobMissing):
        await _read(storage, "t_4/m_none")
    await storage.put("t_4/m_1", _stream(b"abc"))
    await storage.delete("t_4/m_1")
    await storage.delete("t_4/m_1")
    assert await storage.keys("t_4") == []


async def test_a_local_file_is_offered_for_probing(storage: BlobStorage) -> None:
    await storage.put("t_5/m_1", _stream(BIG[:300_000]))
    async with storage.local_file("t_5/m_1") as path:
        assert path.read_bytes() == BIG[:300_000]
    with pytest.raises(BlobMissing):
        async with storage.local_file("t_5/m_none"):
            pass


async def test_the_filesystem_refuses_keys_that_are_not_ours(tmp_path: Path) -> None:
    storage = FsBlobStorage(tmp_path / "blobs")
    for key in ("../escape", "/etc/passwd", "t_1/../../x", "t_1/m 1", ""):
        with pytest.raises(ValueError, match="not a storage key"):
            await storage.put(key, _stream(b"x"))
    assert not (tmp_path / "escape").exists()
