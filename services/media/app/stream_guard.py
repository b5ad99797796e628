"""Checks a byte stream while it passes to storage: size cap, magic bytes, sha256."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterable, AsyncIterator, Callable
from typing import Any

from services.media.domain.content_types import SNIFF_BYTES, check_detected
from services.media.domain.errors import ErrorCode, MediaError

BATCH_BYTES = 1 << 20


class StreamGuard:
    """Raises the moment a rule is broken, so storage can drop the partial bytes at once.

    `max_bytes` is the hard cap (`over_limit` names the refusal); `exact_size`, when given, is
    the size the uploader declared; `cap_for_type` may lower the cap once the type is known.
    """

    def __init__(
        self,
        chunks: AsyncIterable[bytes],
        *,
        max_bytes: int,
        over_limit: ErrorCode,
        declared_type: str | None,
        exact_size: int | None = None,
        cap_for_type: Callable[[str], int] | None = None,
    ) -> None:
        self._chunks = chunks
        self._max_bytes = max_bytes
        self._over_limit = over_limit
        self._declared_type = declared_type
        self._exact_size = exact_size
        self._cap_for_type = cap_for_type
        self._hash = hashlib.sha256()
        self._hashing: asyncio.Future[None] | None = None
        self.size = 0
        self.content_type: str | None = None

    @property
    def sha256(self) -> str:
        """Complete once the stream was read to its end."""
        return self._hash.hexdigest()

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._checked()

    async def _checked(self) -> AsyncIterator[bytes]:
        # Chunks pass through untouched; their hashing runs in a thread (hashlib releases the
        # GIL) one batch at a time, in order, while the loop receives the next ones.
        batch: list[bytes] = []
        batch_size = 0
        async for chunk in self._sniffed():
            batch.append(chunk)
            batch_size += len(chunk)
            if batch_size >= BATCH_BYTES:
                await self._hash_later(batch)
                batch, batch_size = [], 0
            yield chunk
        await self._hash_later(batch)
        await self._hash_later([])
        if self._exact_size is not None and self.size != self._exact_size:
            raise MediaError(
                ErrorCode.UPLOAD_INCOMPLETE, f"{self.size} of {self._exact_size} bytes received"
            )

    async def _hash_later(self, batch: list[bytes]) -> None:
        """Wait for the previous batch's hash, then start this one's (empty: just wait)."""
        if self._hashing is not None:
            await self._hashing
            self._hashing = None
        if batch:
            self._hashing = asyncio.ensure_future(asyncio.to_thread(_update, self._hash, batch))

    async def _sniffed(self) -> AsyncIterator[bytes]:
        head = b""
        async for chunk in self._chunks:
            if not chunk:
                continue
            self._count(chunk)
            if self.content_type is None:
                head += chunk
                if len(head) < SNIFF_BYTES:
                    continue
                self._detect(head)
                chunk, head = head, b""
            yield chunk
        if self.content_type is None:
            if not head:
                raise MediaError(ErrorCode.EMPTY_FILE, "no bytes were received")
            self._detect(head)
            yield head

    def _count(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self._max_bytes:
            raise MediaError(self._over_limit, f"more than {self._max_bytes} bytes")

    def _detect(self, head: bytes) -> None:
        self.content_type = check_detected(head[:SNIFF_BYTES], declared=self._declared_type)
        if self._cap_for_type is not None:
            self._max_bytes = min(self._max_bytes, self._cap_for_type(self.content_type))
            if self.size > self._max_bytes:
                raise MediaError(self._over_limit, f"more than {self._max_bytes} bytes")


def _update(digest: Any, batch: list[bytes]) -> None:
    for chunk in batch:
        digest.update(chunk)
