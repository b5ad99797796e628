"""BlobStorage in a local directory (development default): write to a part file, then rename."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
from collections.abc import AsyncIterable, AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import BinaryIO

from services.media.ports.blob_storage import BlobMissing

_KEY = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")
PART_SUFFIX = ".part"


class FsBlobStorage:
    """Keys are server-generated (`tenant/media`); anything else is refused before any path is
    built. Disk writes run in a thread in large blocks, overlapping the next network reads."""

    def __init__(self, root: Path, *, block_bytes: int = 1 << 20) -> None:
        self._root = root.resolve()
        self._block = block_bytes

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"not a storage key: {key!r}")
        return self._root / key

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> int:
        path = self._path(key)
        part = path.with_name(f"{path.name}.{secrets.token_hex(6)}{PART_SUFFIX}")
        fd = self._create(part)
        try:
            with os.fdopen(fd, "wb") as handle:
                written = await self._write_all(handle, chunks)
            part.replace(path)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return written

    async def _write_all(self, handle: BinaryIO, chunks: AsyncIterable[bytes]) -> int:
        # One batch of chunks is written in a thread while the next one arrives.
        writing: asyncio.Future[None] | None = None
        batch: list[bytes] = []
        batch_size = written = 0
        try:
            async for chunk in chunks:
                batch.append(chunk)
                batch_size += len(chunk)
                written += len(chunk)
                if batch_size >= self._block:
                    if writing is not None:
                        await writing
                    writing = asyncio.ensure_future(asyncio.to_thread(handle.writelines, batch))
                    batch, batch_size = [], 0
            if writing is not None:
                await writing
                writing = None
            await asyncio.to_thread(handle.writelines, batch)
        finally:
            if writing is not None:
                # The file is about to be removed; let the thread finish with it first.
                await asyncio.shield(writing)
        return written

    async def size(self, key: str) -> int | None:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            return None

    async def read(self, key: str) -> AsyncIterator[bytes]:
        try:
            handle = self._path(key).open("rb")
        except FileNotFoundError as exc:
            raise BlobMissing(key) from exc
        with handle:
            while chunk := await asyncio.to_thread(handle.read, self._block):
                yield chunk

    @asynccontextmanager
    async def local_file(self, key: str) -> AsyncIterator[Path]:
        path = self._path(key)
        if not path.is_file():
            raise BlobMissing(key)
        yield path

    async def delete(self, key: str) -> None:
        path = self._path(key)
        path.unlink(missing_ok=True)
        # An emptied workspace folder goes too: its name is the workspace id (erasure leaves
        # nothing behind). A put racing this rmdir recreates the folder (see `_create`).
        if path.parent != self._root:
            with contextlib.suppress(OSError):
                path.parent.rmdir()

    @staticmethod
    def _create(part: Path) -> int:
        for _ in range(5):
            part.parent.mkdir(parents=True, exist_ok=True)
            try:
                return os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileNotFoundError:
                continue  # the folder was removed by a concurrent delete: make it again
        return os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)

    async def keys(self, prefix: str) -> list[str]:
        base = self._root / prefix if prefix else self._root
        if not base.exists():
            return []
        files = (p for p in base.rglob("*") if p.is_file())
        return sorted(str(p.relative_to(self._root)) for p in files)
