"""Port: what the publisher needs from media: measured facts, and bytes via a signed URL."""

from __future__ import annotations

from typing import Protocol

from services.publisher.domain.inputs import MediaInfo


class MediaUnavailable(Exception):
    """The media service could not be asked right now; nothing is known, try later."""


class MediaCatalog(Protocol):
    """Backed by the media service's RPC; ids of another workspace are absent."""

    async def describe(self, *, tenant_id: str, media_ids: list[str]) -> dict[str, MediaInfo]:
        """Facts for each id that exists in this workspace (missing ids are left out)."""
        ...

    async def download_url(self, *, tenant_id: str, media_id: str, ttl_s: int) -> str:
        """A short-lived internal URL the provider adapter streams the bytes from."""
        ...
