"""Use case: delete a media item: the record becomes a tombstone, then the bytes go."""

from __future__ import annotations

import logging

from services.media.app.context import MediaContext
from services.media.domain.access import WRITERS, require_role
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import Media
from shared.contracts.media import MediaDeleted
from shared.tenancy import RequestContext

log = logging.getLogger("gamontj.media")
MAX_RACES = 3


async def delete_media(ctx: MediaContext, request: RequestContext, *, media_id: str) -> None:
    """Not found for another workspace's id; the purge job finishes what a crash interrupts."""
    tenant_id = require_role(request, WRITERS)
    for _ in range(MAX_RACES):
        media = await ctx.media.get(tenant_id=tenant_id, media_id=media_id)
        if media is None:
            raise MediaError(ErrorCode.NOT_FOUND, "no such media")
        if await remove(ctx, media, cause="deleted", actor=request.actor):
            return
    raise MediaError(ErrorCode.NOT_FOUND, "the media changed while being deleted; try again")


async def remove(ctx: MediaContext, media: Media, *, cause: str, actor: str) -> bool:
    """Tombstone and event in one write, then the bytes; False if the record changed."""
    event = MediaDeleted(tenant_id=media.tenant_id, actor=actor, media_id=media.id, cause=cause)
    if not await ctx.media.delete(media, events=[event]):
        return False
    try:
        await ctx.storage.delete(media.blob_key)
    except Exception:
        log.warning("bytes not removed yet; the purge job retries", exc_info=True)
        return True
    await ctx.media.blob_removed(tenant_id=media.tenant_id, media_id=media.id)
    return True
