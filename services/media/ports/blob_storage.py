"""Port: where media bytes live, under server-generated keys; writes are all or nothing."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Protocol


class BlobStorage(Protocol):
    """A local directory in development, an S3-compatible bucket in production."""

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> int:
        """Store the stream; if it raises (or is cancelled) nothing stays stored and the error
        propagates. Returns the number of bytes stored."""
        ...

    async def size(self, key: str) -> int | None:
        """The stored size, None when nothing is stored under the key."""
        ...

    def read(self, key: str) -> AsyncIterator[bytes]:
        """The stored bytes in chunks; raises `BlobMissing` when nothing is stored."""
        ...

    def local_file(self, key: str) -> AbstractAsyncContextManager[Path]:
        """A local file with the bytes for libraries that need random access (a temporary
        copy where the storage is remote)."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the bytes; removing what is absent is not an error."""
        ...

    async def keys(self, prefix: str) -> list[str]:
        """Every stored key under a prefix (e.g. a workspace), for audits and tests."""
        ...


class BlobMissing(Exception):
    """Nothing is stored under the key."""
