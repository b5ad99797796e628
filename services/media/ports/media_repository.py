"""Port: media records, their pending events, work claims and deletion tombstones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import msgspec

from services.media.domain.idempotency import IdempotencyMark
from services.media.domain.media import Media, MediaSource, MediaStatus
from shared.contracts.envelope import Event


class Claim(msgspec.Struct, frozen=True, kw_only=True):
    """Work taken by one worker until the lease ends; `attempt` counts claims of this record."""

    media: Media
    attempt: int


class BlobToRemove(msgspec.Struct, frozen=True, kw_only=True):
    tenant_id: str
    media_id: str


class MediaRepository(Protocol):
    """Every tenant method is scoped by `tenant_id`: another workspace's id behaves as absent."""

    async def add(
        self,
        media: Media,
        *,
        upload_nonce: str,
        idempotency: IdempotencyMark | None,
        events: Sequence[Event],
    ) -> None:
        """Insert a new record with the nonce its single-use upload URL carries; raises
        `IdempotencyKeyTaken` when the workspace already used the idempotency key."""
        ...

    async def find_idempotent(self, *, tenant_id: str, key: str) -> tuple[Media, str, bool] | None:
        """The record created with this key: (record, its request fingerprint, whether its
        upload URL is still unused)."""
        ...

    async def renew_upload_nonce(self, *, tenant_id: str, media_id: str, nonce: str) -> bool:
        """Replace an unused upload nonce (a replayed create gets a fresh URL; the old one
        stops working)."""
        ...

    async def get(self, *, tenant_id: str, media_id: str) -> Media | None: ...

    async def get_many(self, *, tenant_id: str, media_ids: Sequence[str]) -> list[Media]: ...

    async def list_page(
        self, *, tenant_id: str, before_id: str | None, limit: int, status: MediaStatus | None
    ) -> list[Media]:
        """Newest first, strictly older than `before_id` when given."""
        ...

    async def save(self, media: Media, *, events: Sequence[Event]) -> Media | None:
        """Store the new state unless the record changed since `media.version`; releases any
        work lease. Returns the stored record (next version) or None on a lost race."""
        ...

    async def spend_upload_nonce(
        self, *, tenant_id: str, media_id: str, nonce: str
    ) -> Media | None:
        """Single use: the record when the nonce matched an uploading record, now spent."""
        ...

    async def claim(
        self, *, status: MediaStatus, source: MediaSource | None, now: datetime, lease_s: float
    ) -> Claim | None:
        """Across workspaces: lease one record in `status` that nobody holds a live lease on."""
        ...

    async def attach(self, *, tenant_id: str, media_ids: Sequence[str], at: datetime) -> list[str]:
        """Mark media as used by a post (first time only); returns the ids that exist."""
        ...

    async def delete(self, media: Media, *, events: Sequence[Event]) -> bool:
        """Turn the record into a tombstone (bytes still to remove) unless it changed."""
        ...

    async def expired_unattached(self, *, created_before: datetime, limit: int) -> list[Media]:
        """Across workspaces: records never attached to a post, created before the moment."""
        ...

    async def expired_attached(
        self, *, tenant_id: str, attached_before: datetime, limit: int
    ) -> list[Media]:
        """A workspace's media attached to a post before the moment (retention period over)."""
        ...

    async def blobs_to_remove(self, *, limit: int) -> list[BlobToRemove]:
        """Tombstones whose bytes may still be stored."""
        ...

    async def blob_removed(self, *, tenant_id: str, media_id: str) -> None: ...

    async def forget_tombstones(self) -> int:
        """Drop tombstones whose bytes are gone and whose events were published."""
        ...


class IdempotencyKeyTaken(Exception):
    """Another record of the workspace was created with the same idempotency key."""
