"""Fakes of the media service's ports (FakeBlobStorage passes the same suite as the adapters)."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterable, AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from services.media.domain.address_policy import IPAddress
from services.media.ports.blob_storage import BlobMissing


class FakeClock:
    """Starts at the real time; tests move it forward."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime.now(UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class FakeResolver:
    """Answers from a table; unknown names do not resolve. Records every question."""

    def __init__(self, answers: dict[str, list[IPAddress]] | None = None) -> None:
        self.answers = answers or {}
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        self.asked.append(host)
        return list(self.answers.get(host, []))


class FakeBlobStorage:
    """Bytes in a dict; a stream that fails leaves nothing behind, as the port requires."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> int:
        data = bytearray()
        async for chunk in chunks:
            data += chunk
        self.blobs[key] = bytes(data)
        return len(data)

    async def size(self, key: str) -> int | None:
        blob = self.blobs.get(key)
        return None if blob is None else len(blob)

    async def read(self, key: str) -> AsyncIterator[bytes]:
        if key not in self.blobs:
            raise BlobMissing(key)
        data = self.blobs[key]
        for start in range(0, len(data), 65536):
            yield data[start : start + 65536]

    @asynccontextmanager
    async def local_file(self, key: str) -> AsyncIterator[Path]:
        if key not in self.blobs:
            raise BlobMissing(key)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "blob"
            path.write_bytes(self.blobs[key])
            yield path

    async def delete(self, key: str) -> None:
        self.blobs.pop(key, None)

    async def keys(self, prefix: str) -> list[str]:
        return sorted(k for k in self.blobs if k.startswith(prefix))
