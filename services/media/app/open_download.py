"""Use case: what a download URL serves (data plane GET): the record and its byte stream."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from services.media.app.context import MediaContext
from services.media.app.sign_download import VIEWABLE
from services.media.app.signed_urls import check_token
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.grants import GrantPurpose
from services.media.domain.media import Media


@dataclass(frozen=True)
class Download:
    media: Media
    size: int
    stream: Callable[[], AsyncIterator[bytes]]


async def open_download(ctx: MediaContext, *, token: str) -> Download:
    """Checked before any header is sent, so a bad URL is a clean problem response."""
    grant = check_token(ctx, token, purpose=GrantPurpose.DOWNLOAD)
    media = await ctx.media.get(tenant_id=grant.tenant_id, media_id=grant.media_id)
    if media is None or media.status not in VIEWABLE:
        raise MediaError(ErrorCode.NOT_FOUND, "no such media")
    size = await ctx.storage.size(media.blob_key)
    if size is None:
        raise MediaError(ErrorCode.NOT_FOUND, "the media's bytes are gone")
    return Download(media=media, size=size, stream=lambda: ctx.storage.read(media.blob_key))
